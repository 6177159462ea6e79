import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEED_JDBC_SINK_FILMS, SEED_JDBC_SOURCE_01, SEED_JDBC_SOURCE_02 } from '../domain/connect/fixtures/seedConfigs';
import { parseArgs } from './args';
import type { ConnectorCliContext } from './connectorCommands';
import { runSmtPreview } from './smtPreviewCommand';

function context(dir: string, argv: string[]): { ctx: ConnectorCliContext; out: string[] } {
  const out: string[] = [];
  const args = parseArgs(argv);
  const ctx: ConnectorCliContext = {
    args, json: args.flags.json === true, env: {}, cwd: dir, config: () => { throw new Error('the preview needs no stack config'); },
    out: (t) => { out.push(t); }, info: () => undefined,
  };
  return { ctx, out };
}

describe('shoreline connector preview', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoreline-smt-'));
  fs.writeFileSync(path.join(dir, 'src2.connector.json'), SEED_JDBC_SOURCE_01);
  fs.writeFileSync(path.join(dir, 'src3.connector.json'), SEED_JDBC_SOURCE_02);
  fs.writeFileSync(path.join(dir, 'films.connector.json'), SEED_JDBC_SINK_FILMS);
  fs.writeFileSync(path.join(dir, 'row.json'), JSON.stringify({ address_id: 7, district: 'x' }));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (...argv: string[]): { code: number; out: string[] } => {
    const { ctx, out } = context(dir, ['connector', 'preview', ...argv]);
    return { code: runSmtPreview(ctx, 'connector preview', argv[0]!), out };
  };

  it('prints each step (alias, type, result) and the final record, with the connector\'s default sample', () => {
    const { code, out } = run('src2.connector.json');
    assert.equal(code, 0);
    const text = out.join('\n');
    assert.match(text, /^sample: pagila-address — .*\(default for this connector\)$/m);
    assert.match(text, /^1\. createKey {2}org\.apache\.kafka\.connect\.transforms\.ValueToKey {2}→ applied$/m);
    assert.match(text, /^ +key=105$/m);
  });

  it('--json gives the whole result; --debezium picks the Debezium release', () => {
    const { out } = run('films.connector.json', '--sample', 'debezium-address-delete', '--debezium', '2.7', '--json');
    const r = JSON.parse(out.join('\n')) as { sample: { id: string }; debeziumVersion: string; output: { value: Record<string, unknown> } };
    assert.equal(r.sample.id, 'debezium-address-delete');
    assert.equal(r.debeziumVersion, '2.7');
    assert.equal(r.output.value.__deleted, 'true');
  });

  it('--record reads your own JSON; a source connector gives it the topic it writes', () => {
    const { out } = run('src2.connector.json', '--record', 'row.json', '--json');
    const r = JSON.parse(out.join('\n')) as { output: { key: unknown; value: Record<string, unknown> } };
    assert.equal(r.output.key, 7);
    assert.equal(r.output.value.message_topic, 'pagila.public.alt.address');
  });

  it('exits 1 when Connect would fail, and refuses unknown samples or both sample flags', () => {
    assert.equal(run('src3.connector.json').code, 1);
    assert.throws(() => run('src2.connector.json', '--sample', 'nope'), (e: Error & { fix: string }) => /unknown sample "nope"/.test(e.message) && e.fix.includes('pagila-address'));
    assert.throws(() => run('src2.connector.json', '--sample', 'pagila-address', '--record', 'row.json'), /--record and --sample both choose/);
    assert.throws(() => run('missing.connector.json'), /Cannot read connector file/);
  });
});
