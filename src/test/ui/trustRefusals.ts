/**
 * UI checks of workspace trust, run by .ci/e2e/run-vscode.sh in a harness invocation of its own (`--ui-only`): a
 * workspace folder holding a connector file and a SQL file, opened in Restricted Mode (`security.workspace.trust.enabled`
 * on, no trust given). Start Stack, Run SQL and Apply Connector are each run like a user would, from the palette with
 * the workspace file in the editor; each must be refused with a message that says why and how to trust, and the
 * Docker engine must hold no container, volume or network of the run's project afterwards.
 * Not a *.ui.ts file on purpose: the main (trusted) run must not load it.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { checkPanelConsole, keepScreenshot, outputChannelLog, type UiContext } from './uiContext';

export const SQL_FILE = 'count-films.sql';
export const CONNECTOR_FILE = 'films-source.connector.json';
const HOW = 'trust the folder with "Workspaces: Manage Workspace Trust", then run the command again';

/** One GET on the Docker Engine API (the unix socket of DOCKER_HOST, else the default socket). */
function docker<T>(apiPath: string): Promise<T> {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!host.startsWith('unix://')) return Promise.reject(new Error(`DOCKER_HOST ${host}: this check reads the engine through a unix socket only`));
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: host.slice('unix://'.length), path: apiPath, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 300) { reject(new Error(`GET ${apiPath}: HTTP ${res.statusCode} ${body.slice(0, 200)}`)); return; }
        try { resolve(JSON.parse(body) as T); } catch (e) { reject(e instanceof Error ? e : new Error(String(e))); }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${apiPath}: no answer in 15 s`)));
    req.on('error', reject);
  });
}

/** Names of the project's containers (any state), volumes and networks: by Shoreline's project label and by name. */
async function projectResources(project: string): Promise<string[]> {
  const q = (filters: Record<string, string[]>) => encodeURIComponent(JSON.stringify(filters));
  const out = new Set<string>();
  const filters: Array<Record<string, string[]>> = [{ label: [`dev.shoreline.project=${project}`] }, { name: [project] }];
  for (const f of filters) {
    const cs = await docker<Array<{ Names: string[]; State: string }>>(`/containers/json?all=true&filters=${q(f)}`);
    for (const c of cs) out.add(`container ${c.Names.join(',')} (${c.State})`);
    const vs = await docker<{ Volumes: Array<{ Name: string }> | null }>(`/volumes?filters=${q(f)}`);
    for (const v of vs.Volumes ?? []) out.add(`volume ${v.Name}`);
    const ns = await docker<Array<{ Name: string }>>(`/networks?filters=${q(f)}`);
    for (const n of ns) out.add(`network ${n.Name}`);
  }
  // the name filter matches substrings: keep only this project's own names
  return [...out].filter((r) => new RegExp(`\\b${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(-|\\b)`).test(r));
}

const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

/** Opens a workspace file through Quick Open, as a user would, and waits until its editor shows `text`. */
async function openFile(ctx: UiContext, name: string, text: string): Promise<void> {
  await ctx.page.evaluate(() => { const a = document.activeElement; if (a && a.tagName === 'IFRAME') (a as HTMLElement).blur(); });
  await ctx.page.keyboard.press('F1');   // Quick Open: the palette without ">" searches files
  const input = ctx.page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await ctx.waitFor(async () => {
    const lines = ctx.page.locator('.part.editor .monaco-editor .view-lines', { hasText: text });
    return (await lines.count()) > 0;
  }, 20_000, `${name} open in an editor`);
}

/** Runs a palette command and returns the text of the error toast that must follow it. */
async function refused(ctx: UiContext, title: string, why: string): Promise<string> {
  await ctx.palette(title);
  const toast = await ctx.toast(why, { timeout: 20_000 });
  const text = clean(await toast.textContent());
  if (!text.includes(`Shoreline does not ${why}`)) throw new Error(`"${title}" showed "${text}"`);
  if (!text.includes(HOW)) throw new Error(`"${title}" does not say how to trust the folder: "${text}"`);
  return text;
}

/** Registers the checks (the harness calls the module's `register`). */
export function register(ctx: UiContext): void {
  // the refusals are error notifications, which the workbench also logs as console errors: expected here
  ctx.ignoreConsoleErrors(/^Shoreline: Shoreline does not (start containers|run SQL|apply connectors from workspace files) in an untrusted workspace — /);
  const project = String(ctx.settings?.['shoreline.project'] ?? '');
  if (!project.startsWith('shoreline-vscode-')) throw new Error(`the untrusted run needs its own shoreline.project (shoreline-vscode-*), got "${project}"`);
  const connectorPath = path.join(ctx.workspace, 'connectors', CONNECTOR_FILE);
  const connectorText = fs.readFileSync(connectorPath, 'utf8');
  if (!fs.existsSync(path.join(ctx.workspace, 'sql', SQL_FILE))) throw new Error(`the workspace lacks sql/${SQL_FILE}`);

  ctx.test('the workspace opens in Restricted Mode, with nothing of the project on the Docker engine', async () => {
    if (ctx.settings?.['security.workspace.trust.enabled'] !== true) throw new Error('security.workspace.trust.enabled is not on for this run');
    await ctx.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await (await ctx.activityContainer('Shoreline')).click();
    const left = await projectResources(project);
    if (left.length) throw new Error(`before the checks the engine already holds: ${left.join('; ')}`);
  });

  ctx.test('"Shoreline: Start Stack" is refused: it says why and how to trust the folder', async () => {
    const t = await refused(ctx, 'Shoreline: Start Stack', 'start containers in an untrusted workspace');
    ctx.log(`start: "${t}"`);
  });

  ctx.test('"Shoreline: Run SQL on the Stack\'s PostgreSQL" on a workspace .sql file is refused the same way', async () => {
    await openFile(ctx, SQL_FILE, 'select count');
    await refused(ctx, 'Shoreline: Run SQL on the Stack\'s PostgreSQL', 'run SQL in an untrusted workspace');
  });

  ctx.test('"Shoreline: Apply Connector File to the Stack\'s Worker" on a workspace connector file is refused the same way', async () => {
    await openFile(ctx, CONNECTOR_FILE, 'connector.class');
    await refused(ctx, 'Shoreline: Apply Connector File to the Stack\'s Worker', 'apply connectors from workspace files in an untrusted workspace');
    await keepScreenshot(ctx, 'untrusted-refused');
    if (fs.readFileSync(connectorPath, 'utf8') !== connectorText) throw new Error(`${CONNECTOR_FILE} changed`);
  });

  ctx.test('a WHERE filter typed in the Data viewer on a table is refused in the panel, saying why and how to trust the folder', async () => {
    await ctx.palette('View: Close All Editors');
    await ctx.palette('Shoreline: Open in Data Viewer');
    await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: 'PostgreSQL table' }).first().click();
    await ctx.page.locator('.quick-input-widget', { hasText: 'Table as' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    const input = ctx.page.locator('.quick-input-widget input').first();
    await input.fill('public.film');
    await input.press('Enter');
    // no server runs here: the table itself fails to open, but the page and its WHERE field are there
    const v = await ctx.webviewFrame({ timeout: 30_000 });
    const where = v.locator('#where input');
    await where.waitFor({ timeout: 30_000 });
    await where.fill("rating = 'G'");
    await where.press('Enter');
    let text = '';
    await ctx.waitFor(async () => {
      text = (await v.locator('#error').count()) ? clean(await v.locator('#error').first().textContent()) : '';
      return text.includes('Shoreline does not run a SQL WHERE filter in an untrusted workspace');
    }, 20_000, 'the WHERE refusal in the panel').catch(() => { throw new Error(`no WHERE refusal in the panel; its error says "${text}"`); });
    if (!text.includes(HOW)) throw new Error(`the WHERE refusal does not say how to trust the folder: "${text}"`);
    await ctx.palette('View: Close All Editors');
  });

  ctx.test('the refusals are in the Shoreline log, and the engine holds no container, volume or network of the project', async () => {
    const refusals = () => (outputChannelLog(ctx, 'Shoreline').match(/in an untrusted workspace/g) ?? []).length;
    const logged = await ctx.waitFor(async () => refusals() >= 3, 15_000, 'three refusals in Shoreline.log').then(() => true, () => false);
    // give a wrongly started stack time to show up on the engine (the log wait above already did, if it failed)
    if (logged) await new Promise((r) => setTimeout(r, 3000));
    const left = await projectResources(project);
    const problems = [...(logged ? [] : [`Shoreline.log holds ${refusals()} refusal(s), not 3`]), ...(left.length ? [`the engine holds ${left.join('; ')}`] : [])];
    if (problems.length) throw new Error(problems.join('; '));
  });

  checkPanelConsole(ctx, 'untrusted workspace');
}
