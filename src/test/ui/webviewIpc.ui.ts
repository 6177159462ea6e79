/**
 * UI checks of a real panel's message boundary (phase 2 of .ci/e2e/harness.js): the connector form opened on a
 * workspace file, then messages a page could send, posted into the panel's channel exactly as its page would
 * (postFromWebview): a request for an unknown method, a notification for an unknown method, a state-changing request
 * with invalid params, and something that is no envelope at all. Each must be rejected — a request with an
 * `{ok: false}` reply naming the reason, the invalid edit never reaching the file — and logged in the Shoreline output
 * channel.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPanelConsole, openWorkspaceFile, outputChannelLog, postFromWebview, type UiContext } from './uiContext';

const FILE = 'ipc-probe.connector.json';
const CONFIG = {
  name: 'ipc-probe',
  config: {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'database.hostname': 'postgres',
    'database.port': '5432',
    'topic.prefix': 'ipcprobe',
  },
};
/** Ids far above what the page's own client uses. */
const UNKNOWN_ID = 910_001;
const INVALID_ID = 910_002;

const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

export function register(ctx: UiContext): void {
  const file = path.join(ctx.workspace, 'connectors', FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = `${JSON.stringify(CONFIG, null, 2)}\n`;
  fs.writeFileSync(file, text);

  ctx.test('a real panel rejects messages with an unknown method or invalid params, replies why, and logs them', async () => {
    await openWorkspaceFile(ctx, FILE, 'ipcprobe');
    await ctx.palette('Shoreline: Open Connector Form');
    const form = await ctx.webviewFrame({ timeout: 30_000 });
    await form.locator('[data-key="database.port"]').waitFor({ timeout: 30_000 });
    const logBefore = outputChannelLog(ctx, 'Shoreline');

    const replies = await postFromWebview(ctx, [
      { kind: 'request', id: UNKNOWN_ID, method: 'connectorForm/deleteEverything', params: {} },
      { kind: 'notification', method: 'connectorForm/noSuchNotification', params: { x: 1 } },
      // a valid method whose params fail its schema: a number where the edit's value must be a string or null
      { kind: 'request', id: INVALID_ID, method: 'connectorForm/setField', params: { key: 'database.port', value: 6543 } },
      'not an envelope',
    ]);
    const unknown = replies.get(UNKNOWN_ID) as { result?: { ok: boolean; error?: string } } | undefined;
    if (!unknown?.result || unknown.result.ok !== false || !/unknown method "connectorForm\/deleteEverything"/.test(unknown.result.error ?? '')) {
      throw new Error(`reply to the unknown method: ${JSON.stringify(unknown)}`);
    }
    const invalid = replies.get(INVALID_ID) as { result?: { ok: boolean; error?: string } } | undefined;
    if (!invalid?.result || invalid.result.ok !== false || !/^invalid params for connectorForm\/setField: value/.test(invalid.result.error ?? '')) {
      throw new Error(`reply to the invalid setField: ${JSON.stringify(invalid)}`);
    }
    ctx.log(`replies: "${unknown.result.error}" / "${invalid.result.error}"`);

    let added = '';
    await ctx.waitFor(async () => {
      added = outputChannelLog(ctx, 'Shoreline').slice(logBefore.length);
      return /dropped request for unknown method "connectorForm\/deleteEverything"/.test(added)
        && /dropped notification for unknown method "connectorForm\/noSuchNotification"/.test(added)
        && /rejected request "connectorForm\/setField": invalid params \(value/.test(added)
        && /dropped a message that is not a request, response or notification/.test(added);
    }, 15_000, 'the four rejections in the Shoreline output channel');
    const lines = added.split('\n').filter((l) => /shoreline\.connectorForm: (dropped|rejected)/.test(l));
    if (!lines.every((l) => /\[warning\]/.test(l))) throw new Error(`not logged as warnings:\n${lines.join('\n')}`);
    if (/6543/.test(added)) throw new Error('the log repeats the rejected params');
    ctx.log(lines.join('\n'));

    // the rejected edit reached neither the file nor the form
    await new Promise((r) => setTimeout(r, 1000));
    if (fs.readFileSync(file, 'utf8') !== text) throw new Error(`${FILE} changed on disk`);
    const editor = clean(await ctx.page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'ipcprobe' }).first().textContent());
    if (!/"database\.port": "5432"/.test(editor) || /6543/.test(editor)) throw new Error(`the editor shows "${editor}"`);
    const port = await form.locator('[data-key="database.port"] vscode-textfield').first().evaluate((e) => (e as HTMLElement & { value: string }).value);
    if (port !== '5432') throw new Error(`the form shows database.port "${port}"`);
    await ctx.palette('View: Close All Editors');
  }, { timeout: 120_000 });

  checkPanelConsole(ctx, 'connector form (bad messages)');
}
