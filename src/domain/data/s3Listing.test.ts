import * as assert from 'node:assert/strict';
import { appendLevel, formatBytes, levelFromPage, parseS3Path } from './s3Listing';

describe('S3 listing model', () => {
  it('maps common prefixes to folders and contents to files, named relative to the prefix', () => {
    const l = levelFromPage('b', 'orders/', {
      CommonPrefixes: [{ Prefix: 'orders/country=France/' }, { Prefix: 'orders/country=Peru/' }],
      Contents: [{ Key: 'orders/', Size: 0 }, { Key: 'orders/_manifest.json', Size: 12, LastModified: new Date('2026-01-02T03:04:05Z') }],
    });
    assert.deepEqual(l.folders.map((f) => f.name), ['country=France/', 'country=Peru/']);
    assert.deepEqual(l.files, [{ key: 'orders/_manifest.json', name: '_manifest.json', size: 12, modified: '2026-01-02T03:04:05.000Z' }]);
    assert.equal(l.next, undefined);
  });
  it('keeps the continuation token only while the listing is truncated, and appends pages', () => {
    const p1 = levelFromPage('b', '', { CommonPrefixes: [{ Prefix: 'a/' }], IsTruncated: true, NextContinuationToken: 't1' });
    assert.equal(p1.next, 't1');
    const p2 = levelFromPage('b', '', { Contents: [{ Key: 'z.json', Size: 1 }], IsTruncated: false, NextContinuationToken: 'ignored' });
    const all = appendLevel(p1, p2);
    assert.deepEqual([all.folders.map((f) => f.name), all.files.map((f) => f.name), all.next], [['a/'], ['z.json'], undefined]);
  });
  it('parses bucket/prefix arguments', () => {
    assert.deepEqual(parseS3Path('lake'), { bucket: 'lake', key: '' });
    assert.deepEqual(parseS3Path('s3://lake/a/b.parquet'), { bucket: 'lake', key: 'a/b.parquet' });
    assert.deepEqual(parseS3Path('lake/a/'), { bucket: 'lake', key: 'a/' });
    assert.equal(parseS3Path('/x'), undefined);
  });
  it('formats sizes', () => {
    assert.deepEqual([formatBytes(0), formatBytes(1536), formatBytes(5 * 1024 * 1024)], ['0 B', '1.5 KiB', '5.0 MiB']);
  });
});
