import * as assert from 'node:assert/strict';
import { parseConnectorText } from './connectorFile';
import { connectorKind, consumedTopics, javaRegex, producedTopics } from './connectorTopics';
import {
  SEED_DEBEZIUM_MYSQL_MSK, SEED_DEBEZIUM_PG_PRODUCTS, SEED_JDBC_SINK_FILMS, SEED_JDBC_SOURCE_00, SEED_JDBC_SOURCE_01, SEED_JDBC_SOURCE_02,
  SEED_S3_SINK_00, SEED_S3_SINK_MSK,
} from './fixtures/seedConfigs';

const json = (text: string) => parseConnectorText(text, 'x.json');
const props = (text: string) => parseConnectorText(text, 'x.properties');

describe('connectorTopics', () => {
  const produced: Array<[string, ReturnType<typeof json>, string[], boolean]> = [
    ['JDBC source #1: prefix + each whitelisted table', json(SEED_JDBC_SOURCE_00), ['pagila.public.address', 'pagila.public.city', 'pagila.public.country'], true],
    ['JDBC source #2', json(SEED_JDBC_SOURCE_01), ['pagila.public.alt.address'], true],
    ['JDBC source #3: query mode writes topic.prefix itself', json(SEED_JDBC_SOURCE_02), ['pagila.query'], true],
    ['Debezium PG 1.x config: server name + schema.table', json(SEED_DEBEZIUM_PG_PRODUCTS), ['products.films.outbox'], true],
    ['Debezium MySQL 1.x config: server name + db.table', props(SEED_DEBEZIUM_MYSQL_MSK), ['db1.sampledatabase.movies'], true],
  ];
  for (const [what, file, topics, complete] of produced) {
    it(`topics written — ${what}`, () => {
      assert.deepEqual(producedTopics(file), { topics, complete, field: file.config['topic.prefix'] !== undefined ? 'topic.prefix' : 'database.server.name' });
    });
  }

  it('a regex table list or no table list leaves the topic set open', () => {
    const p = producedTopics(json('{"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "topic.prefix": "pagila", "table.include.list": "public\\\\.address,public\\\\.cit.*"}'));
    assert.deepEqual(p, { topics: ['pagila.public.address'], complete: false, field: 'topic.prefix' });
  });

  it('applies a RegexRouter (Java full match, ${name} groups) to the written topics', () => {
    const file = json(JSON.stringify({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'topic.prefix': 'pagila', 'table.include.list': 'public.address,public.city',
      transforms: 'route', 'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex': 'pagila\\.public\\.(?<t>.*)', 'transforms.route.replacement': 'cdc.${t}',
    }));
    assert.deepEqual(producedTopics(file)?.topics, ['cdc.address', 'cdc.city']);
  });

  it('sinks read topics or topics.regex; sources read nothing', () => {
    assert.deepEqual(consumedTopics(json(SEED_JDBC_SINK_FILMS)), { topics: ['products.films.outbox'], field: 'topics' });
    const regex = consumedTopics(json(SEED_S3_SINK_00));
    assert.equal(regex?.field, 'topics.regex');
    assert.ok(regex?.regex?.test('pagila.public.address'));
    assert.ok(!regex?.regex?.test('xpagila.public.address'));
    assert.deepEqual(consumedTopics(props(SEED_S3_SINK_MSK))?.topics, ['db1.sampledatabase.movies']);
    assert.equal(consumedTopics(json(SEED_JDBC_SOURCE_00)), undefined);
    assert.equal(connectorKind(json('{"connector.class": "com.example.X", "topics": "a"}')), 'sink');
  });

  it('javaRegex matches whole names and rejects what JS cannot read', () => {
    assert.ok(javaRegex('a.b')?.test('axb'));
    assert.equal(javaRegex('a.b')?.test('a.bc'), false);
    assert.equal(javaRegex('(unclosed'), undefined);
  });
});
