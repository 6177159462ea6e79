/**
 * Pipelines: a folder holding a `pipeline.json` manifest, connector files, optional SQL files and assertions. The
 * manifest lists steps in order — apply a connector and wait until it runs, run SQL, wait for assertions — plus what
 * to clean up afterwards. This module parses and checks the manifest; every issue names the field, the value and the
 * fix. Pure: the runner in src/services/connect/pipelineRunner.ts reads the files and does the work.
 */
import { closestMatch } from './closestMatch';
import { WHERE_OPERATORS, isOperatorObject, type CountExpectation, type Where } from './pipelineMatch';
import {
  ASSERTION_TYPES, DEFAULT_ASSERTION_TIMEOUT_S, DEFAULT_CONNECTOR_TIMEOUT_S, PIPELINE_FILE,
  type AssertionType, type ConnectorStep, type ParsedPipeline, type PipelineAssertion, type PipelineCleanup, type PipelineIssue, type PipelineManifest, type PipelineStep,
} from './pipelineModel';

/** The model's types and constants, so callers need one import. */
export * from './pipelineModel';

type Json = Record<string, unknown>;

const TOP_KEYS = ['$schema', 'name', 'description', 'database', 'steps', 'assertions', 'cleanup'];
const STEP_KINDS = ['connector', 'sql', 'sqlFile', 'assert'];
const STEP_KEYS: Record<string, string[]> = {
  connector: ['name', 'connector', 'timeoutSeconds'],
  sql: ['name', 'sql', 'database'],
  sqlFile: ['name', 'sqlFile', 'database'],
  assert: ['name', 'assert'],
};
const COMMON_ASSERTION_KEYS = ['type', 'name', 'timeoutSeconds'];
const COUNT_KEYS = ['equals', 'atLeast', 'atMost'];
const ASSERTION_KEYS: Record<AssertionType, string[]> = {
  topicEndOffset: ['topic', ...COUNT_KEYS],
  topicMessageCount: ['topic', ...COUNT_KEYS],
  message: ['topic', 'where', 'fromBeginning'],
  s3Objects: ['bucket', 'prefix', 'keyRegex', ...COUNT_KEYS],
  parquetRows: ['bucket', 'prefix', 'keyRegex', 'partition', 'where', ...COUNT_KEYS],
  sql: ['database', 'query', 'equals', 'contains'],
};
const MESSAGE_ROOTS = ['key', 'value', 'headers', 'partition', 'offset', 'timestamp'];

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Collects issues while reading the manifest, each positioned by its JSON path. */
class ManifestReader {
  readonly issues: PipelineIssue[] = [];
  private readonly ids = new Set<string>();

  add(path: string, message: string): void { this.issues.push({ path, message }); }

  /** Reports keys that are not allowed here, with the closest allowed spelling. */
  keys(o: Json, path: string, allowed: string[]): void {
    for (const k of Object.keys(o)) {
      if (allowed.includes(k)) continue;
      const near = closestMatch(k, allowed);
      this.add(`${path}.${k}`, `${path}.${k} is not a known field${near ? `; did you mean "${near}"?` : ''} — use ${allowed.map((a) => `"${a}"`).join(', ')}`);
    }
  }

