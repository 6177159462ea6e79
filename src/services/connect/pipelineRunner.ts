/**
 * Runs a pipeline folder (see src/domain/connect/pipeline.ts): applies its connectors in order and waits for each to
 * run, runs its SQL, waits for its assertions, and afterwards deletes the connectors it applied (unless kept) and runs
 * the manifest's cleanup SQL. The same engine serves `shoreline pipeline run` and the VS Code command.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConnectorText } from '../../domain/connect/connectorFile';
import type { ConnectorFile, ConnectorStatus } from '../../domain/connect/connectorModel';
import { validateOffline } from '../../domain/connect/connectorValidator';
import {
  PIPELINE_FILE, describeStep, parsePipelineManifest, referencedFiles,
  type ConnectorStep, type PipelineManifest, type PipelineStep, type SqlStep,
} from '../../domain/connect/pipeline';
import { summarize, type AssertionResult, type CleanupResult, type PipelineReport, type StepResult } from '../../domain/connect/pipelineReport';
import { describeUnresolved, resolveStackReferences } from '../../domain/connect/stackVariables';
import { ShorelineError, errorMessage } from '../../domain/errors';
import { checkAssertion, describeExpectation, type CheckPorts, type ParquetCache } from './pipelineAssertions';
import type { ConnectApi } from './connectClient';

/** A pipeline folder read from disk: the manifest and the text of every file it names. */
export interface LoadedPipeline { dir: string; manifest: PipelineManifest; files: Record<string, string> }

/** Reads `<dir>/pipeline.json` and the files it names. Throws one error listing every problem of the manifest. */
export function loadPipelineDir(dir: string): LoadedPipeline {
  const manifestPath = path.join(dir, PIPELINE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(manifestPath, 'utf8');
  } catch {
    const isDir = fs.existsSync(dir) && fs.statSync(dir).isDirectory();
    throw new ShorelineError('pipeline.notFound', isDir ? `${dir} has no ${PIPELINE_FILE}` : `Pipeline folder ${dir} does not exist`,
      isDir ? `add a ${PIPELINE_FILE} (see docker/pipelines/pagila-datalake/ for an example)` : 'give the folder that holds pipeline.json, e.g. docker/pipelines/pagila-datalake');
  }
  const parsed = parsePipelineManifest(text, manifestPath);
  if (!parsed.manifest) {
    throw new ShorelineError('pipeline.invalid', `${manifestPath} has ${parsed.issues.length} problem(s); first: ${parsed.issues[0]!.message}`,
      'fix the manifest (all problems are listed below)', parsed.issues.map((i) => i.message).join('\n'));
  }
  const files: Record<string, string> = {};
  const missing: string[] = [];
  for (const f of referencedFiles(parsed.manifest)) {
    try { files[f] = fs.readFileSync(path.join(dir, f), 'utf8'); } catch { missing.push(f); }
  }
  if (missing.length) {
    throw new ShorelineError('pipeline.missingFile', `${manifestPath} names ${missing.map((m) => `"${m}"`).join(', ')}, not found in ${dir}`, 'fix the file name in the step, or add the file next to pipeline.json');
  }
  return { dir, manifest: parsed.manifest, files };
}

/** A connector file of the pipeline, parsed, with `${shoreline:…}` references resolved. */
export interface PipelineConnector { step: ConnectorStep; file: ConnectorFile; unresolved: string[] }

export function pipelineConnectors(p: LoadedPipeline, variables: Record<string, string>): PipelineConnector[] {
  return p.manifest.steps.filter((s): s is ConnectorStep => s.kind === 'connector').map((step) => {
    const parsed = parseConnectorText(p.files[step.file] ?? '', path.basename(step.file));
    const r = resolveStackReferences(parsed.config, variables);
    return { step, file: { ...parsed, config: r.config }, unresolved: r.unresolved.map((u) => describeUnresolved(u, variables)) };
  });
}

/** Offline problems of the pipeline's connector files: errors block a run, warnings are shown. */
export function checkPipelineConnectors(p: LoadedPipeline, variables: Record<string, string>): { errors: string[]; warnings: string[] } {
  const all = pipelineConnectors(p, variables);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const c of all) {
    errors.push(...c.unresolved.map((m) => `${c.step.file}: ${m}`));
    const report = validateOffline(c.file, { otherConnectors: all.filter((o) => o !== c).map((o) => o.file) });
    const where = (i: { line?: number; field: string; message: string }) => `${c.step.file}${i.line !== undefined ? `:${i.line}` : ''}: ${i.field ? `${i.field}: ` : ''}${i.message}`;
    errors.push(...report.errors.map(where));
    warnings.push(...report.warnings.filter((w) => w.severity === 'warning').map(where));
  }
  const names = all.map((c) => c.file.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) errors.push(`two connector files are named "${dup}"; the second would replace the first on the worker — give each file its own "name"`);
  return { errors, warnings };
}

