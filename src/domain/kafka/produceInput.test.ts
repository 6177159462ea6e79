import * as assert from 'node:assert/strict';
import { expandTemplate, parseHeaderPairs, parseProduceText, renderTemplate } from './produceInput';
import { findSample, STOREFRONT_SAMPLES } from './storefrontSamples';

const ctx = { uuid: () => 'u-1', now: () => 1700000000000, random: () => 0.5 };

describe('produce input', () => {
  it('reads JSON Lines: envelopes and bare values, skipping blanks and // comments', () => {
    const r = parseProduceText('{"key":"a","value":{"n":1},"headers":{"h":"1"}}\n\n// note\n{"n":2}\n"plain"\n{"key":"b","value":null,"partition":2}\n', 'in.jsonl');
    assert.deepEqual(r.messages, [
      { key: 'a', value: '{"n":1}', headers: { h: '1' } },
      { value: '{"n":2}' },
      { value: 'plain' },
      { key: 'b', value: null, partition: 2 },
    ]);
  });
  it('reads a JSON array document and a single pretty-printed message', () => {
    assert.equal(parseProduceText('[\n {"value": "a"},\n {"value": "b"}\n]').messages.length, 2);
    assert.deepEqual(parseProduceText('{\n  "key": "k",\n  "value": "v"\n}').messages, [{ key: 'k', value: 'v' }]);
  });
  it('refuses an invalid line naming it, and sends nothing; skipping bad lines is opt-in', () => {
    const text = '{"value":"a"}\n{"value": oops}\n{"value":"c"}\n';
    assert.throws(() => parseProduceText(text, 'orders.jsonl'), (e: Error & { code: string }) => e.code === 'kafka.invalidJson' && /orders\.jsonl line 2 is not valid JSON .*nothing was sent/.test(e.message));
    const r = parseProduceText(text, 'orders.jsonl', { skipBadLines: true });
    assert.deepEqual([r.messages.length, r.skipped.map((s) => s.line)], [2, [2]]);
    assert.throws(() => parseProduceText('{"value":"a","partition":-1}'), /"partition" must be a whole number/);
    assert.throws(() => parseProduceText('  \n'), /holds no messages/);
  });
  it('parses headers and fills templates', () => {
    assert.deepEqual(parseHeaderPairs(['a=1', 'b=x=y']), { a: '1', b: 'x=y' });
    assert.throws(() => parseHeaderPairs(['nope']), /Header "nope" is not key=value/);
    assert.equal(renderTemplate('{{i}}/{{counter}}/{{uuid}}/{{timestamp}}/{{iso}}/{{randomInt 1 10}}/{{pick a|b|c}}', 4, ctx),
      '4/5/u-1/1700000000000/2023-11-14T22:13:20.000Z/6/b');
    assert.throws(() => renderTemplate('{{nope}}', 0, ctx), /\{\{nope\}\} is not a known placeholder/);
    const many = expandTemplate({ key: 'order-{{counter}}', value: '{"n":{{i}}}' }, 3, ctx);
    assert.deepEqual(many.map((m) => [m.key, m.value]), [['order-1', '{"n":0}'], ['order-2', '{"n":1}'], ['order-3', '{"n":2}']]);
    assert.throws(() => expandTemplate({ value: 'x' }, 0, ctx), /--count 0 is not allowed/);
  });
  it('offers the three Storefront events of the seeds on their topics, with parseable payloads', () => {
    assert.deepEqual(STOREFRONT_SAMPLES.map((s) => s.topic), ['accounts.customer.change', 'orders.order.fulfill', 'fulfillment.order.change']);
    for (const s of STOREFRONT_SAMPLES) assert.doesNotThrow(() => JSON.parse(s.message.value!));
    const fulfill = JSON.parse(findSample('orders.order.fulfill')!.message.value!) as { order: { orderItems: Array<{ product: { price: number } }> } };
    assert.equal(fulfill.order.orderItems[0]!.product.price, 11.99);
    assert.equal(findSample('order-status-change')!.message.key, 'facb2d0c-4ae7-4d6c-96a0-293d9c521652');
  });
});
