import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageStore } from '../../domain/kafka/messageStore';
import { FileChunkSpill } from './fileChunkSpill';

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
});