  string(o: Json, key: string, path: string, opts: { required?: boolean; example: string }): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (opts.required) this.add(`${path}.${key}`, `${path} has no "${key}"; add it, e.g. "${key}": ${opts.example}`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.add(`${path}.${key}`, `${path}.${key} is ${show(v)} (${kindOf(v)}); it must be a non-empty string, e.g. "${key}": ${opts.example}`);
      return undefined;
    }
    return v;
  }

  positive(o: Json, key: string, path: string, dflt: number): number {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !(v > 0) || v > 3600) {
      this.add(`${path}.${key}`, `${path}.${key} is ${show(v)}; give seconds as a number between 1 and 3600, e.g. "${key}": ${dflt}`);
      return dflt;
    }
    return v;
  }

  count(o: Json, path: string, required: boolean, dflt?: CountExpectation): CountExpectation {
    const e: CountExpectation = {};
    for (const k of COUNT_KEYS as Array<keyof CountExpectation>) {
      const v = o[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        this.add(`${path}.${k}`, `${path}.${k} is ${show(v)}${typeof v === 'string' ? ' (a string)' : ''}; write a whole number ≥ 0, e.g. "${k}": ${typeof v === 'string' && /^\d+$/.test(v) ? v : 603}`);
        continue;
      }
      e[k] = v;
    }
    if (e.equals !== undefined && (e.atLeast !== undefined || e.atMost !== undefined)) {
      this.add(path, `${path} sets "equals" together with "atLeast"/"atMost"; keep either the exact count or the bounds`);
    }
    if (e.atLeast !== undefined && e.atMost !== undefined && e.atLeast > e.atMost) {
      this.add(path, `${path} has atLeast ${e.atLeast} > atMost ${e.atMost}, which nothing satisfies; swap or fix the bounds`);
    }
    if (Object.keys(e).length === 0) {
      if (required && !COUNT_KEYS.some((k) => o[k] !== undefined)) this.add(path, `${path} needs an expected count; add "equals", "atLeast" or "atMost", e.g. "atLeast": 1`);
      return dflt ?? {};
    }
    return e;
  }

  where(o: Json, path: string, required: boolean, roots?: string[]): Where | undefined {
    const v = o.where;
    if (v === undefined) {
      if (required) this.add(`${path}.where`, `${path} has no "where"; add a JSON predicate, e.g. "where": {"value.payload.op": "u"}`);
      return undefined;
    }
    if (!isObject(v) || Object.keys(v).length === 0) {
      this.add(`${path}.where`, `${path}.where is ${show(v)}; it must be an object of dotted paths to expected values, e.g. {"address_id": 599}`);
      return undefined;
    }
    for (const [p, expected] of Object.entries(v)) {
      const at = `${path}.where["${p}"]`;
      const root = p.split('.')[0] ?? '';
      if (roots && !roots.includes(root)) {
        const near = closestMatch(root, roots);
        this.add(at, `${at}: a message path starts with ${roots.join(', ')}, not "${root}"${near ? ` (did you mean "${near}"?)` : ''}; e.g. "value.payload.after.address_id"`);
      }
      if (isObject(expected) && Object.keys(expected).some((k) => k.startsWith('$'))) {
        if (!isOperatorObject(expected)) {
          this.add(at, `${at} mixes operators ($…) and fields; use either an operator object such as {"$gte": 1} or a literal object`);
          continue;
        }
        for (const [op, arg] of Object.entries(expected)) {
          if (!(WHERE_OPERATORS as readonly string[]).includes(op)) {
            const near = closestMatch(op, WHERE_OPERATORS);
            this.add(at, `${at} uses unknown operator "${op}"${near ? `; did you mean "${near}"?` : ''} — one of ${WHERE_OPERATORS.join(', ')}`);
          } else if (op === '$regex') {
            if (typeof arg !== 'string') this.add(at, `${at}.$regex is ${show(arg)}; give the pattern as a string`);
            else try { new RegExp(arg); } catch (e) { this.add(at, `${at}.$regex ${show(arg)} is not a valid regular expression (${(e as Error).message}); escape special characters with \\\\`); }
          } else if (op === '$in' && !Array.isArray(arg)) {
            this.add(at, `${at}.$in is ${show(arg)}; give the allowed values as an array, e.g. {"$in": ["c", "u"]}`);
          } else if (op === '$exists' && typeof arg !== 'boolean') {
            this.add(at, `${at}.$exists is ${show(arg)}; write true or false`);
          }
        }
      }
    }
    return v;
  }

  regex(o: Json, path: string): string | undefined {
    const v = this.string(o, 'keyRegex', path, { example: '"\\\\.parquet$"' });
    if (v === undefined) return undefined;
    try { new RegExp(v); } catch (e) {
      this.add(`${path}.keyRegex`, `${path}.keyRegex ${show(v)} is not a valid regular expression (${(e as Error).message}); in JSON a literal dot is written "\\\\."`);
      return undefined;
    }
    return v;
  }

  relativeFile(o: Json, key: string, path: string, example: string): string | undefined {
    const v = this.string(o, key, path, { required: true, example });
    if (v === undefined) return undefined;
    if (/^([a-zA-Z]:)?[\\/]/.test(v) || v.split(/[\\/]/).includes('..')) {
      this.add(`${path}.${key}`, `${path}.${key} is ${show(v)}; name a file inside the pipeline folder with a relative path, e.g. ${example}`);
      return undefined;
    }
    return v;
  }

  uniqueId(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.ids.has(id); n++) id = `${wanted} #${n}`;
    this.ids.add(id);
    return id;
  }

  rows(o: Json, key: 'equals' | 'contains', path: string): Array<Record<string, unknown>> | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every(isObject)) {
      this.add(`${path}.${key}`, `${path}.${key} is ${show(v)}; give rows as an array of objects, e.g. "${key}": [{"n": 603}]`);
      return undefined;
    }
    return v;
  }
}

