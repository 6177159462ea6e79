import * as assert from 'node:assert/strict';
import { parseConnectorFile } from './connectorFile';
import { SEED_JDBC_SOURCE_02, SEED_S3_SINK_02 } from './fixtures/seedConfigs';
import { insertedValueFields, parseList, parsePredicates, parseRenames, parseSmtChain, smtBaseName, smtSide } from './smtChain';

describe('smtChain', () => {
  it('parses the seed S3 sink #3 chain in order, trimming the space after the first comma', () => {
    const chain = parseSmtChain(parseConnectorFile(SEED_S3_SINK_02, 's3_sink_connector_02.json').config);
    assert.deepEqual(chain.map((s) => s.alias), ['RenameField', 'insertStaticField1', 'insertStaticField2', 'insertStaticField3']);
    assert.deepEqual(chain[0], {
      alias: 'RenameField', type: 'org.apache.kafka.connect.transforms.ReplaceField$Value', settings: { renames: 'district:state_province' },
    });
    assert.deepEqual(chain[3]?.settings, { 'static.field': 'environment', 'static.value': 'development' });
  });

  it('gives a step without .type the type "" (the seed JDBC source #3\'s last step keeps its type, not its settings)', () => {
    const chain = parseSmtChain({ transforms: 'a,b', 'transforms.a.type': 'x.Y', 'transforms.b.field': 'f' });
    assert.deepEqual(chain.map((s) => [s.alias, s.type]), [['a', 'x.Y'], ['b', '']]);
    const seed = parseSmtChain(parseConnectorFile(SEED_JDBC_SOURCE_02, 'x.json').config);
    assert.deepEqual(seed[3], { alias: 'InsertSourceDetails', type: 'org.apache.kafka.connect.transforms.InsertField$Value', settings: {} });
  });

  it('parseList follows ConfigDef LIST parsing', () => {
    assert.deepEqual(parseList(' a , b,,c '), ['a', 'b', 'c']);
    assert.deepEqual(parseList(''), []);
    assert.deepEqual(parseList(undefined), []);
  });

  it('parses predicates with their settings', () => {
    const preds = parsePredicates({ predicates: 'isTomb', 'predicates.isTomb.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone', 'predicates.isTomb.x': '1' });
    assert.deepEqual(preds, [{ alias: 'isTomb', type: 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone', settings: { x: '1' } }]);
  });

  it('names the side and base of $Key/$Value transforms', () => {
    assert.equal(smtSide('org.apache.kafka.connect.transforms.ExtractField$Key'), 'Key');
    assert.equal(smtSide('io.debezium.transforms.ExtractNewRecordState'), undefined);
    assert.equal(smtBaseName('org.apache.kafka.connect.transforms.InsertField$Value'), 'InsertField');
  });

  it('lists the value fields InsertField steps insert, without the !/? suffix', () => {
    const config = parseConnectorFile(SEED_S3_SINK_02, 'x.json').config;
    assert.deepEqual(insertedValueFields(parseSmtChain(config)).map((i) => [i.alias, i.field]), [
      ['insertStaticField1', 'message_source'], ['insertStaticField2', 'message_source_engine'], ['insertStaticField3', 'environment'],
    ]);
    const keyed = parseSmtChain({ transforms: 'k,t', 'transforms.k.type': 'org.apache.kafka.connect.transforms.InsertField$Key', 'transforms.k.static.field': 'x', 'transforms.t.type': 'org.apache.kafka.connect.transforms.InsertField$Value', 'transforms.t.topic.field': 'topic!' });
    assert.deepEqual(insertedValueFields(keyed).map((i) => i.field), ['topic']);
  });

  it('parses ReplaceField renames', () => {
    assert.deepEqual(parseRenames('district:state_province, a:b,broken'), [{ from: 'district', to: 'state_province' }, { from: 'a', to: 'b' }]);
  });
});
