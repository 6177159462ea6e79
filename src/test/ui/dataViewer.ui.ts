/**
 * UI checks of the Data viewer webview (phase 2 of .ci/e2e/harness.js, after stackView.ui started the stack):
 * "Shoreline: Open in Data Viewer" on Pagila's public.address (100 rows, total 603, page 2; a WHERE filter typed in the
 * page gives psql's count, a bad one names its column, empty clears it), on a table of 12,000 rows this check creates
 * (a page of 5,000 rows keeps far fewer row elements in the DOM; scrolling to the end shows row 5000; Home, End and the
 * arrow keys move the selected row and its detail), on a Parquet object this
 * check writes to the stack's S3 (typed columns from the footer; a missing bucket and a corrupt file show their error
 * in the panel, which stays usable), and on the seeds' customer.orders document in MongoDB (issue 6 acceptance 3:
 * found with a JSON filter, its detail shown; a filter that is not JSON is an error in the panel). No CSP violation.
 */
import { checkPanelConsole, keepScreenshot, type Frame, type UiContext } from './uiContext';

/** The stack's ports in the VS Code tier (.ci/e2e/run-vscode.sh). */
const S3 = 'http://127.0.0.1:22066';
const MONGO = 'mongodb://127.0.0.1:22017/?directConnection=true';
const BUCKET = 'shoreline-test-dataviewer';
const PARQUET_KEY = 'orders/country=Peru/part-0.parquet';
const CORRUPT_KEY = 'orders/country=Peru/corrupt.parquet';
const PARQUET_ROWS = 250;
const PG = { host: '127.0.0.1', port: 22032, user: 'postgres', password: 'shoreline-vscode-pw', database: 'pagila' };
const BIG_TABLE = 'shoreline_test_viewer_big';
const BIG_ROWS = 12_000;

/** The seeds' customer.orders document (digest §3.8, 002_7013dfadf0804528.txt:2319-2413) as Extended JSON. */
const CUSTOMER_ORDERS = `{"_id":{"$oid":"5b189af9a8d05613315b0212"},"name":{"title":"Mr.","firstName":"John","middleName":"S.","lastName":"Doe","suffix":"Jr."},
"contact":{"primaryPhone":"555-666-7777","secondaryPhone":"555-444-9898","email":"john.doe@internet.com"},
"addresses":[{"type":"BILLING","description":"My cc billing address","address1":"123 Oak Street","city":"Sunrise","state":"CA","postalCode":"12345-6789"},
{"type":"SHIPPING","description":"My home address","address1":"123 Oak Street","city":"Sunrise","state":"CA","postalCode":"12345-6789"}],
"orders":[{"guid":"df78784f-4d1d-48ad-a3e3-26a4fe7317a4","orderStatusEvents":[{"timestamp":{"$numberLong":"1528339278058"},"orderStatusType":"CREATED"},
{"timestamp":{"$numberLong":"1528339278058"},"orderStatusType":"APPROVED"},{"timestamp":{"$numberLong":"1528339278058"},"orderStatusType":"PROCESSING"},
{"timestamp":{"$numberLong":"1528339278058"},"orderStatusType":"COMPLETED"}],
"orderItems":[{"product":{"guid":"7f3c9c22-3c0a-47a5-9a92-2bd2e23f6e37","title":"Green Widget","description":"Gorgeous Green Widget","price":"11.99"},"quantity":2},
{"product":{"guid":"d01fde07-7c24-49c5-a5f1-bc2ce1f14c48","title":"Red Widget","description":"Reliable Red Widget","price":"3.99"},"quantity":3}]},
{"guid":"29692d7f-3ca5-4684-b5fd-51dbcf40dc1e","orderStatusEvents":[{"timestamp":{"$numberLong":"1528339278058"},"orderStatusType":"CREATED"},
{"timestamp":{"$numberLong":"1528339278058"},"orderStatusType":"APPROVED"}],
"orderItems":[{"product":{"guid":"a9d5a5c7-4245-4b4e-b1c3-1d3968f36b2d","title":"Yellow Widget","description":"Amazing Yellow Widget","price":"5.99"},"quantity":1}]}],
"_class":"com.storefront.model.CustomerOrders"}`;

