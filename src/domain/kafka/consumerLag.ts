/**
 * Consumer lag: per partition end − committed, per topic and per group the sum. Pure.
 */
import type { PartitionLag } from './kafkaModel';

/** End offsets (and low watermarks) of a topic's partitions. */
export interface PartitionEnds { partition: number; low: number; high: number }

/** Committed offsets of a group on a topic; −1 (Kafka's "none") and null both mean nothing committed. */
export interface Committed { partition: number; offset: number | null }

/**
 * Lag of a group on every partition of a topic. A committed offset below the low watermark (data deleted by
 * retention) counts from the low watermark: that is where the consumer will resume.
 */
export function partitionLags(topic: string, ends: PartitionEnds[], committed: Committed[]): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, c.offset]));
  return [...ends].sort((a, b) => a.partition - b.partition).map((e) => {
    const raw = byPartition.get(e.partition);
    const c = raw === undefined || raw === null || raw < 0 ? null : raw;
    const lag = c === null ? null : Math.max(0, e.high - Math.max(c, e.low));
    return { topic, partition: e.partition, committed: c, end: e.high, low: e.low, lag };
  });
}

/** Sum of the known lags (partitions without a commit count 0, as kafka-consumer-groups shows "-" for them). */
export function totalLag(lags: PartitionLag[]): number {
  return lags.reduce((s, l) => s + (l.lag ?? 0), 0);
}

/** Lag per topic, in topic order. */
export function lagByTopic(lags: PartitionLag[]): Array<{ topic: string; lag: number; partitions: number }> {
  const m = new Map<string, { lag: number; partitions: number }>();
  for (const l of lags) {
    const t = m.get(l.topic) ?? { lag: 0, partitions: 0 };
    t.lag += l.lag ?? 0;
    t.partitions += 1;
    m.set(l.topic, t);
  }
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([topic, v]) => ({ topic, ...v }));
}
