import * as assert from 'node:assert/strict';
import { parseSchemaRegistryUrl } from './kafka/avroRegistryUrl';
import { WarnOnce } from './warnOnce';

describe('warn once per distinct value', () => {
  it('warns the first time a value comes up, not on the refreshes after it; a different value warns again', () => {
    const w = new WarnOnce();
    assert.deepEqual(['ftp://x', 'ftp://x', 'ftp://x', 'not a url', 'not a url', 'ftp://x'].map((v) => w.shouldWarn(v)), [true, false, false, true, false, false]);
  });

  it('after clear() (the value turned good) the same bad value warns again', () => {
    const w = new WarnOnce();
    assert.equal(w.shouldWarn('ftp://x'), true);
    w.clear();
    assert.deepEqual([w.shouldWarn('ftp://x'), w.shouldWarn('ftp://x')], [true, false]);
  });

  it('tells apart values of other types from their text', () => {
    const w = new WarnOnce();
    assert.deepEqual([w.shouldWarn(8081), w.shouldWarn('8081'), w.shouldWarn(8081), w.shouldWarn(null), w.shouldWarn('null')], [true, true, false, true, true]);
  });

  it('an invalid shoreline.kafka.schemaRegistryUrl read on five refreshes gives one warning, as the Kafka view does', () => {
    const w = new WarnOnce();
    const warnings: string[] = [];
    for (let refresh = 0; refresh < 5; refresh++) {
      const value = 'localhost:8081?x=1';
      try { parseSchemaRegistryUrl(value, 'shoreline.kafka.schemaRegistryUrl'); w.clear(); } catch (e) { if (w.shouldWarn(value)) warnings.push((e as Error).message); }
    }
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /shoreline\.kafka\.schemaRegistryUrl is "localhost:8081\?x=1"/);
  });
});
