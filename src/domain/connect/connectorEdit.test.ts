import * as assert from 'node:assert/strict';
import { applyTextEdits, configEditSchema, connectorFormat, editConnectorText, escapeProperty, type ConfigEdit, type ConnectorFormat } from './connectorEdit';
import { parseConnectorFile, parseConnectorProperties } from './connectorFile';

const edit = (text: string, e: ConfigEdit, format: ConnectorFormat = 'json'): string => applyTextEdits(text, editConnectorText(text, format, e));

const WRAPPED = `{
    "name": "pg",
    "config": {
        "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
        // the stack's host
        "database.hostname": "postgres",
        "tasks.max": 1,
        "tombstones.on.delete": true
    }
}
`;

describe('connector file edits', () => {
  it('replaces a value in place, keeping comments, order and indentation', () => {
    const out = edit(WRAPPED, { key: 'database.hostname', value: 'db' });
    assert.equal(out, WRAPPED.replace('"database.hostname": "postgres"', '"database.hostname": "db"'));
  });

  it('keeps a number or boolean a number or boolean when the new value still is one', () => {
    assert.equal(edit(WRAPPED, { key: 'tasks.max', value: '2' }), WRAPPED.replace('"tasks.max": 1', '"tasks.max": 2'));
    assert.equal(edit(WRAPPED, { key: 'tombstones.on.delete', value: 'false' }), WRAPPED.replace('true', 'false'));
    assert.equal(edit(WRAPPED, { key: 'tasks.max', value: 'many' }), WRAPPED.replace('"tasks.max": 1', '"tasks.max": "many"'));
    assert.deepEqual(editConnectorText(WRAPPED, 'json', { key: 'tasks.max', value: '1' }), [], 'no change, no edit');
  });

  it('adds a missing key at the end of "config" with the file\'s indentation', () => {
    const out = edit(WRAPPED, { key: 'topic.prefix', value: 'pagila' });
    assert.match(out, /"tombstones\.on\.delete": true,\n {8}"topic\.prefix": "pagila"\n {4}\}\n\}/);
    assert.equal(parseConnectorFile(out, 'pg.connector.json').config['topic.prefix'], 'pagila');
  });

  it('removes a cleared key with its comma, leaving the rest alone', () => {
    const out = edit(WRAPPED, { key: 'tombstones.on.delete', value: null });
    assert.equal(out, WRAPPED.replace(',\n        "tombstones.on.delete": true', ''));
    assert.deepEqual(editConnectorText(WRAPPED, 'json', { key: 'absent', value: null }), []);
  });

  it('edits a flat file at the top level, a wrapped file\'s "name" beside "config"', () => {
    const flat = '{\n\t"connector.class": "x.Y",\n\t"topics": "a"\n}';
    assert.equal(edit(flat, { key: 'topics', value: 'a,b' }), '{\n\t"connector.class": "x.Y",\n\t"topics": "a,b"\n}');
    assert.equal(edit(flat, { key: 'tasks.max', value: '3' }), '{\n\t"connector.class": "x.Y",\n\t"topics": "a",\n\t"tasks.max": "3"\n}');
    assert.equal(edit(WRAPPED, { key: 'name', value: 'pg2' }), WRAPPED.replace('"name": "pg"', '"name": "pg2"'));
  });

  it('escapes what JSON needs, keeps CRLF and a BOM', () => {
    const crlf = '\uFEFF{\r\n  "a": "1"\r\n}\r\n';
    const out = edit(crlf, { key: 'regex', value: '"(.*)"\\d' });
    assert.equal(out, '\uFEFF{\r\n  "a": "1",\r\n  "regex": "\\"(.*)\\"\\\\d"\r\n}\r\n');
    assert.equal(parseConnectorFile(out, 'x.connector.json').config['regex'], '"(.*)"\\d');
  });

  it('refuses a file that holds no JSON object, saying what to do', () => {
    assert.throws(() => editConnectorText('[1, 2]', 'json', { key: 'a', value: 'b' }), (e: Error & { fix?: string }) =>
      e.message === 'The file does not hold a JSON object, so "a" cannot be set in it' && /fix the JSON syntax/.test(e.fix ?? ''));
    assert.equal(edit('', { key: 'a', value: 'b' }), '{\n  "a": "b"\n}');
  });

  describe('.properties', () => {
    const PROPS = '# source\nname=pg\nconnector.class = io.debezium.connector.postgresql.PostgresConnector\ndatabase.hostname: postgres\ntable.include.list=public.a,\\\n  public.b\nflag\n';

    it('replaces a value in place whatever the separator, and a continued value whole', () => {
      assert.equal(edit(PROPS, { key: 'database.hostname', value: 'db' }, 'properties'), PROPS.replace('database.hostname: postgres', 'database.hostname: db'));
      const out = edit(PROPS, { key: 'table.include.list', value: 'public.c' }, 'properties');
      assert.equal(out, PROPS.replace('public.a,\\\n  public.b', 'public.c'));
      assert.equal(edit(PROPS, { key: 'flag', value: 'on' }, 'properties'), PROPS.replace('\nflag\n', '\nflag=on\n'));
    });

    it('appends a missing key and removes a cleared one (continuation lines included)', () => {
      const added = edit(PROPS, { key: 'topic.prefix', value: 'pagila' }, 'properties');
      assert.equal(added, `${PROPS}topic.prefix=pagila\n`);
      assert.equal(edit('a=1', { key: 'b', value: '2' }, 'properties'), 'a=1\nb=2\n');
      const removed = edit(PROPS, { key: 'table.include.list', value: null }, 'properties');
      assert.equal(removed, PROPS.replace('table.include.list=public.a,\\\n  public.b\n', ''));
      assert.deepEqual(Object.keys(parseConnectorProperties(removed, 'x.properties').config), ['name', 'connector.class', 'database.hostname', 'flag']);
    });

    it('escapes keys and values so Properties.load reads them back', () => {
      assert.equal(escapeProperty(' lead\\ing\n€', false), '\\ lead\\\\ing\\n\\u20ac');
      assert.equal(escapeProperty('a=b:c d#', true), 'a\\=b\\:c\\ d#');
      const out = edit('', { key: 'odd key', value: ' x=\\y ü' }, 'properties');
      assert.deepEqual(parseConnectorProperties(out, 'x.properties').config, { 'odd key': ' x=\\y ü' });
    });
  });

  it('tells the format from the name and the content', () => {
    assert.equal(connectorFormat('a.connector.properties', 'a=b'), 'properties');
    assert.equal(connectorFormat('a.connector.properties', '{"a": "b"}'), 'json');
    assert.equal(connectorFormat('a.connector.json', ''), 'json');
  });

  it('the boundary schema takes {key, value|null} and nothing else', () => {
    assert.equal(configEditSchema.safeParse({ key: 'a', value: null }).success, true);
    assert.equal(configEditSchema.safeParse({ key: 'a', value: 'b' }).success, true);
    for (const bad of [{ key: '', value: 'b' }, { key: 'a' }, { key: 'a', value: 1 }, { key: 7, value: 'b' }, null, 'a=b']) {
      assert.equal(configEditSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});
