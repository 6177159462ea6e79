/**
 * UI checks for the real-VS-Code tier (phase 2 of .ci/e2e/harness.js): the installed VSIX in code-server, driven
 * through Chromium like a user would. Runs in the harness's Node process, not in the extension host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UiContext } from './uiContext';

const SERVICES = ['kafka', 'connect', 'postgres', 'mongo', 'localstack'];

/** Text of every row of the Stack view: "name description" per service row. */
async function stackRows(ctx: UiContext): Promise<Map<string, string>> {
  const rows = ctx.page.locator('[id="workbench.parts.sidebar"] .monaco-list-row');
  const out = new Map<string, string>();
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const t = ((await rows.nth(i).textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const name = SERVICES.find((s) => t.startsWith(s));
    // first match only: the Stack view comes first; later views (e.g. Kafka's topics "connect-status") may start alike
    if (name && !out.has(name)) out.set(name, t);
  }
  return out;
}

/** Registers the checks (the harness calls the module's `register`). */
export function register(ctx: UiContext): void {
  ctx.test('the Shoreline container opens with a Stack view', async () => {
    await (await ctx.activityContainer('Shoreline')).click();
    // the Stack view lists the five services (stopped after phase 1 stopped them, data kept)
    await ctx.waitFor(async () => (await stackRows(ctx)).size === SERVICES.length, 30_000, 'five service rows in the Stack view');
  });

  ctx.test('"Shoreline: Start Stack" turns every Stack tree item healthy', async () => {
    await ctx.palette('Shoreline: Start Stack');
    let last = new Map<string, string>();
    const end = Date.now() + 280_000;
    for (;;) {
      last = await stackRows(ctx);
      if (SERVICES.every((s) => new RegExp(`^${s}\\s*healthy`).test(last.get(s) ?? ''))) break;
      if (Date.now() > end) throw new Error(`not every service healthy after 280 s; rows: ${[...last.values()].join(' | ')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const s of SERVICES) if (!new RegExp(`^${s}\\s*healthy · :\\d+$`).test(last.get(s)!)) throw new Error(`row "${last.get(s)}" shows no host port`);
    const shot = await ctx.screenshot('stack-healthy');
    const keep = path.resolve(ctx.env.SHORELINE_ARTIFACTS ?? '.cache/artifacts');
    fs.mkdirSync(keep, { recursive: true });
    fs.copyFileSync(shot, path.join(keep, 'stack-tree-healthy.png'));
    ctx.log(`screenshot kept: ${path.join(keep, 'stack-tree-healthy.png')}`);
  }, { timeout: 300_000 });

  ctx.test('the Connect view lists the stack\'s worker with its connectors and plugins', async () => {
    await ctx.sidebarRow('local stack', { timeout: 20_000 });
    await ctx.sidebarRow('Connectors (', { timeout: 20_000 });
    const plugins = await ctx.sidebarRow('Plugins (', { timeout: 20_000 });
    const text = (await plugins.textContent()) ?? '';
    const n = Number(/Plugins \((\d+)\)/.exec(text)?.[1] ?? '0');
    if (n < 3) throw new Error(`expected at least the 3 baked-in connector plugins, row says "${text}"`);
    await ctx.screenshot('connect-view');
  });

  ctx.test('the status bar shows the stack state', async () => {
    const item = ctx.page.locator('.statusbar-item', { hasText: /Shoreline/ }).first();
    await item.waitFor({ timeout: 15_000 });
    const text = (await item.textContent()) ?? '';
    if (!/5\/5|healthy|running/i.test(text)) throw new Error(`status bar says "${text}"`);
  });

  ctx.test('no webview or workbench errors came from the extension', async () => {
    const ours = ctx.consoleErrors.filter((e) => /shoreline/i.test(e.text));
    if (ours.length) throw new Error(ours.map((e) => e.text).join('\n'));
  });
}
