import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageStore, memoryBudgetNote } from '../../domain/kafka/messageStore';
import type { RawMessage } from '../../domain/kafka/kafkaModel';
import { createViewerStore, FileChunkSpill } from './fileChunkSpill';

describe('file chunk spill (the message viewer\'s store past its memory budget)', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-spill-test-'));
  after(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('creates a private folder on the first chunk only, writes 0600 files, reads them back, deletes them', () => {
    const spill = new FileChunkSpill(parent);
    const store = new MessageStore(1000, { spill, memoryBytes: 4 << 20 });
    const enc = new TextEncoder();
    store.addRaw(Array.from({ length: 10 }, (_, i) => ({ topic: 't', partition: 0, offset: i, timestamp: i, key: null, value: enc.encode(`small ${i}`), headers: [] })));
    assert.equal(spill.folder, undefined, 'nothing on disk while within the budget');
    store.addRaw(Array.from({ length: 400 }, (_, i) => ({ topic: 't', partition: 1, offset: i, timestamp: i, key: enc.encode(`k${i}`), value: enc.encode(`${i}:${'x'.repeat(40_000)}`), headers: [] })));
    const dir = spill.folder!;
    assert.ok(dir.startsWith(parent), dir);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    const files = fs.readdirSync(dir);
    assert.ok(files.length >= 2, `${files.length} chunk files`);
    assert.equal(fs.statSync(path.join(dir, files[0]!)).mode & 0o777, 0o600);
    assert.deepEqual([store.at(0)!.value, store.at(10)!.key, store.at(409)!.key], ['small 0', 'k0', 'k399']);
    assert.ok(store.at(10)!.value!.startsWith('0:xxx'));
    store.clear();
    assert.equal(fs.existsSync(dir), false, 'clear removes the folder');
    assert.equal(spill.folder, undefined);
  });

  describe('createViewerStore (shoreline.kafka.viewerSpillToDisk)', () => {
    const enc = new TextEncoder();
    /** 400 records of ~40 KB (16 MB in all), in batches of 50 as a read delivers them. */
    const batches = (): RawMessage[][] => Array.from({ length: 8 }, (_, b) => Array.from({ length: 50 }, (_, j) => {
      const i = b * 50 + j;
      return { topic: 't', partition: 0, offset: i, timestamp: i, key: enc.encode(`k${i}`), value: enc.encode(`${i}:${'x'.repeat(40_000)}`), headers: [] };
    }));
    const listing = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String);

    it('off: nothing is written to disk, and the store stops taking records at the memory budget with a note saying why', () => {
      const own = fs.mkdtempSync(path.join(parent, 'off-'));
      const store = createViewerStore(1000, { spillToDisk: false, parent: own, memoryBytes: 8 << 20 });
      const taken = batches().map((b) => store.addRaw(b));
      const total = taken.reduce((a, b) => a + b, 0);
      assert.deepEqual(listing(own), [], 'files under the spill folder\'s parent');
      assert.ok(store.budgetReached);
      // 8 MiB holds ~200 of the 40 KB records: the store took part of them, then none at all
      assert.ok(total > 150 && total < 220, `took ${total} of 400`);
      assert.equal(store.size, total);
      assert.equal(taken.at(-1), 0, `per batch: ${taken.join(', ')}`);
      assert.equal(store.at(total - 1)!.key, `k${total - 1}`);
      assert.ok(store.at(total - 1)!.value!.startsWith(`${total - 1}:xxx`));
      const note = memoryBudgetNote(store);
      assert.match(note, new RegExp(`^stopped at the memory budget: ${total} message\\(s\\) fill the 8 MiB kept in memory, and shoreline\\.kafka\\.viewerSpillToDisk is off\\. Turn shoreline\\.kafka\\.viewerSpillToDisk on to read further`), note);
      store.clear();
      assert.equal(store.budgetReached, false, 'a restart reads again');
      assert.equal(store.addRaw(batches()[0]!), 50);
    });

    it('on (the default): the same read is taken whole, past the budget into a private folder under the parent', () => {
      const own = fs.mkdtempSync(path.join(parent, 'on-'));
      const store = createViewerStore(1000, { spillToDisk: true, parent: own, memoryBytes: 8 << 20 });
      const total = batches().map((b) => store.addRaw(b)).reduce((a, b) => a + b, 0);
      assert.equal(total, 400);
      assert.equal(store.budgetReached, false);
      assert.equal(store.at(399)!.key, 'k399');
      const files = listing(own);
      assert.ok(files.some((f) => /^shoreline-viewer-[^/]+\/\d+\.bin$/.test(f)), files.join(', '));
      store.clear();
      assert.deepEqual(listing(own), []);
    });
  });
});
