/**
 * Where a read starts, from the words people type: `beginning`, `latest` (new messages only), `last:N` (the last N
 * of each partition), `offset:N` or a bare number, `timestamp:MS` / an ISO time. Pure.
 */
import { ShorelineError } from '../errors';
import type { StartPosition } from './kafkaModel';
import { parseTimestamp } from './offsetReset';

/** `follow` is true for `latest`: starting at the end only makes sense while waiting for new messages. */
export function parseStartPosition(text: string): { from: StartPosition; follow: boolean } {
  const t = text.trim();
  if (t === 'beginning' || t === 'earliest') return { from: { kind: 'beginning' }, follow: false };
  if (t === 'latest' || t === 'end') return { from: { kind: 'latest', count: 0 }, follow: true };
  let m = /^(?:last|latest-):?(\d+)$/.exec(t);
  if (m) return { from: { kind: 'latest', count: Number(m[1]) }, follow: false };
  m = /^(?:offset:)?(\d+)$/.exec(t);
  if (m) return { from: { kind: 'offset', offset: Number(m[1]) }, follow: false };
  const ts = parseTimestamp(t.replace(/^timestamp:/, ''));
  if ((t.startsWith('timestamp:') || /^\d{4}-\d{2}-\d{2}/.test(t)) && ts !== undefined) return { from: { kind: 'timestamp', timestamp: ts }, follow: false };
  throw new ShorelineError('kafka.badStart', `"${text}" is not a start position`,
    'use beginning, latest, last:N, offset:N (or N), timestamp:<epoch ms> or an ISO time such as 2024-06-01T12:00:00Z');
}
