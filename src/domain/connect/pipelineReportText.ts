/** Human-readable output of `shoreline pipeline run` (the JSON output is the report itself). */
import type { PipelineReport } from './pipelineReport';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function pipelineReportText(r: PipelineReport, dir: string): string {
  const out = [`pipeline ${r.pipeline} (${dir})`, '', 'steps'];
  for (const s of r.steps) {
    out.push(`  ${String(s.index).padStart(2)}  ${s.status.padEnd(7)}  ${s.description}  (${secs(s.elapsedMs)})${s.detail ? `\n               ${s.detail}` : ''}`);
  }
  out.push('', 'assertions');
  for (const a of r.assertions) {
    const mark = a.status === 'pass' ? 'PASS' : a.status === 'fail' ? 'FAIL' : 'SKIP';
    out.push(`  ${mark}  ${a.id}  (${secs(a.elapsedMs)})`);
    out.push(`        expected  ${a.expected}`);
    out.push(`        observed  ${a.summary}`);
    if (a.detail) out.push(`        ${a.status === 'skipped' ? 'why     ' : 'note    '}  ${a.detail}`);
  }
  if (r.kept) out.push('', 'cleanup: skipped (--keep); the connectors are still on the worker');
  else if (r.cleanup.length) {
    out.push('', 'cleanup');
    for (const c of r.cleanup) out.push(`  ${c.ok ? 'ok    ' : 'failed'}  ${c.action}${c.detail ? ` — ${c.detail}` : ''}`);
  }
  const s = r.summary;
  out.push('', `${r.passed ? 'PASSED' : 'FAILED'}: ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}${s.stepsFailed ? `; ${s.stepsFailed} step(s) failed` : ''} in ${secs(r.elapsedMs)}`);
  return out.join('\n');
}
