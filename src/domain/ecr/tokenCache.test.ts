import * as assert from 'node:assert/strict';
import { CHAINED_ROLE_MAX_MS, ECR_TOKEN_LIFETIME_MS, TOKEN_REFRESH_MARGIN_MS, TokenCache, tokenUsableUntil } from './tokenCache';

const T0 = Date.parse('2026-12-03T08:00:00Z');
const H = 3600_000;

describe('ECR token validity and cache', () => {
  it('uses a 12 h token until 5 minutes before it expires', () => {
    assert.equal(tokenUsableUntil({ issuedAt: T0, reportedExpiresAt: T0 + 12 * H }), T0 + ECR_TOKEN_LIFETIME_MS - TOKEN_REFRESH_MARGIN_MS);
    // an expiry later than 12 h is not trusted beyond 12 h
    assert.equal(tokenUsableUntil({ issuedAt: T0, reportedExpiresAt: T0 + 48 * H }), T0 + 12 * H - TOKEN_REFRESH_MARGIN_MS);
  });

  it('caps the token at 1 h for chained roles and at the credentials\' expiry', () => {
    assert.equal(tokenUsableUntil({ issuedAt: T0, reportedExpiresAt: T0 + 12 * H, chainedRole: true }), T0 + CHAINED_ROLE_MAX_MS - TOKEN_REFRESH_MARGIN_MS);
    assert.equal(tokenUsableUntil({ issuedAt: T0, reportedExpiresAt: T0 + 12 * H, credentialsExpireAt: T0 + 30 * 60_000 }), T0 + 25 * 60_000);
  });

  it('ignores an expiry in the past (moto reports 2015-01-01) and falls back to 12 h', () => {
    assert.equal(tokenUsableUntil({ issuedAt: T0, reportedExpiresAt: Date.parse('2015-01-01T00:00:00Z') }), T0 + 12 * H - TOKEN_REFRESH_MARGIN_MS);
  });

  it('serves a cached token until the margin, then forgets it', () => {
    let now = T0;
    const cache = new TokenCache<string>(() => now);
    assert.ok(cache.put('vendor', 'tok-1', { issuedAt: T0, reportedExpiresAt: T0 + 12 * H, chainedRole: true }));
    now = T0 + 54 * 60_000;
    assert.equal(cache.get('vendor'), 'tok-1');
    now = T0 + 55 * 60_000;
    assert.equal(cache.get('vendor'), undefined);
    assert.equal(cache.size, 0);
  });

  it('does not store a token that is already inside the margin, and can invalidate one', () => {
    const now = T0;
    const cache = new TokenCache<string>(() => now);
    assert.equal(cache.put('k', 'old', { issuedAt: T0 - 12 * H + 60_000, reportedExpiresAt: T0 + 60_000 }), false);
    assert.equal(cache.get('k'), undefined);
    cache.put('k', 'fresh', { issuedAt: T0 });
    cache.invalidate('k');
    assert.equal(cache.get('k'), undefined);
  });
});
