import * as assert from 'node:assert/strict';
import { ReconnectBackoff } from './reconnectBackoff';

describe('live tail reconnect backoff', () => {
  it('grows from 0.5 s, doubling, to at most 5 s while the broker stays away', () => {
    const b = new ReconnectBackoff();
    assert.deepEqual(Array.from({ length: 7 }, () => b.next()), [500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('starts again from 0.5 s after a reconnect succeeded: a second outage does not wait the grown delay', () => {
    const b = new ReconnectBackoff();
    const first = [b.next(), b.next(), b.next(), b.next(), b.next()];
    assert.deepEqual(first, [500, 1000, 2000, 4000, 5000]);
    b.reset();
    assert.deepEqual([b.next(), b.next(), b.next()], [500, 1000, 2000]);
  });

  it('takes its own base and ceiling', () => {
    const b = new ReconnectBackoff(100, 250);
    assert.deepEqual([b.next(), b.next(), b.next(), b.next()], [100, 200, 250, 250]);
  });
});