function readAssertion(r: ManifestReader, v: unknown, path: string, database: string): PipelineAssertion | undefined {
  if (!isObject(v)) {
    r.add(path, `${path} is ${show(v)}; an assertion is an object with "type", e.g. {"type": "topicEndOffset", "topic": "pagila.public.address", "atLeast": 603}`);
    return undefined;
  }
  const t = v.type;
  if (typeof t !== 'string' || !(ASSERTION_TYPES as readonly string[]).includes(t)) {
    const near = typeof t === 'string' ? closestMatch(t, ASSERTION_TYPES) : undefined;
    r.add(`${path}.type`, `${path}.type is ${show(t)}${near ? `; did you mean "${near}"?` : ''} — use one of ${ASSERTION_TYPES.join(', ')}`);
    return undefined;
  }
  const type = t as AssertionType;
  r.keys(v, path, [...COMMON_ASSERTION_KEYS, ...ASSERTION_KEYS[type]]);
  const name = r.string(v, 'name', path, { example: '"snapshot of address"' });
  const timeoutSeconds = r.positive(v, 'timeoutSeconds', path, DEFAULT_ASSERTION_TIMEOUT_S);
  const base = (target: string) => ({ id: r.uniqueId(name ?? `${type} ${target}`), timeoutSeconds, path });
  switch (type) {
    case 'topicEndOffset': case 'topicMessageCount': {
      const topic = r.string(v, 'topic', path, { required: true, example: '"pagila.public.address"' });
      const expect = r.count(v, path, true);
      return topic === undefined ? undefined : { ...base(topic), type, topic, expect };
    }
    case 'message': {
      const topic = r.string(v, 'topic', path, { required: true, example: '"pagila.public.address"' });
      const where = r.where(v, path, true, MESSAGE_ROOTS);
      const fb = v.fromBeginning;
      if (fb !== undefined && typeof fb !== 'boolean') r.add(`${path}.fromBeginning`, `${path}.fromBeginning is ${show(fb)}; write true or false`);
      return topic === undefined || where === undefined ? undefined : { ...base(topic), type, topic, where, fromBeginning: fb !== false };
    }
    case 's3Objects': case 'parquetRows': {
      const bucket = r.string(v, 'bucket', path, { required: true, example: '"shoreline-datalake"' });
      const prefix = v.prefix === undefined ? '' : r.string(v, 'prefix', path, { example: '"warehouse/pagila/"' });
      const keyRegex = r.regex(v, path);
      const expect = r.count(v, path, false, { atLeast: 1 });
      if (bucket === undefined || prefix === undefined) return undefined;
      const common = { ...base(`s3://${bucket}/${prefix}`), bucket, prefix, ...(keyRegex !== undefined ? { keyRegex } : {}), expect };
      if (type === 's3Objects') return { ...common, type };
      const where = r.where(v, path, true);
      let partition: Record<string, string> | undefined;
      if (v.partition !== undefined) {
        if (!isObject(v.partition) || !Object.values(v.partition).every((x) => typeof x === 'string')) {
          r.add(`${path}.partition`, `${path}.partition is ${show(v.partition)}; give partition folders as {"name": "value"} strings, e.g. {"country": "United States"}`);
        } else partition = v.partition as Record<string, string>;
      }
      return where === undefined ? undefined : { ...common, type, where, ...(partition ? { partition } : {}) };
    }
    case 'sql': {
      const query = r.string(v, 'query', path, { required: true, example: '"SELECT count(*)::int AS n FROM address"' });
      const db = v.database === undefined ? database : r.string(v, 'database', path, { example: '"pagila"' });
      const equals = r.rows(v, 'equals', path);
      const contains = r.rows(v, 'contains', path);
      if (equals === undefined && contains === undefined && v.equals === undefined && v.contains === undefined) {
        r.add(path, `${path} needs "equals" (exactly these rows, in order) or "contains" (at least these rows, matching the columns given), e.g. "equals": [{"n": 603}]`);
      }
      return query === undefined || db === undefined ? undefined : { ...base(query.length > 60 ? `${query.slice(0, 57)}…` : query), type, database: db, query, ...(equals ? { equals } : {}), ...(contains ? { contains } : {}) };
    }
  }
}

