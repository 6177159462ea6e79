/**
 * UI checks of the connector form webview (phase 2 of .ci/e2e/harness.js, after stackView.ui started the stack):
 * a connector file of the workspace opened like a user would, "Shoreline: Open Connector Form", the form's DOM
 * read through the webview frames, a field edited in the form, and no CSP violation on the way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPanelConsole, keepScreenshot, openWorkspaceFile, type Frame, type UiContext } from './uiContext';

const FILE = 'orders-source.connector.json';
/** A Debezium source as a user might write it, with one broken value (the port). */
const CONFIG = {
  name: 'orders-source',
  config: {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'tasks.max': '1',
    'database.hostname': 'postgres',
    'database.port': 'not-a-port',
    'database.user': 'postgres',
    'database.password': 'shoreline-vscode-pw',
    'database.dbname': 'pagila',
    'topic.prefix': 'orders',
    'plugin.name': 'pgoutput',
    'slot.name': 'orders_form_ui',
    'publication.autocreate.mode': 'filtered',
    'table.include.list': 'public.customer',
  },
};

const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

/** The text of the editor that shows the connector file (Monaco renders its visible lines). */
async function editorText(ctx: UiContext): Promise<string> {
  const lines = ctx.page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'connector.class' });
  return (await lines.count()) ? clean(await lines.first().textContent()) : '';
}

export function register(ctx: UiContext): void {
  fs.mkdirSync(path.join(ctx.workspace, 'connectors'), { recursive: true });
  fs.writeFileSync(path.join(ctx.workspace, 'connectors', FILE), `${JSON.stringify(CONFIG, null, 2)}\n`);
  let form: Frame | undefined;

  ctx.test('"Shoreline: Open Connector Form" on a workspace file shows the worker\'s fields and the broken value\'s error', async () => {
    await openWorkspaceFile(ctx, FILE, 'not-a-port');

    await ctx.palette('Shoreline: Open Connector Form');
    form = await ctx.webviewFrame({ timeout: 30_000 });
    const host = form.locator('[data-key="database.hostname"]');
    await host.waitFor({ timeout: 30_000 });
    // the worker answered (the stack is up): its display names and groups, not the offline catalog's
    const source = form.locator('#source');
    await ctx.waitFor(async () => /Definitions from the worker/.test(clean(await source.textContent())), 30_000, 'definitions from the worker');
    const hostText = clean(await host.textContent());
    if (!hostText.includes('Hostname') || !hostText.includes('database.hostname')) throw new Error(`database.hostname field shows "${hostText}"`);
    const portLabel = clean(await form.locator('[data-key="database.port"] vscode-label').first().textContent());
    if (portLabel !== 'Port') throw new Error(`database.port is labelled "${portLabel}"`);
    const portError = form.locator('[data-key="database.port"] .issue.error').first();
    await portError.waitFor({ timeout: 30_000 });
    const err = clean(await portError.textContent());
    if (!/not-a-port|integer/i.test(err)) throw new Error(`database.port error says "${err}"`);
    const summary = clean(await form.locator('#summary').textContent());
    if (!/^[1-9]\d* errors?,/.test(summary)) throw new Error(`summary says "${summary}"`);
    const groups = await form.locator('vscode-collapsible.group').count();
    if (groups < 3) throw new Error(`only ${groups} groups`);
    ctx.log(`form: ${groups} groups; summary "${summary}"; port error "${err}"`);
  }, { timeout: 120_000 });

  ctx.test('editing a field in the form changes the file in the editor, and the form follows', async () => {
    if (!form) throw new Error('the form did not open');
    const input = form.locator('[data-key="database.port"] vscode-textfield input');
    await input.fill('5432');
    await input.press('Enter');
    await ctx.waitFor(async () => /"database\.port": "5432"/.test(await editorText(ctx)), 15_000, 'the editor shows "database.port": "5432"');
    const f = form;
    await ctx.waitFor(async () => (await f.locator('[data-key="database.port"] .issue.error').count()) === 0, 20_000, 'the port error gone from the form');
    await keepScreenshot(ctx, 'connector-form');
  }, { timeout: 90_000 });

  ctx.test('hidden and shown again, the form\'s page reloads with its snapshot and keeps only its UI state (the filter)', async () => {
    if (!form) throw new Error('the form did not open');
    await form.locator('.toolbar vscode-textfield input').fill('database.');
    const f = form;
    await ctx.waitFor(async () => (await f.locator('[data-key="topic.prefix"]').count()) === 0, 10_000, 'the filter hides topic.prefix');
    // a new editor in the form's group hides the form; retainContextWhenHidden is off, so its page is discarded
    await ctx.palette('File: New Untitled Text File');
    await ctx.waitFor(async () => (await ctx.page.locator('iframe.webview:visible').count()) === 0, 10_000, 'the form hidden');
    await ctx.palette('View: Close Editor');
    const again = await ctx.webviewFrame({ timeout: 20_000 });
    await again.locator('[data-key="database.hostname"]').waitFor({ timeout: 20_000 });
    if (await again.locator('[data-key="topic.prefix"]').count()) throw new Error('the filter was not kept across the reload');
    const port = clean(await again.locator('[data-key="database.port"] vscode-textfield').first().evaluate((e) => (e as HTMLElement & { value: string }).value));
    if (port !== '5432') throw new Error(`after the reload database.port shows "${port}"`);
    await again.locator('.toolbar vscode-textfield input').fill('');
    form = again;
  }, { timeout: 60_000 });

  checkPanelConsole(ctx, 'connector form');
}
