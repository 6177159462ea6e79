/**
 * What a user hands the producer: a JSON document (one message or an array), JSON Lines, `k=v` headers, and
 * templated values for bulk sends. Everything is validated before anything is sent; errors name the line. Pure.
 */
import { ShorelineError } from '../errors';
import type { ProduceMessage } from './kafkaModel';

export interface ParseOptions {
  /** Skip invalid lines instead of refusing the whole file (they are reported in `skipped`). */
  skipBadLines?: boolean;
}

export interface ParsedProduceInput {
  messages: ProduceMessage[];
  skipped: Array<{ line: number; message: string }>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MESSAGE_KEYS = new Set(['key', 'value', 'headers', 'partition', 'timestamp']);

/**
 * One message from a JSON value. An object whose keys are only key/value/headers/partition/timestamp and that has
 * `value` is a message envelope; anything else is the value itself (sent as compact JSON).
 */
export function messageFromJson(v: unknown, where: string): ProduceMessage {
  if (isObj(v) && 'value' in v && Object.keys(v).every((k) => MESSAGE_KEYS.has(k))) {
    const m: ProduceMessage = { value: v.value === null ? null : asText(v.value) };
    if (v.key !== undefined) m.key = v.key === null ? null : asText(v.key);
    if (v.headers !== undefined) {
      if (!isObj(v.headers)) throw new Error(`${where}: "headers" must be an object of strings, e.g. {"source": "cli"}`);
      m.headers = Object.fromEntries(Object.entries(v.headers).map(([k, hv]) => [k, asText(hv)]));
    }
    if (v.partition !== undefined) {
      if (!Number.isInteger(v.partition) || (v.partition as number) < 0) throw new Error(`${where}: "partition" must be a whole number ≥ 0`);
      m.partition = v.partition as number;
    }
    if (v.timestamp !== undefined) {
      if (!Number.isInteger(v.timestamp)) throw new Error(`${where}: "timestamp" must be epoch milliseconds`);
      m.timestamp = v.timestamp as number;
    }
    return m;
  }
  return { value: asText(v) };
}

function asText(v: unknown): string { return typeof v === 'string' ? v : JSON.stringify(v); }

/**
 * Parses a produce file: a JSON document (an array of messages or one message) or JSON Lines (one per line; blank
 * lines and lines starting with "//" are skipped). Throws on the first bad line, naming it, unless `skipBadLines`.
 */
export function parseProduceText(text: string, fileName = 'input', opts: ParseOptions = {}): ParsedProduceInput {
  const trimmed = text.trim();
  if (!trimmed) throw new ShorelineError('kafka.emptyInput', `${fileName} holds no messages`, 'write one JSON message per line, or a JSON array of messages');
  // A whole-document JSON first (an array, or one pretty-printed message); fall back to JSON Lines.
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !/\}\s*\n\s*\{/.test(trimmed))) {
    try {
      const doc: unknown = JSON.parse(trimmed);
      const list = Array.isArray(doc) ? doc : [doc];
      return { messages: list.map((v, i) => wrap(() => messageFromJson(v, `${fileName} item ${i + 1}`), fileName)), skipped: [] };
    } catch (e) {
      if (e instanceof ShorelineError) throw e;
      if (trimmed.startsWith('[')) throw badJson(fileName, lineOfJsonError(trimmed, e), (e as Error).message);
    }
  }
  const messages: ProduceMessage[] = [];
  const skipped: ParsedProduceInput['skipped'] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('//')) continue;
    try {
      messages.push(messageFromJson(JSON.parse(line), `${fileName} line ${i + 1}`));
    } catch (e) {
      const msg = (e as Error).message;
      if (opts.skipBadLines) { skipped.push({ line: i + 1, message: msg }); continue; }
      throw badJson(fileName, i + 1, msg);
    }
  }
  if (!messages.length) throw new ShorelineError('kafka.emptyInput', `${fileName} holds no valid messages (${skipped.length} bad lines skipped)`, 'fix the lines listed, or write one JSON message per line');
  return { messages, skipped };
}