export interface PipelineEnvironment extends CheckPorts {
  connect: ConnectApi;
  /** Values for `${shoreline:…}` references (see stackVariables). */
  variables: Record<string, string>;
  /** One line per thing started or finished. */
  progress?: (line: string) => void;
}

export interface RunOptions {
  /** Leave the connectors on the worker (no cleanup). */
  keep: boolean;
}

const failedState = (s: ConnectorStatus) => s.connector.state === 'FAILED' || s.tasks.some((t) => t.state === 'FAILED');
const running = (s: ConnectorStatus) => failedState(s) || (s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((t) => t.state === 'RUNNING'));
const stateLine = (s: ConnectorStatus) => [`connector ${s.connector.state}`, ...s.tasks.map((t) => `task ${t.id} ${t.state}`)].join(', ');

/** The line of a Java trace that says what went wrong: the last "Caused by", else the first line. */
function headline(trace: string | undefined): string {
  const lines = (trace ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  return (causes[causes.length - 1] ?? lines[0] ?? '').replace(/^Caused by:\s*/, '');
}

async function applyConnector(c: PipelineConnector, env: PipelineEnvironment, applied: string[]): Promise<{ detail: string; state: string }> {
  if (c.unresolved.length) throw new ShorelineError('pipeline.connectorInvalid', `${c.step.file}: ${c.unresolved[0]}`, 'fix the reference');
  const report = validateOffline(c.file);
  if (!report.valid) {
    const e = report.errors[0]!;
    throw new ShorelineError('pipeline.connectorInvalid', `${c.step.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.field ? `${e.field}: ` : ''}${e.message}`,
      `see all findings: shoreline connector validate ${c.step.file}`);
  }
  const r = await env.connect.apply(c.file.name, c.file.config);
  applied.push(r.name);
  env.progress?.(`  ${r.name}: ${r.created ? 'created' : 'updated'}; waiting for it to run`);
  const s = await env.connect.waitFor(r.name, running, { describe: 'RUNNING', timeoutMs: c.step.timeoutSeconds * 1000, pollMs: 500 });
  if (failedState(s)) {
    const trace = s.connector.trace ?? s.tasks.find((t) => t.trace)?.trace;
    throw new ShorelineError('pipeline.connectorFailed', `${r.name} failed: ${stateLine(s)}${trace ? ` — ${headline(trace)}` : ''}`, `see the trace: shoreline connector status ${r.name}`);
  }
  return { detail: `${r.name}: ${stateLine(s)}`, state: stateLine(s) };
}

async function runSql(step: SqlStep, p: LoadedPipeline, env: PipelineEnvironment): Promise<string> {
  if (step.file) {
    await env.sql.exec(step.database, p.files[step.file] ?? '');
    return `${step.file} ran on ${step.database}`;
  }
  for (const s of step.statements ?? []) {
    try {
      await env.sql.exec(step.database, s);
    } catch (e) {
      throw new ShorelineError('pipeline.sqlFailed', `"${s.length > 80 ? `${s.slice(0, 77)}…` : s}" failed on ${step.database}: ${errorMessage(e)}`, 'fix the statement in pipeline.json');
    }
  }
  return `${step.statements?.length ?? 0} statement(s) ran on ${step.database}`;
}

/**
 * Why assertions may have failed, as the stack shows it: a broker that does not answer the failed Kafka assertions'
 * topics, a worker that does not answer, or a connector or task not RUNNING (with its trace's headline). Undefined
 * when nothing is wrong there.
 */
async function runTrouble(failed: AssertionResult[], step: PipelineStep & { kind: 'assert' }, applied: string[], env: PipelineEnvironment): Promise<string | undefined> {
  const notes: string[] = [];
  // only for a wait that ran out: an assertion whose last observation failed already says why
  const topic = step.assertions.find((a) => failed.some((f) => f.id === a.id && f.detail?.startsWith('not met')) && 'topic' in a);
  if (topic && 'topic' in topic) {
    try { await env.topics.offsets(topic.topic); } catch (e) { notes.push(`Kafka: ${errorMessage(e)}`); }
  }
  for (const name of applied) {
    try {
      const s = await env.connect.status(name);
      if (failedState(s) || !running(s)) {
        const trace = s.connector.trace ?? s.tasks.find((t) => t.trace)?.trace;
        notes.push(`connector ${name}: ${stateLine(s)}${trace ? ` — ${headline(trace)}` : ''}`);
      }
    } catch (e) {
      notes.push(`connector ${name}: ${errorMessage(e)}`);
    }
  }
  return notes.length ? notes.join('; ') : undefined;
}

function skipped(step: PipelineStep & { kind: 'assert' }, why: string): AssertionResult[] {
  return step.assertions.map((a) => ({ id: a.id, type: a.type, path: a.path, status: 'skipped' as const, expected: describeExpectation(a), observed: null, summary: 'not checked', elapsedMs: 0, detail: why }));
}

async function cleanup(p: LoadedPipeline, applied: string[], env: PipelineEnvironment): Promise<CleanupResult[]> {
  const out: CleanupResult[] = [];
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (const name of [...applied].reverse()) {
    if (p.manifest.cleanup.resetOffsets) {
      try {
        await env.connect.stop(name);
        await env.connect.waitFor(name, (s) => s.connector.state === 'STOPPED' && s.tasks.length === 0, { describe: 'STOPPED', timeoutMs: 60_000, pollMs: 500 });
        // a sink's consumer group may still have members for a moment after STOPPED; the worker says to retry
        const deadline = Date.now() + 30_000;
        for (;;) {
          try { await env.connect.resetOffsets(name); break; } catch (e) { if (Date.now() >= deadline) throw e; await sleep(1000); }
        }
        out.push({ action: `reset offsets of ${name}`, ok: true });
      } catch (e) {
        out.push({ action: `reset offsets of ${name}`, ok: false, detail: errorMessage(e) });
      }
    }
    try {
      await env.connect.delete(name);
      // wait until the worker has let go of it (a source's replication slot is released when its task stops)
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        try { await env.connect.status(name); } catch (e) { if (e instanceof ShorelineError && e.code === 'connect.notFound') break; throw e; }
        await sleep(250);
      }
      out.push({ action: `delete connector ${name}`, ok: true });
    } catch (e) {
      out.push({ action: `delete connector ${name}`, ok: false, detail: errorMessage(e) });
    }
  }
  for (const s of p.manifest.cleanup.statements) {
    const action = `SQL on ${p.manifest.cleanup.database}: ${s.length > 80 ? `${s.slice(0, 77)}…` : s}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await env.sql.exec(p.manifest.cleanup.database, s);
        out.push({ action, ok: true });
        break;
      } catch (e) {
        // a replication slot stays "active" for a moment after its connector is deleted: retry
        if (Date.now() < deadline) { await sleep(1000); continue; }
        out.push({ action, ok: false, detail: errorMessage(e) });
        break;
      }
    }
  }
  return out;
}

/** Runs the pipeline and reports every step and assertion. Never throws for a failing step or assertion. */
export async function runPipeline(p: LoadedPipeline, env: PipelineEnvironment, opts: RunOptions): Promise<PipelineReport> {
  const t0 = Date.now();
  const connectors = new Map(pipelineConnectors(p, env.variables).map((c) => [c.step, c]));
  const steps: StepResult[] = [];
  const assertions: AssertionResult[] = [];
  const applied: string[] = [];
  const cache: ParquetCache = new Map();
  let blockedBy: string | undefined;
  for (const [index, step] of p.manifest.steps.entries()) {
    const description = describeStep(step);
    const base = { index: index + 1, path: step.path, kind: step.kind, description };
    if (blockedBy) {
      steps.push({ ...base, status: 'skipped', elapsedMs: 0, detail: blockedBy });
      if (step.kind === 'assert') assertions.push(...skipped(step, blockedBy));
      continue;
    }
    env.progress?.(`[${index + 1}/${p.manifest.steps.length}] ${description}`);
    const s0 = Date.now();
    try {
      if (step.kind === 'connector') {
        const c = connectors.get(step)!;
        const r = await applyConnector(c, env, applied);
        steps.push({ ...base, status: 'ok', elapsedMs: Date.now() - s0, detail: r.detail, connector: { name: c.file.name, state: r.state } });
      } else if (step.kind === 'sql') {
        const detail = await runSql(step, p, env);
        steps.push({ ...base, status: 'ok', elapsedMs: Date.now() - s0, detail });
      } else {
        const results = await Promise.all(step.assertions.map((a) => checkAssertion(a, env, cache)));
        const failed = results.filter((r) => r.status !== 'pass').length;
        // a stopped worker or a FAILED task is the likely cause of a wait that ran out: say so next to each failure
        const trouble = failed ? await runTrouble(results.filter((r) => r.status !== 'pass'), step, applied, env) : undefined;
        if (trouble) for (const r of results) if (r.status !== 'pass') r.detail = `${r.detail ?? 'not met'}; ${trouble}`;
        for (const r of results) env.progress?.(`  ${r.status.toUpperCase()} ${r.id}: ${r.summary}`);
        assertions.push(...results);
        steps.push({ ...base, status: 'ok', elapsedMs: Date.now() - s0, detail: `${results.length - failed} passed, ${failed} failed${trouble ? ` (${trouble})` : ''}` });
      }
    } catch (e) {
      const detail = errorMessage(e);
      const c = step.kind === 'connector' ? connectors.get(step) : undefined;
      steps.push({ ...base, status: 'failed', elapsedMs: Date.now() - s0, detail, ...(c ? { connector: { name: c.file.name } } : {}) });
      env.progress?.(`  failed: ${detail}`);
      blockedBy = `step ${index + 1} (${description}) failed`;
    }
  }
  const cleaned = opts.keep ? [] : await cleanup(p, applied, env);
  return { pipeline: p.manifest.name, dir: p.dir, ...summarize(steps, assertions), steps, assertions, cleanup: cleaned, kept: opts.keep, elapsedMs: Date.now() - t0 };
}
