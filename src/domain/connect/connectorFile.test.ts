import * as assert from 'node:assert/strict';
import {
  connectorNameFromFileName, parseConnectorFile, parseConnectorProperties, parseConnectorText, restCallFor, restPayload,
} from './connectorFile';
import {
  SEED_DEBEZIUM_MYSQL_MSK, SEED_EXAMPLE_SCHEMA_HEAD, SEED_JDBC_SINK_FILMS, SEED_JDBC_SOURCE_00, SEED_JDBC_SOURCE_02, SEED_S3_SINK_00,
} from './fixtures/seedConfigs';

/** 1-based line and column of the first occurrence of `needle` on a line that contains `lineHas`. */
function locate(text: string, lineHas: string, needle = lineHas): { line: number; column: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(lineHas));
  assert.ok(i >= 0, `fixture has no line with ${lineHas}`);
  return { line: i + 1, column: (lines[i] ?? '').indexOf(needle) + 1 };
}

describe('connectorFile', () => {
  describe('connectorNameFromFileName', () => {
    const cases: Array<[string, string]> = [
      ['pagila-cdc.connector.json', 'pagila-cdc'],
      ['config/jdbc_source_connector_postgresql_00.json', 'jdbc_source_connector_postgresql_00'],
      ['C:\\work\\s3-sink.connector.properties', 's3-sink'],
      ['debezium-mysql-connector.properties', 'debezium-mysql-connector'],
      ['README', 'README'],
    ];
    for (const [file, name] of cases) it(`${file} → ${name}`, () => assert.equal(connectorNameFromFileName(file), name));
  });

  describe('parseConnectorFile (JSON)', () => {
    it('reads the seed JDBC source #1 as a flat file with string values and key positions', () => {
      const f = parseConnectorFile(SEED_JDBC_SOURCE_00, 'config/jdbc_source_connector_postgresql_00.json');
      assert.equal(f.shape, 'flat');
      assert.equal(f.name, 'jdbc_source_connector_postgresql_00');
      assert.equal(f.config['poll.interval.ms'], '5000');
      assert.equal(f.config['table.whitelist'], 'address, city, country');
      assert.equal(Object.keys(f.config).length, 10);
      assert.deepEqual(f.positions['catalog.pattern'], locate(SEED_JDBC_SOURCE_00, '"catalog.pattern"'));
      assert.deepEqual(f.positions['connector.class'], { line: 2, column: 1 });
      assert.deepEqual(f.syntaxIssues, []);
    });

    it('reports the trailing comma of the seed JDBC source #3 at the comma, and still recovers every key', () => {
      const f = parseConnectorFile(SEED_JDBC_SOURCE_02, 'jdbc_source_connector_postgresql_02.json');
      assert.equal(f.syntaxIssues.length, 1);
      const [issue] = f.syntaxIssues;
      const lastEntry = SEED_JDBC_SOURCE_02.split('\n')[19] ?? '';
      assert.equal(issue?.rule, 'json.syntax');
      assert.equal(issue?.severity, 'error');
      assert.equal(issue?.field, '');
      assert.equal(issue?.line, 20);
      assert.equal(issue?.column, lastEntry.lastIndexOf(',') + 1);
      assert.equal(issue?.column, 95);
      assert.match(issue?.message ?? '', /Trailing comma at line 20, column 95.*remove the comma/);
      assert.equal(f.config['transforms.InsertSourceDetails.type'], 'org.apache.kafka.connect.transforms.InsertField$Value');
      assert.equal(Object.keys(f.config).length, 19);
    });

    it('keeps the verbatim text of numbers and booleans, as Connect stores them', () => {
      const f = parseConnectorFile('{"a": 1.50, "b": -3, "c": true, "d": false, "e": 1e3}', 'x.json');
      assert.deepEqual(f.config, { a: '1.50', b: '-3', c: 'true', d: 'false', e: '1e3' });
    });

    it('reads the wrapped shape: name from the wrapper, config from "config", positions inside it', () => {
      const text = '{\n  "name": "films-sink",\n  "config": {\n    "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",\n    "tasks.max": 1\n  }\n}';
      const f = parseConnectorFile(text, 'other-name.connector.json');
      assert.equal(f.shape, 'wrapped');
      assert.equal(f.name, 'films-sink');
      assert.deepEqual(f.config, { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'tasks.max': '1' });
      assert.deepEqual(f.positions['tasks.max'], { line: 5, column: 5 });
      assert.equal(f.positions['name'], undefined);
    });

    it('takes the name from the config\'s "name" key of a flat file before the file name', () => {
      assert.equal(parseConnectorFile('{"name": "pagila-cdc", "connector.class": "x"}', 'other.connector.json').name, 'pagila-cdc');
    });

    it('warns about GET-output keys next to "config" in a wrapped file', () => {
      const f = parseConnectorFile('{"name": "a", "config": {"connector.class": "x"}, "tasks": []}', 'a.json');
      const issue = f.syntaxIssues.find((i) => i.field === 'tasks');
      assert.equal(issue?.rule, 'json.shape');
      assert.equal(issue?.severity, 'warning');
      assert.match(issue?.message ?? '', /GET \/connectors\/\{name\}/);
    });

    it('reports an array value naming the field and offering the comma-separated string', () => {
      const f = parseConnectorFile('{\n"transforms": ["unwrap", "route"]\n}', 'a.json');
      assert.equal(f.config['transforms'], undefined);
      const [issue] = f.syntaxIssues;
      assert.equal(issue?.rule, 'json.valueType');
      assert.equal(issue?.field, 'transforms');
      assert.equal(issue?.line, 2);
      assert.equal(issue?.suggestion, 'unwrap,route');
    });

    it('reports null and nested objects as value-type problems', () => {
      const f = parseConnectorFile('{"a": null, "b": {"c": "d"}}', 'x.json');
      assert.deepEqual(f.syntaxIssues.map((i) => [i.field, i.severity, i.rule]), [['a', 'warning', 'json.valueType'], ['b', 'error', 'json.valueType']]);
      assert.deepEqual(f.config, {});
    });

    it('warns about a duplicate key and keeps the last value and position', () => {
      const f = parseConnectorFile('{\n"mode": "bulk",\n"mode": "timestamp"\n}', 'x.json');
      assert.equal(f.config['mode'], 'timestamp');
      assert.deepEqual(f.positions['mode'], { line: 3, column: 1 });
      assert.equal(f.syntaxIssues[0]?.rule, 'json.duplicateKey');
      assert.match(f.syntaxIssues[0]?.message ?? '', /first at line 2, column 1/);
    });

    it('reports the seed\'s typographic quotes outside strings, per line, with the straight-quote fix', () => {
      const f = parseConnectorFile(SEED_EXAMPLE_SCHEMA_HEAD, 'schema.json');
      const smart = f.syntaxIssues.filter((i) => i.rule === 'json.smartQuotes');
      assert.equal(smart.length, 4);
      assert.deepEqual([smart[0]?.line, smart[0]?.column], [2, 5]);
      assert.equal(smart[0]?.severity, 'error');
      assert.match(smart[0]?.message ?? '', /typographic quote “.*replace with straight quotes/);
      // recovery: the repaired keys are read
      assert.equal(f.config['Database Name'], 'sampledatabase');
    });

    it('warns (not errors) about a typographic quote or ASCII-looking dash inside a value, naming the key', () => {
      const text = '{\n"query": "SELECT * FROM address WHERE district = ‘Alberta’",\n"x": "apk add –no-cache",\n"y": "Part 1 – Setup"\n}';
      const f = parseConnectorFile(text, 'x.json');
      const byField = f.syntaxIssues.map((i) => [i.field, i.severity, i.rule, i.line]);
      assert.deepEqual(byField, [['query', 'warning', 'json.smartQuotes', 2], ['query', 'warning', 'json.smartQuotes', 2], ['x', 'warning', 'json.smartQuotes', 3]]);
    });

    it('reports a typographic character inside a key as an error', () => {
      const f = parseConnectorFile('{"auto–evolve": "true"}', 'x.json');
      assert.equal(f.syntaxIssues[0]?.field, 'auto–evolve');
      assert.equal(f.syntaxIssues[0]?.severity, 'error');
    });

    const broken: Array<[string, string, RegExp, number, number]> = [
      ['missing comma', '{\n"a": "1"\n"b": "2"\n}', /missing comma/, 3, 1],
      ['comment', '{\n// note\n"a": "1"\n}', /comments are not JSON/, 2, 1],
      ['unquoted key', '{\nmode: "bulk"\n}', /key in double quotes/, 2, 1],
      ['bad escape', '{"topics.regex": "pagila\\.public"}', /invalid escape.*double a literal backslash/, 1, 25],
      ['unclosed', '{"a": "1"', /ends at line 1.*missing "}"/, 1, 10],
    ];
    for (const [what, text, re, line, column] of broken) {
      it(`reports ${what} with its position and fix`, () => {
        const issue = parseConnectorFile(text, 'x.json').syntaxIssues.find((i) => i.rule === 'json.syntax');
        assert.match(issue?.message ?? '', re);
        assert.deepEqual([issue?.line, issue?.column], [line, column]);
      });
    }

    it('rejects a top-level array and an empty file', () => {
      assert.equal(parseConnectorFile('[1]', 'x.json').syntaxIssues[0]?.rule, 'json.shape');
      assert.match(parseConnectorFile('  ', 'x.json').syntaxIssues[0]?.message ?? '', /empty/);
    });

    it('ignores a byte order mark', () => {
      const f = parseConnectorFile('\uFEFF{"a": "1"}', 'x.json');
      assert.deepEqual(f.syntaxIssues, []);
      assert.deepEqual(f.positions['a'], { line: 1, column: 2 });
    });
  });

  describe('parseConnectorProperties', () => {
    it('reads the seed MSK Connect Debezium config with positions per key', () => {
      const f = parseConnectorProperties(SEED_DEBEZIUM_MYSQL_MSK, 'debezium-mysql-connector.properties');
      assert.equal(f.shape, 'flat');
      assert.equal(f.name, '<Connector-name>');
      assert.equal(Object.keys(f.config).length, 27);
      assert.equal(f.config['transforms.unwrap.add.fields'], 'op,source.ts_ms');
      assert.deepEqual(f.positions['database.server.name'], { line: 8, column: 1 });
      assert.deepEqual(f.syntaxIssues, []);
    });

    it('follows Java rules: comments, separators, continuation lines and escapes', () => {
      const text = [
        '# comment',
        '! also a comment',
        '  topics = a,\\',
        '           b',
        'query: SELECT 1',
        'key\\=with\\:seps value here',
        'tab=\\tx\\u0041',
        'empty',
      ].join('\r\n');
      const f = parseConnectorProperties(text, 'x.properties');
      assert.deepEqual(f.config, { topics: 'a,b', query: 'SELECT 1', 'key=with:seps': 'value here', tab: '\txA', empty: '' });
      assert.deepEqual(f.positions['topics'], { line: 3, column: 3 });
      assert.deepEqual(f.positions['query'], { line: 5, column: 1 });
    });

    it('reports a malformed \\u escape and a duplicate key', () => {
      const f = parseConnectorProperties('a=\\u12\na=1\na=2', 'x.properties');
      assert.deepEqual(f.syntaxIssues.map((i) => [i.rule, i.line]), [['properties.syntax', 1], ['json.duplicateKey', 2], ['json.duplicateKey', 3]]);
    });

    it('warns about a typographic dash pasted into a value', () => {
      const f = parseConnectorProperties('x=apk add –no-cache', 'x.properties');
      assert.deepEqual(f.syntaxIssues.map((i) => [i.rule, i.field, i.severity, i.column]), [['json.smartQuotes', 'x', 'warning', 11]]);
    });

    it('parseConnectorText picks the parser by extension and content', () => {
      assert.equal(parseConnectorText(SEED_DEBEZIUM_MYSQL_MSK, 'a.properties').config['database.port'], '3306');
      assert.equal(parseConnectorText(SEED_S3_SINK_00, 'a.properties').config['flush.size'], '100');
      assert.equal(parseConnectorText(SEED_S3_SINK_00, 'a.json').config['s3.part.size'], '5242880');
    });
  });

  describe('REST payloads', () => {
    it('a flat file is the body of PUT /connectors/{name}/config', () => {
      const f = parseConnectorFile(SEED_JDBC_SINK_FILMS, 'films sink.connector.json');
      const call = restCallFor(f);
      assert.equal(call.method, 'PUT');
      assert.equal(call.path, '/connectors/films%20sink/config');
      assert.deepEqual(call.body, f.config);
      assert.deepEqual(restPayload(f), { name: 'films sink', config: f.config });
      assert.notEqual(restPayload(f).config, f.config); // a copy
    });

    it('a wrapped file is the body of POST /connectors', () => {
      const f = parseConnectorFile('{"name": "a", "config": {"connector.class": "x"}}', 'b.json');
      const call = restCallFor(f);
      assert.equal(call.method, 'POST');
      assert.equal(call.path, '/connectors');
      assert.deepEqual(call.body, { name: 'a', config: { 'connector.class': 'x' } });
      assert.match(call.description, /409/);
    });
  });
});
