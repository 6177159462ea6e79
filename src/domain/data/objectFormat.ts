/**
 * Which decoder an S3 object needs, from its first bytes and its key: Parquet (PAR1 magic), gzip (1f 8b, then again
 * for what is inside), JSON (one document or an array) or JSON Lines.
 */

export type ObjectFormat = 'parquet' | 'gzip' | 'json' | 'jsonl' | 'text';

export function sniffFormat(key: string, bytes: Uint8Array): ObjectFormat {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31) return 'parquet';
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  const k = key.toLowerCase().replace(/\.gz$/, '');
  if (k.endsWith('.jsonl') || k.endsWith('.ndjson')) return 'jsonl';
  if (k.endsWith('.json')) return 'json';
  return 'text';
}

/**
 * Parses JSON text as documents: a JSON array → its elements, one JSON value → itself, otherwise one document per
 * non-empty line. A bad line throws with its 1-based number.
 */
export function parseJsonDocuments(text: string): unknown[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const whole = JSON.parse(trimmed) as unknown;
    return Array.isArray(whole) ? whole : [whole];
  } catch { /* not one document: JSON Lines */ }
  const out: unknown[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try { out.push(JSON.parse(line)); } catch (e) { throw new SyntaxError(`line ${i + 1} is not JSON (${(e as Error).message})`); }
  });
  return out;
}