function readAssertions(r: ManifestReader, v: unknown, path: string, database: string): PipelineAssertion[] {
  if (!Array.isArray(v) || v.length === 0) {
    r.add(path, `${path} is ${show(v)}; give a non-empty array of assertions`);
    return [];
  }
  return v.flatMap((a, i) => readAssertion(r, a, `${path}[${i}]`, database) ?? []);
}

function readStatements(r: ManifestReader, v: unknown, path: string): string[] | undefined {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.trim() !== '')) {
    r.add(path, `${path} is ${show(v)}; give a SQL statement or an array of them, e.g. ["UPDATE address SET address2 = 'Apartment #1234' WHERE address_id = 105"]`);
    return undefined;
  }
  return list as string[];
}

function readStep(r: ManifestReader, v: unknown, path: string, database: string): PipelineStep | undefined {
  if (!isObject(v)) {
    r.add(path, `${path} is ${show(v)}; a step is an object with one of ${STEP_KINDS.map((k) => `"${k}"`).join(', ')}`);
    return undefined;
  }
  const kinds = STEP_KINDS.filter((k) => v[k] !== undefined);
  if (kinds.length !== 1) {
    const near = kinds.length === 0 ? Object.keys(v).map((k) => closestMatch(k, STEP_KINDS)).find(Boolean) : undefined;
    r.add(path, kinds.length === 0
      ? `${path} has none of ${STEP_KINDS.map((k) => `"${k}"`).join(', ')}${near ? ` (did you mean "${near}"?)` : ''}; say what the step does, e.g. {"connector": "pagila-cdc.connector.json"}`
      : `${path} has ${kinds.map((k) => `"${k}"`).join(' and ')}; give each its own step`);
    return undefined;
  }
  const kind = kinds[0]!;
  r.keys(v, path, STEP_KEYS[kind]!);
  const name = r.string(v, 'name', path, { example: '"load the view"' });
  const named = name ? { name } : {};
  const db = () => (v.database === undefined ? database : r.string(v, 'database', path, { example: '"pagila"' }) ?? database);
  switch (kind) {
    case 'connector': {
      const file = r.relativeFile(v, 'connector', path, '"pagila-cdc.connector.json"');
      if (file && !/\.(json|properties)$/i.test(file)) r.add(`${path}.connector`, `${path}.connector is ${show(file)}; name a connector file (*.connector.json or *.connector.properties)`);
      const timeoutSeconds = r.positive(v, 'timeoutSeconds', path, DEFAULT_CONNECTOR_TIMEOUT_S);
      return file === undefined ? undefined : { kind: 'connector', path, ...named, file, timeoutSeconds };
    }
    case 'sqlFile': {
      const file = r.relativeFile(v, 'sqlFile', path, '"setup.sql"');
      return file === undefined ? undefined : { kind: 'sql', path, ...named, database: db(), file };
    }
    case 'sql': {
      const statements = readStatements(r, v.sql, `${path}.sql`);
      return statements === undefined ? undefined : { kind: 'sql', path, ...named, database: db(), statements };
    }
    default:
      return { kind: 'assert', path, ...named, assertions: readAssertions(r, v.assert, `${path}.assert`, database) };
  }
}

