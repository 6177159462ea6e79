/**
 * UI checks of the message viewer webview (phase 2 of .ci/e2e/harness.js, after stackView.ui started the stack): the
 * Storefront sample events produced from the palette, "Shoreline: Read Messages" on one of their topics, the rows
 * read from the webview's DOM, a search typed into the page narrowing them (filtered on the host), and no CSP
 * violation on the way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPanelConsole, type Frame, type UiContext } from './uiContext';

/** The CustomerChangeEvent sample of src/domain/kafka/storefrontSamples.ts: its topic and record key. */
const TOPIC = 'accounts.customer.change';
const KEY = '5b189af9a8d05613315b0212';

const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

export function register(ctx: UiContext): void {
  let viewer: Frame | undefined;

  ctx.test('"Shoreline: Read Messages" on a sample topic shows its rows in the message viewer', async () => {
    await ctx.palette('Shoreline: Produce Storefront Sample Events…');
    const pickAll = ctx.page.locator('.quick-input-widget input').first();
    await pickAll.waitFor({ state: 'visible', timeout: 10_000 });
    await pickAll.press('Enter');
    await ctx.toast('sent', { timeout: 60_000 });

    await ctx.palette('Shoreline: Read Messages');
    const input = ctx.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(TOPIC);
    await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: TOPIC }).first().click();
    await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: 'From the beginning' }).first().click();

    viewer = await ctx.webviewFrame({ timeout: 30_000 });
    const v = viewer;
    await v.locator('#rows tr.row').first().waitFor({ timeout: 60_000 });
    await ctx.waitFor(async () => /read to the end/.test(clean(await v.locator('#status').textContent())), 60_000, 'the read finished');
    const rows = await v.locator('#rows tr.row').count();
    const first = clean(await v.locator('#rows tr.row').first().textContent());
    if (!first.includes(KEY) || !first.includes('{')) throw new Error(`first row shows "${first}"`);
    const counts = clean(await v.locator('#counts').textContent());
    if (!new RegExp(`^${rows} of ${rows} message`).test(counts)) throw new Error(`${rows} rows, counts say "${counts}"`);
    ctx.log(`viewer: ${rows} row(s); first "${first.slice(0, 120)}"; counts "${counts}"`);
  }, { timeout: 150_000 });

  ctx.test('a search typed into the viewer narrows the rows (filtered on the host), and the detail pane shows the value', async () => {
    if (!viewer) throw new Error('the viewer did not open');
    const v = viewer;
    await v.locator('#filter-text input').fill('no-such-text-in-any-message');
    await v.locator('#no-rows').waitFor({ timeout: 15_000 });
    const none = clean(await v.locator('#counts').textContent());
    if (!/^0 of [1-9]/.test(none)) throw new Error(`after a search for nothing, counts say "${none}"`);
    await v.locator('#filter-text input').fill(KEY);
    await v.locator('#rows tr.row').first().waitFor({ timeout: 15_000 });
    await v.locator('#rows tr.row').first().click();
    await v.locator('#detail-value').waitFor({ timeout: 15_000 });
    const value = clean(await v.locator('#detail-value').textContent());
    if (!value.startsWith('{')) throw new Error(`the detail pane shows "${value.slice(0, 200)}"`);
    const shot = await ctx.screenshot('message-viewer');
    const keep = path.resolve(ctx.env.SHORELINE_ARTIFACTS ?? '.cache/artifacts');
    fs.mkdirSync(keep, { recursive: true });
    fs.copyFileSync(shot, path.join(keep, 'message-viewer.png'));
  }, { timeout: 60_000 });

  checkPanelConsole(ctx, 'message viewer');
}