const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

/** "Shoreline: Open in Data Viewer", then the kind and the address in the two prompts. */
async function openInViewer(ctx: UiContext, kind: string, prompt: string, address: string): Promise<Frame> {
  // one webview at a time: the frame found next is the new viewer's
  await ctx.palette('View: Close All Editors');
  await ctx.palette('Shoreline: Open in Data Viewer');
  await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: kind }).first().click();
  await ctx.page.locator('.quick-input-widget', { hasText: prompt }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const input = ctx.page.locator('.quick-input-widget input').first();
  await input.fill(address);
  await input.press('Enter');
  return ctx.webviewFrame({ timeout: 30_000 });
}

async function text(v: Frame, sel: string): Promise<string> { return clean(await v.locator(sel).first().textContent()); }

async function waitText(ctx: UiContext, v: Frame, sel: string, re: RegExp, what: string, ms = 30_000): Promise<string> {
  let last = '';
  await ctx.waitFor(async () => { last = await v.locator(sel).count() ? await text(v, sel) : ''; return re.test(last); }, ms, `${what} (last: "${last.slice(0, 200)}")`);
  return last;
}

/** The cells of a grid row: the row number, then one per column. */
async function rowCells(v: Frame, index: number): Promise<string[]> {
  const cells = v.locator('#grid tbody tr.row').nth(index).locator('td');
  const out: string[] = [];
  for (let i = 0, n = await cells.count(); i < n; i++) out.push(clean(await cells.nth(i).textContent()));
  return out;
}

/** One statement on the stack's Pagila (test setup and the expected values the grid must show). */
async function pagila<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
  const { Client } = await import('pg');
  const c = new Client(PG);
  await c.connect();
  try { return (await c.query<T>(sql)).rows; } finally { await c.end(); }
}

/** Row elements in the grid's DOM (the virtualised grid draws only those near the viewport). */
const domRows = (v: Frame): Promise<number> => v.locator('#grid tbody tr.row').count();

/** Types into a vscode-textfield's inner input and presses its button. */
async function submit(v: Frame, field: string, value: string, button: string): Promise<void> {
  await v.locator(`${field} input`).fill(value);
  await v.locator(button).click();
}