function readCleanup(r: ManifestReader, v: unknown, database: string): PipelineCleanup {
  const none: PipelineCleanup = { resetOffsets: false, database, statements: [] };
  if (v === undefined) return none;
  if (!isObject(v)) {
    r.add('cleanup', `cleanup is ${show(v)}; give an object, e.g. {"resetOffsets": true, "sql": ["SELECT 1"]}`);
    return none;
  }
  r.keys(v, 'cleanup', ['resetOffsets', 'sql', 'database']);
  const reset = v.resetOffsets;
  if (reset !== undefined && typeof reset !== 'boolean') r.add('cleanup.resetOffsets', `cleanup.resetOffsets is ${show(reset)}; write true or false`);
  const db = v.database === undefined ? database : r.string(v, 'database', 'cleanup', { example: '"pagila"' }) ?? database;
  return { resetOffsets: reset === true, database: db, statements: v.sql === undefined ? [] : readStatements(r, v.sql, 'cleanup.sql') ?? [] };
}

/** Parses a `pipeline.json` text. `manifest` is set only when there are no issues. */
export function parsePipelineManifest(text: string, fileName = PIPELINE_FILE): ParsedPipeline {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { issues: [{ path: '', message: `${fileName} is not valid JSON (${(e as Error).message}); fix the syntax (no comments or trailing commas)` }] };
  }
  const r = new ManifestReader();
  if (!isObject(raw)) return { issues: [{ path: '', message: `${fileName} holds ${kindOf(raw)}; it must be an object such as {"name": "my-pipeline", "steps": [...]}` }] };
  r.keys(raw, fileName, TOP_KEYS);
  const name = r.string(raw, 'name', fileName, { required: true, example: '"pagila-datalake"' });
  if (name !== undefined && !/^[\w.-]+$/.test(name)) r.add('name', `name is ${show(name)}; use letters, digits, ".", "_" or "-" (it names consumer groups), e.g. "pagila-datalake"`);
  const description = r.string(raw, 'description', fileName, { example: '"what the pipeline shows"' });
  const database = raw.database === undefined ? 'pagila' : r.string(raw, 'database', fileName, { example: '"pagila"' }) ?? 'pagila';
  const steps: PipelineStep[] = [];
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) {
    r.add('steps', `steps is ${show(raw.steps)}; give a non-empty array, e.g. [{"connector": "pagila-cdc.connector.json"}, {"assert": [...]}]`);
  } else {
    raw.steps.forEach((s, i) => { const step = readStep(r, s, `steps[${i}]`, database); if (step) steps.push(step); });
  }
  if (raw.assertions !== undefined) steps.push({ kind: 'assert', path: 'assertions', name: 'assertions', assertions: readAssertions(r, raw.assertions, 'assertions', database) });
  const connectorFiles = steps.filter((s): s is ConnectorStep => s.kind === 'connector').map((s) => s.file);
  const dup = connectorFiles.find((f, i) => connectorFiles.indexOf(f) !== i);
  if (dup) r.add('steps', `connector file ${show(dup)} is applied twice; apply each connector once (a second apply only replaces its config)`);
  if (!steps.some((s) => s.kind === 'assert')) r.add('steps', `${fileName} has no assertions, so a run cannot pass or fail; add an {"assert": [...]} step or "assertions"`);
  const cleanup = readCleanup(r, raw.cleanup, database);
  if (r.issues.length || name === undefined) return { issues: r.issues };
  return { manifest: { name, ...(description ? { description } : {}), database, steps, cleanup }, issues: [] };
}

/** Every assertion of the pipeline, in order. */
export function allAssertions(m: PipelineManifest): PipelineAssertion[] {
  return m.steps.flatMap((s) => (s.kind === 'assert' ? s.assertions : []));
}

/** Files the manifest refers to (connector and SQL files), relative to the pipeline folder. */
export function referencedFiles(m: PipelineManifest): string[] {
  return m.steps.flatMap((s) => (s.kind === 'connector' ? [s.file] : s.kind === 'sql' && s.file ? [s.file] : []));
}

/** One line saying what a step does, for progress and reports. */
export function describeStep(s: PipelineStep): string {
  if (s.name) return s.name;
  switch (s.kind) {
    case 'connector': return `apply ${s.file}`;
    case 'sql': return s.file ? `run ${s.file} on ${s.database}` : `run ${s.statements!.length} SQL statement(s) on ${s.database}`;
    case 'assert': return `check ${s.assertions.length} assertion(s)`;
  }
}
