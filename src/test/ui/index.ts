/**
 * The one --ui module .ci/e2e/harness.js loads: registers the checks of every *.ui.js beside it. stackView first,
 * because it starts the stack the others use; the rest in name order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Register = (ctx: unknown) => void | Promise<void>;

export async function register(ctx: unknown): Promise<void> {
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ui.js'))
    .sort((a, b) => Number(b === 'stackView.ui.js') - Number(a === 'stackView.ui.js') || a.localeCompare(b));
  for (const f of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(__dirname, f)) as { register?: Register };
    if (typeof mod.register !== 'function') throw new Error(`${f} exports no register(ctx)`);
    await mod.register(ctx);
  }
}