export function register(ctx: UiContext): void {
  ctx.test('the Data viewer opens public.address: 100 rows of 603 with typed columns, then page 2', async () => {
    const v = await openInViewer(ctx, 'PostgreSQL table', 'Table as', 'public.address');
    await waitText(ctx, v, '#total', /^603 rows$/, 'the exact total of public.address', 60_000);
    await waitText(ctx, v, '#range', /^Rows 1–100$/, 'rows 1-100');
    const rows = await domRows(v);
    if (rows < 10 || rows > 100) throw new Error(`page 1 has ${rows} row elements in the DOM (expected the viewport's rows plus overscan, at most 100)`);
    const head = await text(v, '#grid th[data-col="address_id"]');
    if (!/address_id.*integer/.test(head)) throw new Error(`address_id header says "${head}"`);
    if (!/timestamp with time zone/.test(await text(v, '#grid th[data-col="last_update"]'))) throw new Error('last_update has no type');
    if (await text(v, '#page') !== 'Page 1 of 7') throw new Error(`pager says "${await text(v, '#page')}"`);
    await v.locator('#next').click();
    await waitText(ctx, v, '#page', /^Page 2 of 7$/, 'page 2');
    await waitText(ctx, v, '#range', /^Rows 101–200$/, 'rows 101-200');
    const first = await rowCells(v, 0);
    if (first[0] !== '101' || first[1] !== '101') throw new Error(`page 2 starts with ${JSON.stringify(first)} (expected row 101, address_id 101)`);
    await v.locator('#grid tbody tr.row').first().click();
    await waitText(ctx, v, '#detail-json', /"address_id": 101/, 'the row detail as JSON');
    await keepScreenshot(ctx, 'data-viewer-table');

    // a WHERE filter typed in the page (Enter applies): psql's count of the same filter, a bad one names its column
    const [{ n: alberta }] = await pagila<{ n: number }>("SELECT count(*)::int AS n FROM public.address WHERE district = 'Alberta'") as [{ n: number }];
    await v.locator('#where input').fill("district = 'Alberta'");
    await v.locator('#where input').press('Enter');
    await waitText(ctx, v, '#total', new RegExp(`^${alberta} rows?$`), `the ${alberta} Alberta addresses`);
    await waitText(ctx, v, '#page', /^Page 1 of 1$/, 'one page of Alberta addresses');
    const districts = new Set<string>();
    for (let i = 0; i < alberta; i++) districts.add((await rowCells(v, i))[4] ?? '');
    if ([...districts].join() !== 'Alberta') throw new Error(`the filtered rows show districts ${[...districts].join(', ')}`);
    await v.locator('#where input').fill("district = 'Alberta' and and city_id = 1");
    await v.locator('#where input').press('Enter');
    await waitText(ctx, v, '#error', /The WHERE filter on public\.address failed at column 26: syntax error at or near "and"/, 'the WHERE syntax error with its column');
    await v.locator('#where input').fill('');
    await v.locator('#where input').press('Enter');
    await waitText(ctx, v, '#total', /^603 rows$/, 'all 603 rows once the WHERE is cleared');
    if (await v.locator('#error').count()) throw new Error('the WHERE error stayed after clearing the filter');
  }, { timeout: 120_000 });

  ctx.test('the Data viewer draws a page of 5,000 rows virtualised: few row elements, the last row after scrolling, keyboard selection', async () => {
    await pagila(`DROP TABLE IF EXISTS public.${BIG_TABLE}; CREATE TABLE public.${BIG_TABLE} (id int PRIMARY KEY, label text NOT NULL);
      INSERT INTO public.${BIG_TABLE} SELECT g, 'label-' || g FROM generate_series(1, ${BIG_ROWS}) g`);
    try {
      const v = await openInViewer(ctx, 'PostgreSQL table', 'Table as', `public.${BIG_TABLE}`);
      await waitText(ctx, v, '#total', /^12,000 rows$/, 'the total of the big table', 60_000);
      await v.locator('#page-size').click();
      await v.locator('#page-size li', { hasText: /^\s*5000 per page\s*$/ }).first().click();
      await waitText(ctx, v, '#range', /^Rows 1–5,000$/, 'a page of 5,000 rows');
      await waitText(ctx, v, '#page', /^Page 1 of 3$/, 'page 1 of 3');
      const drawn = await domRows(v);
      if (drawn < 10 || drawn > 200) throw new Error(`a page of 5,000 rows has ${drawn} row elements in the DOM (expected the viewport's rows plus overscan)`);
      ctx.log(`a page of 5,000 rows: ${drawn} row elements in the DOM at the top`);

      await v.locator('.table-wrap').evaluate((e) => { e.scrollTop = e.scrollHeight; });
      await ctx.waitFor(async () => clean(await v.locator('#grid tbody tr.row').last().locator('td').first().textContent()) === '5000', 10_000, 'row 5000 drawn after scrolling to the end');
      const last = await rowCells(v, await domRows(v) - 1);
      if (JSON.stringify(last) !== JSON.stringify(['5000', '5000', 'label-5000'])) throw new Error(`the last row shows ${JSON.stringify(last)}`);
      const atEnd = await domRows(v);
      if (atEnd > 200) throw new Error(`${atEnd} row elements after scrolling`);
      ctx.log(`a page of 5,000 rows: ${atEnd} row elements in the DOM at the end`);
      if (await v.locator('#grid tbody tr.row', { hasText: /^\s*1\s*1\s*label-1\s*$/ }).count()) throw new Error('row 1 is still in the DOM at the end of the page');

      // keyboard: Home selects row 1 (scrolled back into view) and shows its detail; End the last; ArrowUp one up
      const wrap = v.locator('.table-wrap');
      await wrap.press('Home');
      await waitText(ctx, v, '#detail-json', /"id": 1,/, 'the detail of row 1 after Home');
      await waitText(ctx, v, '#grid tbody tr.row.selected td.num', /^1$/, 'row 1 selected and drawn');
      await wrap.press('ArrowDown');
      await waitText(ctx, v, '#detail-json', /"id": 2,/, 'the detail of row 2 after ArrowDown');
      await wrap.press('End');
      await waitText(ctx, v, '#detail-json', /"id": 5000,/, 'the detail of row 5000 after End');
      await waitText(ctx, v, '#grid tbody tr.row.selected td.num', /^5000$/, 'row 5000 selected and drawn');
      await wrap.press('ArrowUp');
      await waitText(ctx, v, '#detail-json', /"id": 4999,/, 'the detail of row 4999 after ArrowUp');
      await wrap.press('PageUp');
      await ctx.waitFor(async () => {
        const sel = Number(await text(v, '#grid tbody tr.row.selected td.num'));
        return sel > 4960 && sel < 4999 && (await text(v, '#detail-json')).includes(`"id": ${sel},`);
      }, 10_000, 'PageUp moves the selection one screen up');
      await keepScreenshot(ctx, 'data-viewer-big-page');
      await v.locator('#next').click();
      await waitText(ctx, v, '#range', /^Rows 5,001–10,000$/, 'page 2 of 5,000 rows');
      if (clean(await v.locator('#grid tbody tr.row').first().locator('td').first().textContent()) !== '5001') throw new Error('page 2 does not start at its top with row 5001');
    } finally {
      await pagila(`DROP TABLE IF EXISTS public.${BIG_TABLE}`);
    }
  }, { timeout: 180_000 });

  ctx.test('the Data viewer opens a Parquet object from S3; a missing bucket and a corrupt file show errors and the panel stays usable', async () => {
    const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const ids = Array.from({ length: PARQUET_ROWS }, (_, i) => i + 1);
    const bytes = new Uint8Array(parquetWriteBuffer({ columnData: [
      { name: 'address_id', data: ids, type: 'INT32' }, { name: 'country', data: ids.map(() => 'Peru'), type: 'STRING' },
      { name: 'amount', data: ids.map((i) => i * 1.5), type: 'DOUBLE' }] }));
    const s3 = new S3Client({ endpoint: S3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch(() => undefined);
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: PARQUET_KEY, Body: bytes }));
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: CORRUPT_KEY, Body: Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7)]) }));
    } finally { s3.destroy(); }

    const v = await openInViewer(ctx, 'S3 object', 'Object address', `s3://${BUCKET}/${PARQUET_KEY}`);
    await waitText(ctx, v, '#total', new RegExp(`^${PARQUET_ROWS} rows$`), 'the row count from the Parquet footer', 60_000);
    await waitText(ctx, v, '#range', /^Rows 1–100$/, 'the first Parquet page of 100 rows');
    if (!/INT32/.test(await text(v, '#grid th[data-col="address_id"]'))) throw new Error('address_id is not typed INT32');
    if (!/DOUBLE/.test(await text(v, '#grid th[data-col="amount"]'))) throw new Error('amount is not typed DOUBLE');
    const first = await rowCells(v, 0);
    if (JSON.stringify(first) !== JSON.stringify(['1', '1', 'Peru', '1.5'])) throw new Error(`first Parquet row shows ${JSON.stringify(first)}`);
    await keepScreenshot(ctx, 'data-viewer-parquet');

    await submit(v, '#object', 's3://shoreline-test-no-such-bucket/x.parquet', '#open');
    await waitText(ctx, v, '#error', /Bucket "shoreline-test-no-such-bucket" does not exist/, 'the missing-bucket error');
    await submit(v, '#object', `s3://${BUCKET}/${CORRUPT_KEY}`, '#open');
    await waitText(ctx, v, '#error', /is not a readable Parquet file/, 'the corrupt-Parquet error');
    await submit(v, '#object', `s3://${BUCKET}/${PARQUET_KEY}`, '#open');
    await waitText(ctx, v, '#total', new RegExp(`^${PARQUET_ROWS} rows$`), 'the valid object again after the errors');
    if (await v.locator('#error').count()) throw new Error('the error stayed after a valid request');
    await v.locator('#next').click();
    await waitText(ctx, v, '#range', /^Rows 101–200$/, 'Parquet page 2');
  }, { timeout: 120_000 });

  ctx.test('the Data viewer shows the seeds\' customer.orders document found with a JSON filter; a bad filter is an error', async () => {
    const { MongoClient, BSON } = await import('mongodb');
    const client = await new MongoClient(MONGO).connect();
    try {
      const coll = client.db('orders').collection('customer.orders');
      const doc = BSON.EJSON.parse(CUSTOMER_ORDERS, { relaxed: false }) as { _id: unknown };
      await coll.deleteOne({ _id: doc._id as never });
      await coll.insertOne(doc as never);
      await coll.insertOne({ name: { firstName: 'Ann', lastName: 'Roe' }, _class: 'com.storefront.model.CustomerOrders' });
    } finally { await client.close(); }

    const v = await openInViewer(ctx, 'MongoDB collection', 'Collection as', 'orders.customer.orders');
    await v.locator('#grid tbody tr.row').first().waitFor({ timeout: 60_000 });
    await submit(v, '#filter', '{name:', '#apply');
    await waitText(ctx, v, '#error', /The filter is not JSON/, 'the bad-filter error');
    await submit(v, '#filter', '{"name.lastName": "Doe"}', '#apply');
    await waitText(ctx, v, '#total', /^1 row$/, 'one document matching the filter');
    if (await v.locator('#error').count()) throw new Error('the filter error stayed after a valid filter');
    const row = (await rowCells(v, 0)).join(' | ');
    if (!row.includes('5b189af9a8d05613315b0212') || !row.includes('Doe')) throw new Error(`the row shows "${row.slice(0, 300)}"`);
    if (!/objectId/.test(await text(v, '#grid th[data-col="_id"]'))) throw new Error('_id is not typed objectId');
    await v.locator('#grid tbody tr.row').first().click();
    const detail = await waitText(ctx, v, '#detail-json', /com\.storefront\.model\.CustomerOrders/, 'the document in the detail pane');
    for (const want of ['df78784f-4d1d-48ad-a3e3-26a4fe7317a4', 'Green Widget', '"price": "11.99"', '1528339278058']) {
      if (!detail.includes(want)) throw new Error(`the detail lacks ${want}`);
    }
    // the document is a collapsible tree: nested levels past the second start closed; Expand all / a click toggle them
    const closed = () => v.locator('#detail-json details:not([open])').count();
    const before = await closed();
    if (before === 0) throw new Error('no nested node of the document starts collapsed');
    await v.locator('#expand-all').click();
    if ((await closed()) !== 0) throw new Error('Expand all left nodes closed');
    const summary = v.locator('#detail-json details > summary', { hasText: '"addresses"' }).first();
    await summary.click();
    if (await summary.locator('xpath=..').evaluate((d) => (d as HTMLDetailsElement).open)) throw new Error('a click on "addresses" did not collapse it');
    if (!/"addresses": \[ 2 items \],/.test(clean(await summary.textContent()))) throw new Error('a collapsed array does not say how many items it holds');
    await keepScreenshot(ctx, 'data-viewer-document');
    await v.locator('#collapse-all').click();
    if ((await closed()) !== await v.locator('#detail-json details').count()) throw new Error('Collapse all left nodes open');
    await ctx.screenshot('data-viewer-mongo');
  }, { timeout: 120_000 });

  checkPanelConsole(ctx, 'data viewer');
}
