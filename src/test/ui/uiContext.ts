/**
 * The part of the harness's UI context (.ci/e2e/harness.js, see .ci/e2e/README.md) the UI checks use, typed once,
 * and the helpers every check shares: the per-panel console/CSP check, screenshots kept for the README, messages
 * posted into a panel's channel as its page would, a workspace file opened through Quick Open, and the text of an
 * output channel.
 * Playwright objects are described structurally: the checks run in the harness's process with its playwright-core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Locator {
  waitFor(o?: { state?: string; timeout?: number }): Promise<void>;
  click(): Promise<void>;
  fill(v: string): Promise<void>;
  press(key: string): Promise<void>;
  textContent(): Promise<string | null>;
  count(): Promise<number>;
  evaluate<R>(fn: (e: Element) => R): Promise<R>;
  evaluate<R, A>(fn: (e: Element, arg: A) => R, arg: A): Promise<R>;
  first(): Locator;
  last(): Locator;
  nth(i: number): Locator;
  locator(sel: string, o?: { hasText?: string | RegExp }): Locator;
  /** The frame inside an `<iframe>` element. */
  contentFrame(): Frame;
}

export interface Frame { locator(sel: string, o?: { hasText?: string | RegExp }): Locator }

/** One entry of `ctx.consoleErrors` (noise already filtered out by the harness). */
export interface ConsoleError { kind: string; frame: string; text: string; url?: string; time?: string }

export interface UiContext {
  page: { locator(sel: string, o?: { hasText?: string | RegExp }): Locator; keyboard: { press(key: string): Promise<void> }; evaluate(fn: () => void): Promise<void> };
  env: Record<string, string>;
  workspace: string;
  /** The run folder of the harness (screenshots, logs). */
  artifactsDir?: string;
  /** The code-server user-data dir of the UI phase (its `logs/` hold the extension host's output channels). */
  userDataDir?: string;
  /** The user settings the UI phase's code-server was seeded with. */
  settings?: Record<string, unknown>;
  test(name: string, fn: () => Promise<void>, o?: { timeout?: number }): void;
  palette(title: string): Promise<void>;
  toast(text: string, o?: { timeout?: number }): Promise<Locator>;
  activityContainer(label: string): Promise<Locator>;
  sidebarRow(text: string, o?: { timeout?: number }): Promise<Locator>;
  webviewFrame(o?: { index?: number; timeout?: number }): Promise<Frame>;
  screenshot(name: string): Promise<string>;
  waitFor(pred: () => Promise<boolean>, ms: number, what: string): Promise<void>;
  log(...a: unknown[]): void;
  consoleErrors: ConsoleError[];
  /** Drops future console entries whose text (or URL) matches: for errors a check provokes on purpose. */
  ignoreConsoleErrors(re: RegExp): void;
}

const CSP = /Content[- ]Security[- ]Policy|Refused to (load|apply|execute|connect|frame)/i;

/**
 * The entries that count against a webview panel: every CSP violation, every error of a webview frame (console error
 * or uncaught exception; `inline` = no script URL, in practice a webview's own HTML) and every workbench error that
 * names Shoreline. Other workbench errors are the workbench's own business.
 */
export function panelConsoleErrors(entries: readonly ConsoleError[]): ConsoleError[] {
  return entries.filter((e) => e.kind === 'csp' || CSP.test(e.text) || e.frame !== 'workbench' || /shoreline/i.test(e.text));
}

/** How far each context's console log has been checked by {@link checkPanelConsole}. */
const checkedUpTo = new WeakMap<UiContext, number>();
/** Where the console log stood when the first check of a file's context (see {@link fileContext}) began. */
const fileStart = new WeakMap<UiContext, number>();

/**
 * The context one `*.ui.js` file registers its checks with (index.ts hands one to each file): the harness's own, except
 * that the first check it registers notes where the console log stood when it begins, so {@link checkPanelConsole}
 * counts exactly what happened during that file's checks.
 */
export function fileContext(ctx: UiContext): UiContext {
  const own = Object.create(ctx) as UiContext;
  let first = true;
  own.test = (name, fn, o) => {
    const isFirst = first;
    first = false;
    ctx.test(name, isFirst ? () => { fileStart.set(own, ctx.consoleErrors.length); return fn(); } : fn, o);
  };
  return own;
}

/**
 * Registers the closing check of a panel's checks: it fails on any CSP violation or console error (see
 * {@link panelConsoleErrors}) recorded since the file's first check began (with a {@link fileContext}; else since the
 * previous panel's closing check), so each panel answers for its own window of the run. Call it last in a panel's
 * `register`. A check that provokes an error on purpose (an error
 * notification is a workbench console error naming Shoreline) says so first with `ctx.ignoreConsoleErrors(/…/)`, else
 * the next panel's closing check counts it.
 */
export function checkPanelConsole(ctx: UiContext, panel: string): void {
  ctx.test(`the ${panel} raised no CSP violation or console error`, async () => {
    const seen = fileStart.get(ctx) ?? checkedUpTo.get(ctx) ?? 0;
    const from = seen <= ctx.consoleErrors.length ? seen : 0;   // clearConsoleErrors() empties the record
    const all = ctx.consoleErrors.slice(from);
    checkedUpTo.set(ctx, ctx.consoleErrors.length);
    const bad = panelConsoleErrors(all);
    if (bad.length) throw new Error(`${bad.length} error(s):\n${bad.map((e) => `[${e.kind}/${e.frame}] ${e.text.split('\n')[0]}`).join('\n')}`);
  });
}

