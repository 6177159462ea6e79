/**
 * When an ECR authorization token may be used, and an in-memory cache for tokens. Tokens are credentials: this
 * cache holds them in memory only, never writes them anywhere and never prints them.
 */

/** ECR tokens are valid for 12 hours. */
export const ECR_TOKEN_LIFETIME_MS = 12 * 3600_000;
/** A role session reached by role chaining (a role assumed with role credentials) lasts at most 1 hour. */
export const CHAINED_ROLE_MAX_MS = 3600_000;
/** Stop using a token this long before it expires, so a push that starts never runs into the expiry. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenValidityInput {
  /** When GetAuthorizationToken answered. */
  issuedAt: number;
  /** expiresAt as ECR reported it (missing or in the past for some emulators). */
  reportedExpiresAt?: number;
  /** Expiry of the credentials the token was obtained with (an assumed role's session). */
  credentialsExpireAt?: number;
  /** The credentials come from role chaining: the session (and so the token) lasts at most 1 hour. */
  chainedRole?: boolean;
}

/**
 * The moment a token stops being safe to use: the earliest of ECR's expiry, 12 h after issue, the credentials'
 * expiry and (for chained roles) 1 h after issue, minus the refresh margin. A reported expiry in the past (moto
 * answers 2015-01-01) is ignored in favour of the 12 h rule; a result at or before issuedAt means "do not cache".
 */
export function tokenUsableUntil(v: TokenValidityInput): number {
  const limits = [v.issuedAt + ECR_TOKEN_LIFETIME_MS];
  if (v.reportedExpiresAt !== undefined && v.reportedExpiresAt > v.issuedAt) limits.push(v.reportedExpiresAt);
  if (v.credentialsExpireAt !== undefined) limits.push(v.credentialsExpireAt);
  if (v.chainedRole) limits.push(v.issuedAt + CHAINED_ROLE_MAX_MS);
  return Math.min(...limits) - TOKEN_REFRESH_MARGIN_MS;
}

export interface CachedToken<T> { value: T; usableUntil: number }

/** Tokens by key (e.g. "<caller>|<registry id>|<region>|<endpoint>"), valid until tokenUsableUntil(). */
export class TokenCache<T> {
  private readonly entries = new Map<string, CachedToken<T>>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() >= e.usableUntil) { this.entries.delete(key); return undefined; }
    return e.value;
  }

  /** Stores a token; returns false (and stores nothing) when it is already too close to expiry. */
  put(key: string, value: T, validity: TokenValidityInput): boolean {
    const usableUntil = tokenUsableUntil(validity);
    if (usableUntil <= this.now()) { this.entries.delete(key); return false; }
    this.entries.set(key, { value, usableUntil });
    return true;
  }

  /** Forget a token, e.g. after the registry refused it. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
