/**
 * The result of a pipeline run, as the CLI prints it with --json and as any other front end shows it. Pure.
 */
import type { AssertionType, PipelineStep } from './pipeline';

export type AssertionStatus = 'pass' | 'fail' | 'skipped';

export interface AssertionResult {
  id: string;
  type: AssertionType;
  /** Where the assertion is in the manifest (`steps[3].assert[0]`). */
  path: string;
  status: AssertionStatus;
  /** What was expected, in words ("end offset ≥ 603"). */
  expected: string;
  /** The value seen last (a number, keys, rows, a message), as JSON. */
  observed: unknown;
  /** The observed value in one line ("603", "2 objects: …"). */
  summary: string;
  elapsedMs: number;
  /** Why it failed or was skipped, beyond the observed value (an error talking to Kafka, a timeout). */
  detail?: string;
}

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface StepResult {
  index: number;
  path: string;
  kind: PipelineStep['kind'];
  description: string;
  status: StepStatus;
  elapsedMs: number;
  detail?: string;
  /** Connector steps: the connector's name and the states it reached. */
  connector?: { name: string; state?: string };
}

export interface CleanupResult { action: string; ok: boolean; detail?: string }

export interface PipelineReport {
  pipeline: string;
  dir: string;
  passed: boolean;
  summary: { passed: number; failed: number; skipped: number; stepsFailed: number };
  steps: StepResult[];
  assertions: AssertionResult[];
  /** Empty when the run kept its connectors (--keep). */
  cleanup: CleanupResult[];
  kept: boolean;
  elapsedMs: number;
}

/** Counts and the overall verdict: passed only if every step ran and every assertion passed. */
export function summarize(steps: StepResult[], assertions: AssertionResult[]): Pick<PipelineReport, 'passed' | 'summary'> {
  const count = (s: AssertionStatus) => assertions.filter((a) => a.status === s).length;
  const summary = { passed: count('pass'), failed: count('fail'), skipped: count('skipped'), stepsFailed: steps.filter((s) => s.status === 'failed').length };
  return { passed: summary.failed === 0 && summary.skipped === 0 && summary.stepsFailed === 0 && assertions.length > 0, summary };
}