/** Where screenshots for the README are kept (`npm run docs:screenshots` copies them to media/screenshots/). */
export function keptArtifactsDir(ctx: UiContext): string {
  return path.resolve(ctx.env.SHORELINE_ARTIFACTS ?? '.cache/artifacts');
}

/** Takes a screenshot and keeps a copy as `<keptArtifactsDir>/<name>.png`; returns the kept path. */
export async function keepScreenshot(ctx: UiContext, name: string): Promise<string> {
  const shot = await ctx.screenshot(name);
  const keep = keptArtifactsDir(ctx);
  fs.mkdirSync(keep, { recursive: true });
  const file = path.join(keep, `${name}.png`);
  fs.copyFileSync(shot, file);
  ctx.log(`screenshot kept: ${file}`);
  return file;
}

/**
 * Opens a workspace file as a user would: Quick Open (the palette without ">" searches files), the file's name typed,
 * its row clicked; then waits until an editor shows `shows` (some text of the file), so the file is really open.
 */
export async function openWorkspaceFile(ctx: UiContext, name: string, shows: string, timeoutMs = 20_000): Promise<void> {
  // focus could sit inside a webview iframe; move it back to the workbench document first
  await ctx.page.evaluate(() => { const a = document.activeElement; if (a && a.tagName === 'IFRAME') (a as HTMLElement).blur(); });
  await ctx.page.keyboard.press('F1');
  const input = ctx.page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await ctx.waitFor(async () => (await ctx.page.locator('.part.editor .monaco-editor .view-lines', { hasText: shows }).count()) > 0,
    timeoutMs, `${name} open in an editor (showing "${shows}")`);
}

/** The visible webview panels' host pages (`iframe.webview`), newest last. */
function webviewHosts(ctx: UiContext): Locator {
  return ctx.page.locator('iframe.webview:visible');
}

/**
 * Posts `message` into the host's channel exactly as the panel's page does with `acquireVsCodeApi().postMessage`
 * (the webview host page's `__vscode_post_message__('onmessage', …)`), from the last visible webview, and returns
 * the replies the page receives for requests among them (by id) once each has one, or what arrived by `timeoutMs`.
 */
export async function postFromWebview(ctx: UiContext, messages: unknown[], timeoutMs = 15_000): Promise<Map<number, unknown>> {
  const host = webviewHosts(ctx).last();
  const page = host.contentFrame().locator('iframe#active-frame').contentFrame().locator('body');
  const ids = messages.flatMap((m) => (m && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'number' ? [(m as { id: number }).id] : []));
  // listen in the page first: replies go to the page, as they would to the panel's own client
  await page.evaluate((el, wanted) => {
    const w = el.ownerDocument.defaultView as (Window & { __shorelineReplies?: Record<number, unknown> }) | null;
    if (!w) return;
    w.__shorelineReplies = {};
    w.addEventListener('message', (e: MessageEvent) => {
      const d = e.data as { kind?: string; id?: number } | null;
      if (d && d.kind === 'response' && typeof d.id === 'number' && wanted.includes(d.id)) w.__shorelineReplies![d.id] = d;
    });
  }, ids);
  await host.contentFrame().locator('body').evaluate((el, msgs) => {
    const w = el.ownerDocument.defaultView as unknown as { __vscode_post_message__?: (c: string, d: unknown) => void };
    if (typeof w.__vscode_post_message__ !== 'function') throw new Error('the webview host page has no __vscode_post_message__');
    for (const message of msgs) w.__vscode_post_message__('onmessage', { message, transfer: undefined });
  }, messages);
  const read = () => page.evaluate((el) => (el.ownerDocument.defaultView as (Window & { __shorelineReplies?: Record<number, unknown> }) | null)?.__shorelineReplies ?? {});
  const end = Date.now() + timeoutMs;
  let got: Record<number, unknown> = {};
  while (Date.now() < end) {
    got = await read();
    if (ids.every((id) => id in got)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return new Map(Object.entries(got).map(([k, v]) => [Number(k), v]));
}

/**
 * The lines the extension wrote to one of its log output channels (`createOutputChannel(name, {log: true})`), read
 * from the file the extension host writes under the UI phase's user-data dir; '' before the first line.
 */
export function outputChannelLog(ctx: UiContext, channel: string): string {
  if (!ctx.userDataDir) throw new Error('the harness gave no userDataDir (update .ci/e2e/harness.js)');
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === `${channel}.log` || e.name.endsWith(`-${channel}.log`)) found.push(p);
    }
  };
  walk(path.join(ctx.userDataDir, 'logs'));
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Shows the Shoreline side bar (clicking its activity icon while it is shown would hide it). */
export async function showShoreline(ctx: UiContext): Promise<void> {
  const visible = await ctx.page.locator('[id="workbench.parts.sidebar"]').first().evaluate((e) => (e as HTMLElement).offsetParent !== null && (e as HTMLElement).offsetWidth > 0).catch(() => false);
  const active = await ctx.page.locator('.activitybar .action-item.checked [aria-label^="Shoreline"]').count();
  if (!visible || active === 0) await (await ctx.activityContainer('Shoreline')).click();
}

/** Shows the Shoreline side bar with one of its views (Stack, Kafka, Connect, Data, AWS) expanded. */
export async function showShorelinePane(ctx: UiContext, title: string): Promise<void> {
  await showShoreline(ctx);
  const header = ctx.page.locator('[id="workbench.parts.sidebar"] .pane-header', { hasText: title }).first();
  await header.waitFor({ timeout: 20_000 });
  if ((await header.evaluate((e) => e.getAttribute('aria-expanded'))) !== 'true') await header.click();
}
