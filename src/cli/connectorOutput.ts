/** Human-readable output of the connector commands (the JSON output is the model itself). */
import type { ConfigIssue, ConnectorStatus, PluginInfo, ValidationReport } from '../domain/connect/connectorModel';
import type { ConnectorTemplate } from '../domain/connect/connectorTemplates';
import type { ConnectorOffsets, ConnectorSummary } from '../services/connect/connectClient';
import type { RestartResult } from '../services/connect/connectClient';

/** Left-aligned columns, two spaces apart. */
export function columns(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

export function pluginTable(plugins: PluginInfo[]): string {
  const order = ['source', 'sink', 'transformation', 'predicate', 'converter', 'header_converter'];
  const rank = (t: string) => { const i = order.indexOf(t); return i < 0 ? order.length : i; };
  const sorted = [...plugins].sort((a, b) => rank(a.type) - rank(b.type) || a.class.localeCompare(b.class) || a.version.localeCompare(b.version));
  return columns(['TYPE', 'CLASS', 'VERSION'], sorted.map((p) => [p.type, p.class, p.version]));
}

/** The line of a Java trace that says what went wrong: the last "Caused by", else the first line. */
export function traceHeadline(trace: string): string {
  const lines = trace.split('\n').map((l) => l.trim()).filter(Boolean);
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  return (causes[causes.length - 1] ?? lines[0] ?? '').replace(/^Caused by:\s*/, '');
}

export function statusText(s: ConnectorStatus): string {
  const out = [`${s.name} (${s.type})  connector ${s.connector.state}  on ${s.connector.workerId}`];
  if (s.connector.trace) out.push(`  ${traceHeadline(s.connector.trace)}`);
  if (!s.tasks.length) out.push('  no tasks');
  for (const t of s.tasks) {
    out.push(`  task ${t.id}  ${t.state}  on ${t.workerId}`);
    if (t.trace) out.push(`    ${traceHeadline(t.trace)}`);
  }
  if (s.connector.trace || s.tasks.some((t) => t.trace)) out.push('  (full traces: --json)');
  return out.join('\n');
}

export function listTable(list: ConnectorSummary[]): string {
  if (!list.length) return 'no connectors';
  return columns(['NAME', 'TYPE', 'STATE', 'TASKS', 'CLASS'], list.map((c) => [
    c.name, c.type, c.status?.connector.state ?? '-',
    c.status ? c.status.tasks.map((t) => `${t.id}:${t.state}`).join(',') || '-' : '-',
    c.config['connector.class'] ?? '-',
  ]));
}

export function restartText(r: RestartResult, options: { includeTasks: boolean; onlyFailed: boolean }): string {
  if (!r.accepted || !r.status) return `${r.name}: connector restarted`;
  const s = r.status;
  const restarting = [s.connector.state === 'RESTARTING' ? 'connector' : undefined, ...s.tasks.filter((t) => t.state === 'RESTARTING').map((t) => `task ${t.id}`)].filter(Boolean);
  const kept = [s.connector.state !== 'RESTARTING' ? `connector ${s.connector.state}` : undefined, ...s.tasks.filter((t) => t.state !== 'RESTARTING').map((t) => `task ${t.id} ${t.state}`)].filter(Boolean);
  const what = options.onlyFailed ? 'failed instances' : options.includeTasks ? 'connector and tasks' : 'connector';
  return `${r.name}: restart of ${what} accepted — restarting: ${restarting.join(', ') || 'nothing'}${kept.length ? `; left as they are: ${kept.join(', ')}` : ''}`;
}

export function offsetsText(name: string, offsets: ConnectorOffsets): string {
  if (!offsets.length) return `${name}: no committed offsets`;
  return offsets.map((o) => `${JSON.stringify(o.partition)}  ->  ${JSON.stringify(o.offset)}`).join('\n');
}

export function templatesTable(templates: readonly ConnectorTemplate[]): string {
  return columns(['ID', 'CLASS', 'TITLE'], templates.map((t) => [t.id, t.connectorClass.replace(/^.*\./, ''), t.title]));
}

function issueLine(file: string, i: ConfigIssue): string {
  const where = i.line !== undefined ? `${file}:${i.line}:${i.column ?? 1}` : file;
  return `${where}  ${i.severity.padEnd(7)}  ${i.field || '(file)'}: ${i.message}${i.suggestion ? ` (did you mean "${i.suggestion}"?)` : ''}  [${i.rule}]`;
}

export function reportText(file: string, r: ValidationReport): string {
  const lines = [...r.errors, ...r.warnings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((i) => issueLine(file, i));
  const summary = `${r.valid ? 'valid' : 'invalid'}: ${r.errors.length} error(s), ${r.warnings.length} warning(s)`;
  return [...lines, summary].join('\n');
}
