/**
 * Edit-distance helpers for "did you mean …?" suggestions (config keys, class names, bucket names). Pure.
 */

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two neighbouring characters
 * each cost 1 (`hostsname` → `hostname` is 1, `adress` → `address` is 1, `evlove` → `evolve` is 1).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // three rolling rows: two back (for swaps), previous, current
  let prev2 = new Int32Array(b.length + 1);
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // every later row is at least this row's minimum minus one swap's worth: stop once nothing can come back under max
    if (rowMin > max + 1) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/** Lower case, and `-`/`_` read as `.`: `auto-evolve`, `Auto_Evolve` and `auto.evolve` are the same key to a human. */
export function normalizeKey(key: string): string {
  let n = normalized.get(key);
  if (n === undefined) {
    n = key.toLowerCase().replace(/[-_]/g, '.');
    // the catalog's keys repeat on every validation; user-typed keys are few — cap the cache anyway
    if (normalized.size > 10_000) normalized.clear();
    normalized.set(key, n);
  }
  return n;
}

const normalized = new Map<string, string>();

/** The largest distance still treated as a misspelling of a word of this length. */
export function typoBudget(word: string): number {
  if (word.length <= 4) return 1;
  if (word.length <= 10) return 2;
  return 3;
}

export interface Match { candidate: string; distance: number }

/**
 * Candidates within `maxDistance` of `word` (default {@link typoBudget}), closest first. Separator and case
 * differences count as distance 0.
 */
export function closestMatches(word: string, candidates: Iterable<string>, maxDistance = typoBudget(word)): Match[] {
  const w = normalizeKey(word);
  const out: Match[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (c === word || seen.has(c)) continue;
    seen.add(c);
    // cheap length filter before the quadratic distance
    if (Math.abs(c.length - word.length) > maxDistance) continue;
    const d = editDistance(w, normalizeKey(c), maxDistance);
    if (d <= maxDistance) out.push({ candidate: c, distance: d });
  }
  return out.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
}

/** The single best candidate, if any is within the budget. */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  return closestMatches(word, candidates, maxDistance)[0]?.candidate;
}
