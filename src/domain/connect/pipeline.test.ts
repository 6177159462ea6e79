import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allAssertions, describeStep, parsePipelineManifest, referencedFiles, type ParquetRowsAssertion } from './pipeline';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'docker', 'pipelines');

/** A minimal valid manifest with `steps` replaced. */
const withSteps = (steps: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'p', steps, ...extra });
const issuesOf = (text: string) => parsePipelineManifest(text).issues.map((i) => i.message);

describe('pipeline manifest', () => {
  it('reads the shipped examples: steps in order, assertions with defaults, files they name', () => {
    const dirs = fs.readdirSync(EXAMPLES).filter((d) => fs.existsSync(path.join(EXAMPLES, d, 'pipeline.json')));
    assert.ok(dirs.includes('pagila-datalake'), dirs.join(','));
    for (const d of dirs) {
      const r = parsePipelineManifest(fs.readFileSync(path.join(EXAMPLES, d, 'pipeline.json'), 'utf8'));
      assert.deepEqual(r.issues, [], d);
      for (const f of referencedFiles(r.manifest!)) assert.ok(fs.existsSync(path.join(EXAMPLES, d, f)), `${d}/${f}`);
    }
    const m = parsePipelineManifest(fs.readFileSync(path.join(EXAMPLES, 'pagila-datalake', 'pipeline.json'), 'utf8')).manifest!;
    assert.deepEqual(m.steps.map((s) => s.kind), ['sql', 'connector', 'connector', 'assert', 'sql', 'assert']);
    assert.deepEqual(referencedFiles(m), ['sql/address-location.sql', 'pagila-datalake-cdc.connector.json', 'pagila-datalake-iceberg.connector.json', 'sql/changes.sql']);
    const offsets = allAssertions(m).filter((a) => a.type === 'topicEndOffset').map((a) => [a.type === 'topicEndOffset' ? a.topic : '', a.type === 'topicEndOffset' ? a.expect.atLeast : 0]);
    assert.deepEqual(offsets.slice(0, 3), [['pagila.public.address', 603], ['pagila.public.city', 600], ['pagila.public.country', 109]]);
    const us = allAssertions(m).find((a) => a.id === 'address 599 in the United States partition') as ParquetRowsAssertion;
    assert.deepEqual(us.partition, { country: 'United States' });
    assert.equal(us.where.address_id, 599);
    assert.deepEqual(us.expect, { atLeast: 1 });
    assert.equal(m.cleanup.resetOffsets, true);
    assert.equal(m.cleanup.statements.length, 2);
  });

  it('applies defaults: database pagila, timeouts, fromBeginning, generated unique ids', () => {
    const r = parsePipelineManifest(withSteps([
      { connector: 'a.connector.json' },
      { sql: 'SELECT 1' },
      { assert: [{ type: 'topicEndOffset', topic: 't', equals: 3 }, { type: 'topicEndOffset', topic: 't', equals: 3 }, { type: 'message', topic: 't', where: { 'value.op': 'c' } }] },
    ]));
    assert.deepEqual(r.issues, []);
    const m = r.manifest!;
    assert.equal(m.database, 'pagila');
    assert.deepEqual(m.steps[0], { kind: 'connector', path: 'steps[0]', file: 'a.connector.json', timeoutSeconds: 180 });
    assert.deepEqual(m.steps[1], { kind: 'sql', path: 'steps[1]', database: 'pagila', statements: ['SELECT 1'] });
    const ids = allAssertions(m).map((a) => a.id);
    assert.deepEqual(ids, ['topicEndOffset t', 'topicEndOffset t #2', 'message t']);
    const msg = allAssertions(m)[2]!;
    assert.equal(msg.timeoutSeconds, 60);
    assert.equal(msg.type === 'message' && msg.fromBeginning, true);
    assert.equal(describeStep(m.steps[1]!), 'run 1 SQL statement(s) on pagila');
  });

  it('top-level "assertions" become a final assert step', () => {
    const m = parsePipelineManifest(JSON.stringify({ name: 'p', steps: [{ connector: 'a.json' }], assertions: [{ type: 's3Objects', bucket: 'b' }] })).manifest!;
    assert.equal(m.steps.length, 2);
    const last = m.steps[1]!;
    assert.equal(last.kind, 'assert');
    assert.deepEqual(last.kind === 'assert' && last.assertions[0], { id: 's3Objects s3://b/', type: 's3Objects', bucket: 'b', prefix: '', expect: { atLeast: 1 }, timeoutSeconds: 60, path: 'assertions[0]' });
  });

  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"name": "p",}', /not valid JSON .*no comments or trailing commas/],
    ['no name', JSON.stringify({ steps: [{ assert: [{ type: 'sql', query: 'x', equals: [] }] }] }), /has no "name"; add it, e.g. "name": "pagila-datalake"/],
    ['bad name', JSON.stringify({ name: 'my pipeline', steps: [{ assert: [{ type: 'sql', query: 'x', equals: [] }] }] }), /name is "my pipeline"; use letters, digits/],
    ['unknown top key', JSON.stringify({ name: 'p', step: [] }), /step is not a known field; did you mean "steps"\?/],
    ['no steps', JSON.stringify({ name: 'p' }), /steps is undefined; give a non-empty array/],
    ['misspelt step kind', withSteps([{ conector: 'a.json' }]), /steps\[0\] has none of .* \(did you mean "connector"\?\)/],
    ['two kinds in a step', withSteps([{ connector: 'a.json', sql: 'x' }]), /steps\[0\] has "connector" and "sql"; give each its own step/],
    ['absolute file', withSteps([{ connector: '/etc/a.connector.json' }]), /steps\[0\]\.connector is "\/etc\/a\.connector\.json"; name a file inside the pipeline folder/],
    ['escaping file', withSteps([{ sqlFile: '../x.sql' }]), /steps\[0\]\.sqlFile is "\.\.\/x\.sql"; name a file inside the pipeline folder/],
    ['not a connector file', withSteps([{ connector: 'a.txt' }]), /name a connector file/],
    ['applied twice', withSteps([{ connector: 'a.json' }, { connector: 'a.json' }, { assert: [{ type: 'sql', query: 'x', equals: [] }] }]), /"a\.json" is applied twice/],
    ['no assertions', withSteps([{ connector: 'a.json' }]), /has no assertions, so a run cannot pass or fail/],
    ['unknown assertion type', withSteps([{ assert: [{ type: 'topicOffset', topic: 't', equals: 1 }] }]), /steps\[0\]\.assert\[0\]\.type is "topicOffset"; did you mean "topicEndOffset"\?/],
    ['count as string', withSteps([{ assert: [{ type: 'topicEndOffset', topic: 't', atLeast: '603' }] }]), /steps\[0\]\.assert\[0\]\.atLeast is "603" \(a string\); write a whole number ≥ 0, e.g. "atLeast": 603/],
    ['no count', withSteps([{ assert: [{ type: 'topicEndOffset', topic: 't' }] }]), /needs an expected count; add "equals", "atLeast" or "atMost"/],
    ['equals with bounds', withSteps([{ assert: [{ type: 'topicEndOffset', topic: 't', equals: 1, atLeast: 1 }] }]), /sets "equals" together with "atLeast"/],
    ['impossible bounds', withSteps([{ assert: [{ type: 'topicEndOffset', topic: 't', atLeast: 5, atMost: 2 }] }]), /atLeast 5 > atMost 2/],
    ['field of another type', withSteps([{ assert: [{ type: 'topicEndOffset', topic: 't', equals: 1, bucket: 'b' }] }]), /\.bucket is not a known field/],
    ['message root', withSteps([{ assert: [{ type: 'message', topic: 't', where: { 'payload.op': 'u' } }] }]), /a message path starts with key, value, .* not "payload"/],
    ['unknown operator', withSteps([{ assert: [{ type: 'parquetRows', bucket: 'b', where: { n: { $gtt: 1 } } }] }]), /unknown operator "\$gtt"; did you mean "\$gt"\?/],
    ['bad regex', withSteps([{ assert: [{ type: 's3Objects', bucket: 'b', keyRegex: '(' }] }]), /keyRegex "\(" is not a valid regular expression/],
    ['timeout', withSteps([{ assert: [{ type: 's3Objects', bucket: 'b', timeoutSeconds: 0 }] }]), /timeoutSeconds is 0; give seconds as a number between 1 and 3600/],
    ['sql without expectation', withSteps([{ assert: [{ type: 'sql', query: 'SELECT 1' }] }]), /needs "equals" .* or "contains"/],
    ['partition values', withSteps([{ assert: [{ type: 'parquetRows', bucket: 'b', partition: { country: 1 }, where: { a: 1 } }] }]), /partition is \{"country":1\}; give partition folders as \{"name": "value"\} strings/],
    ['cleanup', withSteps([{ assert: [{ type: 'sql', query: 'x', equals: [] }] }], { cleanup: { resetOffset: true } }), /cleanup\.resetOffset is not a known field; did you mean "resetOffsets"\?/],
  ];
  for (const [what, text, re] of cases) {
    it(`names the field, the value and the fix: ${what}`, () => {
      const r = parsePipelineManifest(text);
      assert.equal(r.manifest, undefined);
      assert.ok(r.issues.some((i) => re.test(i.message)), `${re}\n${issuesOf(text).join('\n')}`);
    });
  }
});
