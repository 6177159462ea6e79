/**
 * UI checks of user-added data connections (phase 2 of .ci/e2e/harness.js, after stackView.ui started the stack):
 * "Shoreline: Add Data Connection…" answered as a user would — a URL holding a password is refused by the input's
 * validation without echoing it, the corrected URL and the password are taken — then the connection's row in the Data
 * view with its URL, its database browsed as that login role, and "Remove Data Connection" from the row's context menu
 * confirmed in a modal. The role and database are this check's own (on the stack's PostgreSQL) and are dropped at the end.
 */
import { Client } from 'pg';
import { keepScreenshot, showShorelinePane, type Locator, type UiContext } from './uiContext';

/** The stack's PostgreSQL in the VS Code tier (.ci/e2e/run-vscode.sh). */
const PG = { host: '127.0.0.1', port: 22032, user: 'postgres', password: 'shoreline-vscode-pw' };
const ROLE = 'shoreline_ui_analyst';
const PASSWORD = `ui-${process.pid}-secret`;
const NAME = 'analytics-ui';
const URL = `postgres://${ROLE}@127.0.0.1:${PG.port}/${ROLE}`;

const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

async function superuser(sql: string): Promise<void> {
  const c = new Client({ ...PG, database: 'postgres' });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

async function dropRole(): Promise<void> {
  await superuser(`DROP DATABASE IF EXISTS ${ROLE} WITH (FORCE)`);
  await superuser(`DROP ROLE IF EXISTS ${ROLE}`);
}

export function register(ctx: UiContext): void {
  const input = (): Locator => ctx.page.locator('.quick-input-widget input').first();
  const row = (t: string | RegExp): Locator => ctx.page.locator('[id="workbench.parts.sidebar"] .monaco-list-row', { hasText: t }).first();
  /** Waits for the quick input to ask `re` (title, placeholder or prompt). */
  const asked = (re: RegExp, what: string) => ctx.waitFor(async () => re.test(clean(await ctx.page.locator('.quick-input-widget').first().textContent().catch(() => ''))
    + (await input().evaluate((e) => e.getAttribute('placeholder') ?? '').catch(() => ''))), 15_000, what);

  ctx.test('"Add Data Connection…" refuses a URL holding a password, then adds the connection with its password in SecretStorage', async () => {
    await dropRole();
    await superuser(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await superuser(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`);
    await ctx.palette('Shoreline: Add Data Connection…');
    await asked(/Kind of server/, 'the kind of server');
    await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: 'PostgreSQL' }).first().click();
    await asked(/A name for the connection/, 'the name');
    await input().fill(NAME);
    await input().press('Enter');
    await asked(/Connection URL, without the password/, 'the URL');
    await input().fill(`postgres://${ROLE}:${PASSWORD}@127.0.0.1:${PG.port}/${ROLE}`);
    const message = ctx.page.locator('.quick-input-widget .quick-input-message').first();
    await ctx.waitFor(async () => /holds a password/.test(clean(await message.textContent().catch(() => ''))), 10_000, 'the validation message');
    const said = clean(await message.textContent());
    if (said.includes(PASSWORD)) throw new Error(`the validation message shows the password: "${said}"`);
    if (!/SecretStorage/.test(said)) throw new Error(`the validation message does not say where the password goes: "${said}"`);
    await input().press('Enter'); // refused: the same step (3 of 4) stays, still saying why
    await new Promise((r) => setTimeout(r, 500));
    await asked(/Add data connection \(3\/4\).*holds a password/, 'the URL step again after Enter on an invalid one');
    await input().fill(URL);
    await input().press('Enter');
    await asked(/Password/, 'the password');
    await input().fill(PASSWORD);
    await input().press('Enter');
    await showShorelinePane(ctx, 'Data');
    await row(NAME).waitFor({ timeout: 20_000 });
    const text = clean(await row(NAME).textContent());
    if (!text.includes(`PostgreSQL · ${URL}`)) throw new Error(`the connection's row says "${text}"`);
  }, { timeout: 120_000 });

  ctx.test('the connection browses its own database as its login role', async () => {
    const conn = row(NAME);
    if ((await conn.evaluate((e) => e.getAttribute('aria-expanded'))) !== 'true') await conn.click();
    // the rows under the connection (up to the next top-level row): its databases, the role's own among them
    const children = () => ctx.page.locator('[id="workbench.parts.sidebar"]').first().evaluate((bar, name) => {
      // the connection's row, then the rows of its own list (each view of the side bar is a list of its own)
      const own = Array.from(bar.querySelectorAll('.monaco-list-row')).find((r) => r.getAttribute('aria-level') === '1' && (r.textContent ?? '').includes(name));
      if (!own?.parentElement) return [];
      const rows = Array.from(own.parentElement.querySelectorAll(':scope > .monaco-list-row')).sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
      const at = rows.indexOf(own);
      const out: string[] = [];
      for (const r of rows.slice(at + 1)) { if (r.getAttribute('aria-level') === '1') break; out.push((r.textContent ?? '').trim()); }
      return out;
    }, NAME);
    await ctx.waitFor(async () => (await children()).some((t) => t.startsWith(ROLE)), 30_000, `database ${ROLE} under ${NAME}`);
    const under = await children();
    if (under.some((t) => /refused|authentication failed|Set the password/.test(t))) throw new Error(`the connection shows an error: ${under.join(' | ')}`);
    await keepScreenshot(ctx, 'data-connection');
  }, { timeout: 60_000 });

  ctx.test('"Remove Data Connection" from the row\'s context menu asks, then removes the row', async () => {
    await (row(NAME) as unknown as { click(o: { button: 'right' }): Promise<void> }).click({ button: 'right' });
    const item = ctx.page.locator('.context-view .action-item', { hasText: 'Remove Data Connection' }).first();
    await item.waitFor({ timeout: 10_000 });
    // a context menu ignores a mouse-up that comes right after it opened (the right-click's own): let it settle
    await new Promise((r) => setTimeout(r, 600));
    await item.click();
    const dialog = ctx.page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ timeout: 15_000 });
    const question = clean(await dialog.textContent());
    if (!question.includes(`"${NAME}"`) || !/Nothing on the server is changed/.test(question)) throw new Error(`the confirmation says "${question}"`);
    await dialog.locator('.monaco-button', { hasText: 'Remove' }).first().click();
    await ctx.waitFor(async () => (await row(NAME).count()) === 0, 20_000, `the ${NAME} row to go`);
  }, { timeout: 60_000 });

  ctx.test('the data connections check leaves no role or database behind', async () => {
    await dropRole();
  }, { timeout: 30_000 });
}
