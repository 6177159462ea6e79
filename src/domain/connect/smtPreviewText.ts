/**
 * Renders an SMT chain preview for people: Markdown for the VS Code document, plain text for the CLI. Both show the
 * chain as a pipeline, each step's result and the notes for steps Shoreline did not run. Pure.
 */
import type { SmtPreviewResult, SmtStepResult } from './smtPreview';
import { shortJson } from './smtPreviewChecks';
import type { ConnectSchema, SmtRecord } from './smtRecord';

export interface PreviewHeading {
  connectorName: string;
  /** Where the sample came from: a sample id and title, a file, the clipboard. */
  sample: string;
}

const STATUS: Record<SmtStepResult['status'], string> = {
  applied: 'applied', skipped: 'skipped (predicate)', dropped: 'dropped the record', failed: 'FAILED', 'not-supported': 'NOT RUN (not supported)', 'not-run': 'not run',
};
const ICON: Record<SmtStepResult['status'], string> = { applied: '✅', skipped: '⏭️', dropped: '🗑️', failed: '❌', 'not-supported': '⚠️', 'not-run': '⏸️' };

const simple = (type: string): string => type.slice(type.lastIndexOf('.') + 1) || '(no type)';

/** The record as JSON without schemas (they are summarised separately). */
export function recordJson(r: SmtRecord): Record<string, unknown> {
  return {
    topic: r.topic, partition: r.partition, ...(r.offset !== null ? { offset: r.offset } : {}), timestamp: r.timestamp,
    key: r.key, value: r.value, headers: r.headers.map((h) => ({ key: h.key, value: h.value })),
  };
}

export function schemaSummary(s: ConnectSchema | null): string {
  if (s === null) return 'none (schemaless)';
  const head = `${s.type}${s.name ? ` ${s.name}` : ''}${s.optional ? ' optional' : ''}`;
  if (s.type !== 'struct') return head;
  return `${head} {${(s.fields ?? []).map((f) => `${f.field}: ${f.name ? f.name.slice(f.name.lastIndexOf('.') + 1) : f.type}${f.optional ? '?' : ''}`).join(', ')}}`;
}

const schemaLines = (r: SmtRecord): string[] => [`key schema: ${schemaSummary(r.keySchema)}`, `value schema: ${schemaSummary(r.valueSchema)}`];

function pipelineLine(result: SmtPreviewResult): string {
  if (result.steps.length === 0) return '(no transforms)';
  return result.steps.map((s) => `${s.alias} (${simple(s.type)}${s.predicate ? ` if ${s.predicate.negate ? 'not ' : ''}${s.predicate.alias}` : ''})`).join(' → ');
}

/** Markdown for the read-only preview document. */
export function previewMarkdown(result: SmtPreviewResult, heading: PreviewHeading): string {
  const out: string[] = [];
  const json = (v: unknown): void => { out.push('```json', JSON.stringify(v, null, 2), '```'); };
  out.push(`# SMT chain preview: ${heading.connectorName}`, '');
  out.push(`- Connector: \`${result.connectorClass || '(no connector.class)'}\` (${result.kind})`, `- Sample: ${heading.sample}`);
  if (result.steps.some((s) => s.type.startsWith('io.debezium.'))) out.push(`- Debezium SMTs as Debezium ${result.debeziumVersion} runs them`);
  out.push('', `**Result: ${result.outcome}** — ${result.summary}`, '', '## Pipeline', '', pipelineLine(result), '', '## Input', '');
  json(recordJson(result.input));
  out.push('', ...schemaLines(result.input).map((l) => `- ${l}`), '');
  result.steps.forEach((s, i) => {
    out.push(`## ${i + 1}. ${s.alias} — ${simple(s.type)} ${ICON[s.status]} ${STATUS[s.status]}`, '');
    out.push(`- Type: \`${s.type || '(missing)'}\`${s.title ? ` — ${s.title}` : ''}`);
    const settings = Object.entries(s.settings);
    if (settings.length) out.push(`- Settings: ${settings.map(([k, v]) => `\`${k}=${v}\``).join(', ')}`);
    if (s.predicate) out.push(`- Predicate: \`${s.predicate.alias}\` (${simple(s.predicate.type)})${s.predicate.negate ? ', negate=true' : ''}${s.predicate.matched !== undefined ? ` → ${s.predicate.matched ? 'matches' : 'does not match'}` : ''}`);
    if (s.reason) out.push(`- ${s.reason}`);
    if (s.error) out.push(`- **${s.error.exception}**: ${s.error.message}`);
    for (const n of s.notes) out.push(`- ${n}`);
    if (s.status === 'applied') {
      out.push('', 'Changes:', '', ...s.changes.map((c) => `- \`${c}\``), '', 'Output:', '');
      json(recordJson(s.output!));
      out.push('', ...schemaLines(s.output!).map((l) => `- ${l}`));
    }
    out.push('');
  });
  if (result.output && result.outcome === 'delivered') {
    out.push('## Final record', '');
    json(recordJson(result.output));
    out.push('', ...schemaLines(result.output).map((l) => `- ${l}`), '');
  }
  if (result.checks.length) out.push('## Checks', '', ...result.checks.map((c) => `- ${c.ok ? '✅' : '❌'} ${c.check}: ${c.message}`), '');
  if (result.notes.length) out.push('## Notes', '', ...result.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** Plain text for `shoreline connector preview`. */
export function previewText(result: SmtPreviewResult, heading: PreviewHeading): string {
  const out: string[] = [];
  const rec = (label: string, r: SmtRecord): void => {
    out.push(`${label}topic=${r.topic} partition=${r.partition ?? 'null'}${r.offset !== null ? ` offset=${r.offset}` : ''} timestamp=${r.timestamp ?? 'null'}`);
    out.push(`${' '.repeat(label.length)}key=${shortJson(r.key, 200)}`, `${' '.repeat(label.length)}value=${shortJson(r.value, 400)}`);
    if (r.headers.length) out.push(`${' '.repeat(label.length)}headers=${shortJson(r.headers.map((h) => ({ [h.key]: h.value })), 200)}`);
  };
  out.push(`SMT preview of ${heading.connectorName} (${result.kind}, ${result.connectorClass || 'no connector.class'})`, `sample: ${heading.sample}`);
  rec('input: ', result.input);
  out.push('', `pipeline: ${pipelineLine(result)}`, '');
  result.steps.forEach((s, i) => {
    out.push(`${i + 1}. ${s.alias}  ${s.type || '(no type)'}  → ${STATUS[s.status]}`);
    if (s.predicate) out.push(`     predicate ${s.predicate.alias}${s.predicate.negate ? ' (negate)' : ''}${s.predicate.matched !== undefined ? `: ${s.predicate.matched ? 'matches' : 'does not match'}` : ''}`);
    if (s.status === 'applied') for (const c of s.changes) out.push(`     ${c}`);
    if (s.error) out.push(`     ${s.error.exception}: ${s.error.message}`);
    if (s.reason) out.push(`     ${s.reason}`);
    for (const n of s.notes) out.push(`     note: ${n}`);
  });
  out.push('', `result: ${result.outcome} — ${result.summary}`);
  if (result.output && result.outcome === 'delivered') rec('output: ', result.output);
  for (const c of result.checks) out.push(`${c.ok ? 'ok' : 'problem'}: ${c.check}: ${c.message}`);
  for (const n of result.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
