/**
 * Keeps a warning that is raised on every refresh (an invalid setting read again by each tree refresh) to once per
 * distinct value: `shouldWarn` is true the first time a value comes up and false after that, until `clear()` — called
 * when the value turned good, so setting the same bad value again later warns again. Values are only compared, never
 * shown. Pure.
 */
export class WarnOnce {
  private readonly seen = new Set<string>();

  /** True the first time `value` is seen since the last {@link clear}. */
  shouldWarn(value: unknown): boolean {
    const key = typeof value === 'string' ? `s:${value}` : `j:${JSON.stringify(value) ?? String(value)}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** The value is good again: forget what was warned about. */
  clear(): void { this.seen.clear(); }
}