function wrap<T>(fn: () => T, fileName: string): T {
  try { return fn(); } catch (e) { throw new ShorelineError('kafka.badInput', (e as Error).message, `fix ${fileName} and send again`); }
}

function badJson(fileName: string, line: number | undefined, detail: string): ShorelineError {
  return new ShorelineError('kafka.invalidJson', `${fileName}${line ? ` line ${line}` : ''} is not valid JSON (${detail}); nothing was sent`,
    'fix that line, or skip bad lines on purpose (CLI: --skip-invalid)');
}

/** Line number of a JSON.parse error ("… at position 123" or "(line 4 column 2)"). */
function lineOfJsonError(text: string, e: unknown): number | undefined {
  const m = /line (\d+)/.exec(String((e as Error).message));
  if (m) return Number(m[1]);
  const p = /position (\d+)/.exec(String((e as Error).message));
  if (!p) return undefined;
  return text.slice(0, Number(p[1])).split('\n').length;
}

/** `k=v` header pairs → record. */
export function parseHeaderPairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new ShorelineError('kafka.badHeader', `Header "${p}" is not key=value`, 'write headers as key=value, e.g. --header source=cli');
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** What templates draw on; injected so tests are deterministic. */
export interface TemplateContext { uuid: () => string; now: () => number; random: () => number }

/**
 * Fills a template for message number `i` (0-based): `{{i}}` / `{{counter}}` (i + 1 for counter), `{{uuid}}`,
 * `{{timestamp}}` (epoch ms), `{{iso}}`, `{{randomInt A B}}`, `{{pick a|b|c}}`. Unknown placeholders are errors.
 */
export function renderTemplate(template: string, i: number, ctx: TemplateContext): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)((?:\s+[^}]*)?)\s*\}\}/g, (whole, name: string, argText: string) => {
    const args = argText.trim() ? argText.trim().split(/\s+/) : [];
    switch (name) {
      case 'i': return String(i);
      case 'counter': return String(i + 1);
      case 'uuid': return ctx.uuid();
      case 'timestamp': return String(ctx.now());
      case 'iso': return new Date(ctx.now()).toISOString();
      case 'randomInt': {
        const [lo, hi] = args.map(Number);
        if (args.length !== 2 || !Number.isInteger(lo) || !Number.isInteger(hi) || lo! > hi!) throw badTemplate(whole, 'needs two whole numbers, low and high: {{randomInt 1 100}}');
        return String(lo! + Math.floor(ctx.random() * (hi! - lo! + 1)));
      }
      case 'pick': {
        const choices = args.join(' ').split('|').filter(Boolean);
        if (!choices.length) throw badTemplate(whole, 'needs choices separated by "|": {{pick red|green|blue}}');
        return choices[Math.min(choices.length - 1, Math.floor(ctx.random() * choices.length))]!;
      }
      default: throw badTemplate(whole, 'is not a known placeholder');
    }
  });
}

function badTemplate(p: string, why: string): ShorelineError {
  return new ShorelineError('kafka.badTemplate', `Template placeholder ${p} ${why}`, 'use {{i}}, {{counter}}, {{uuid}}, {{timestamp}}, {{iso}}, {{randomInt A B}} or {{pick a|b}}');
}

/** `count` messages from a template message (key, value and header values are all templated). */
export function expandTemplate(m: ProduceMessage, count: number, ctx: TemplateContext): ProduceMessage[] {
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
    throw new ShorelineError('kafka.badCount', `--count ${String(count)} is not allowed`, 'use a whole number between 1 and 10000000');
  }
  const out: ProduceMessage[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      ...m,
      key: m.key === undefined || m.key === null ? m.key : renderTemplate(m.key, i, ctx),
      value: m.value === null ? null : renderTemplate(m.value, i, ctx),
      headers: m.headers ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, renderTemplate(v, i, ctx)])) : undefined,
    });
  }
  return out;
}
