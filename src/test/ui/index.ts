/**
 * The one --ui module .ci/e2e/harness.js loads: registers the checks of every *.ui.js beside it. stackView first,
 * because it starts the stack the others use; the rest in name order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileContext, type UiContext } from './uiContext';

type Register = (ctx: unknown) => void | Promise<void>;

export async function register(ctx: unknown): Promise<void> {
  // SHORELINE_UI_ONLY=ecrWizard,dataViewer runs stackView plus the named checks (for working on one panel)
  const only = (process.env.SHORELINE_UI_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ui.js'))
    .filter((f) => only.length === 0 || f === 'stackView.ui.js' || only.some((o) => f.startsWith(`${o}.`)))
    .sort((a, b) => Number(b === 'stackView.ui.js') - Number(a === 'stackView.ui.js') || a.localeCompare(b));
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, f)) as { register?: Register };
    if (typeof mod.register !== 'function') throw new Error(`${f} exports no register(ctx)`);
    // each file gets its own view of the context, so its closing console check counts only its own window
    await mod.register(fileContext(ctx as UiContext));
  }
}
