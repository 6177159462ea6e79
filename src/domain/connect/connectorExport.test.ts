import * as assert from 'node:assert/strict';
import { parseConnectorText } from './connectorFile';
import { exportConnector, isSecretKey, type ExportTarget } from './connectorExport';
import { CONNECTOR_TEMPLATES, type TemplateParams } from './connectorTemplates';
import { SEED_DEBEZIUM_MYSQL_MSK, SEED_DEBEZIUM_PG_PRODUCTS, SEED_JDBC_SINK_FILMS } from './fixtures/seedConfigs';

const DB_PASSWORD = 'Pg-S3cr3t-9f2b';
const S3_SECRET = 'aws-SECRET-4d1e';
const S3_KEY_ID = 'AKIAEXAMPLE7Q';
/** The stack's template inputs, with secrets that cannot be mistaken for anything else in the output. */
const PARAMS: TemplateParams = {
  postgres: { host: 'postgres', port: 5432, user: 'postgres', password: DB_PASSWORD, database: 'pagila' },
  kafkaBootstrap: 'kafka:29092',
  s3: { endpoint: 'http://localstack:4566', region: 'us-east-1', accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET, bucket: 'shoreline-datalake' },
};
/** The parts of the CreateConnector request the test reads. */
interface MskRequest {
  connectorName: string; kafkaConnectVersion: string; kafkaCluster: unknown; kafkaClusterClientAuthentication: unknown;
  plugins: Array<{ customPlugin: { customPluginArn: string } }>; workerConfiguration: { workerConfigurationArn: string };
  serviceExecutionRoleArn: string; connectorConfiguration: Record<string, string>;
}
const TARGETS: ExportTarget[] = ['msk-connect', 'strimzi'];
const LOCAL_ENDPOINTS = ['postgres:5432', 'kafka:29092', 'localstack', '//postgres', '"postgres"'];

/** The `config:` entries of the Strimzi YAML (each line is `"key": "value"`, JSON syntax). */
function yamlConfig(text: string): Record<string, string> {
  const lines = text.split('\n');
  const start = lines.indexOf('  config:');
  assert.ok(start > 0, text);
  return Object.assign({}, ...lines.slice(start + 1).filter((l) => l.startsWith('    ')).map((l) => JSON.parse(`{${l.trim()}}`) as Record<string, string>));
}

describe('connector export (MSK Connect, Strimzi)', () => {
  for (const t of CONNECTOR_TEMPLATES) {
    for (const target of TARGETS) {
      it(`${t.id} → ${target}: no secret value, no local endpoint, every password a reference`, () => {
        const d = t.build(PARAMS);
        const x = exportConnector(d.name, d.config, target);
        const everything = `${x.text}\n${JSON.stringify(x.artifact)}\n${JSON.stringify(x.parameters.map((p) => ({ ...p, localValue: undefined })))}\n${JSON.stringify(x.secrets)}\n${x.warnings.join('\n')}`;
        for (const secret of [DB_PASSWORD, S3_SECRET, S3_KEY_ID]) assert.ok(!everything.includes(secret), `${secret} leaked:\n${x.text}`);
        const config = target === 'strimzi' ? yamlConfig(x.text) : (x.artifact.connectorConfiguration as Record<string, string>);
        for (const [k, v] of Object.entries(config)) {
          for (const local of LOCAL_ENDPOINTS) assert.ok(!`"${v}"`.includes(local), `${k} = ${v} still names ${local}`);
        }
        for (const [k, v] of Object.entries(d.config)) {
          if (v === DB_PASSWORD || v === S3_SECRET || v === S3_KEY_ID) {
            const ref = target === 'strimzi' ? `\${secrets:kafka/${d.name}-credentials:${k}}` : `\${secretsmanager:${d.name}-credentials:${k}}`;
            assert.equal(config[k], ref, k);
            assert.ok(x.secrets.some((s) => s.key === k && s.reference === ref), k);
          }
        }
      });
    }
  }

  it('Strimzi: a KafkaConnector with the cluster label, class and tasksMax outside config, parameters as ${NAME}', () => {
    const d = CONNECTOR_TEMPLATES.find((t) => t.id === 'iceberg-s3-datalake')!.build(PARAMS);
    const x = exportConnector(d.name, d.config, 'strimzi', { namespace: 'data', cluster: 'lake-connect' });
    assert.match(x.text, /^apiVersion: kafka\.strimzi\.io\/v1beta2\nkind: KafkaConnector\nmetadata:\n  name: "pagila-datalake"\n  namespace: "data"\n  labels:\n    strimzi\.io\/cluster: "lake-connect"\nspec:\n  class: "org\.apache\.iceberg\.connect\.IcebergSinkConnector"\n  tasksMax: 1\n  config:\n/m);
    const config = yamlConfig(x.text);
    assert.equal(config['connector.class'], undefined);
    assert.equal(config['tasks.max'], undefined);
    assert.equal(config['iceberg.catalog.uri'], 'jdbc:postgresql://${DB_HOST}:${DB_PORT}/postgres');
    assert.equal(config['iceberg.catalog.s3.endpoint'], '${S3_ENDPOINT}');
    assert.equal(config['iceberg.kafka.bootstrap.servers'], '${KAFKA_BOOTSTRAP_SERVERS}');
    assert.equal(config['iceberg.catalog.warehouse'], 's3://${S3_BUCKET}/warehouse');
    assert.equal(config['iceberg.catalog.jdbc.password'], '${secrets:data/pagila-datalake-credentials:iceberg.catalog.jdbc.password}');
    assert.equal(config['transforms.unwrap.type'], 'io.debezium.transforms.ExtractNewRecordState', 'everything else unchanged');
    assert.deepEqual(x.parameters.map((p) => p.name).sort(), ['AWS_REGION', 'DB_HOST', 'DB_PORT', 'DB_USER', 'KAFKA_BOOTSTRAP_SERVERS', 'S3_BUCKET', 'S3_ENDPOINT']);
    assert.match(x.text, /^# {3}envsubst '\$DB_HOST \$DB_PORT .*' < pagila-datalake\.yaml \| kubectl apply -f -$/m);
    assert.match(x.text, /^# {3}kubectl -n data create secret generic pagila-datalake-credentials --from-literal=iceberg\.catalog\.jdbc\.password=\.\.\./m);
    assert.ok(x.warnings.some((w) => w.includes('io.strimzi.kafka.KubernetesSecretConfigProvider')));
  });

  it('MSK Connect: the CreateConnector request with placeholders and the auto.create.topics.enable warning', () => {
    const d = CONNECTOR_TEMPLATES.find((t) => t.id === 'debezium-postgres-pagila')!.build(PARAMS);
    const x = exportConnector(d.name, d.config, 'msk-connect');
    const a = x.artifact as unknown as MskRequest;
    assert.deepEqual(Object.keys(a), ['connectorName', 'connectorDescription', 'kafkaConnectVersion', 'capacity', 'connectorConfiguration', 'kafkaCluster',
      'kafkaClusterClientAuthentication', 'kafkaClusterEncryptionInTransit', 'plugins', 'workerConfiguration', 'serviceExecutionRoleArn', 'logDelivery']);
    assert.equal(a.connectorName, 'pagila-cdc');
    assert.equal(a.kafkaConnectVersion, '3.7.x');
    assert.deepEqual(a.kafkaCluster, { apacheKafkaCluster: { bootstrapServers: '<KAFKA_BOOTSTRAP_SERVERS>', vpc: { securityGroups: ['<SECURITY_GROUP_ID>'], subnets: ['<SUBNET_ID_1>', '<SUBNET_ID_2>'] } } });
    assert.deepEqual(a.kafkaClusterClientAuthentication, { authenticationType: 'IAM' });
    assert.equal(a.plugins[0]?.customPlugin.customPluginArn, '<CUSTOM_PLUGIN_ARN>');
    assert.equal(a.workerConfiguration.workerConfigurationArn, '<WORKER_CONFIGURATION_ARN>');
    assert.equal(a.serviceExecutionRoleArn, '<SERVICE_EXECUTION_ROLE_ARN>');
    assert.equal(a.connectorConfiguration['connector.class'], 'io.debezium.connector.postgresql.PostgresConnector');
    assert.equal(a.connectorConfiguration['database.hostname'], '<DB_HOST>');
    assert.equal(a.connectorConfiguration['database.user'], '<DB_USER>');
    assert.equal(a.connectorConfiguration['database.password'], '${secretsmanager:pagila-cdc-credentials:database.password}');
    assert.deepEqual(JSON.parse(x.text), a);
    const auto = x.warnings.find((w) => w.includes('auto.create.topics.enable=false'));
    assert.ok(auto, x.warnings.join('\n'));
    assert.match(auto, /pagila\.public\.address, pagila\.public\.city, pagila\.public\.country/);
    assert.ok(x.warnings.some((w) => w.includes('SecretsManagerConfigProvider')));
  });

  it('the seeds\' configs: passwords (and a password inside a JDBC URL) never appear', () => {
    const files = [parseConnectorText(SEED_DEBEZIUM_PG_PRODUCTS, 'products.connector.json'), parseConnectorText(SEED_JDBC_SINK_FILMS, 'films.connector.json'), parseConnectorText(SEED_DEBEZIUM_MYSQL_MSK, 'mysql.properties')];
    for (const f of files) {
      for (const target of TARGETS) {
        const x = exportConnector(f.name, f.config, target);
        assert.ok(!x.text.includes('change_me!') && !x.text.includes('<DBPASSWORD>'), `${f.name} ${target}`);
      }
    }
    const url = exportConnector('s', { 'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', 'connection.url': 'jdbc:postgresql://db:5432/x?user=a&password=hunter2' }, 'strimzi');
    assert.ok(!url.text.includes('hunter2'));
    assert.ok(url.secrets.some((s) => s.key === 'connection.url'));
    const local = exportConnector('apicurio-local', { 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'key.converter.apicurio.registry.url': 'http://localhost:8080/apis/registry/v2' }, 'msk-connect');
    assert.ok(local.warnings.some((w) => w.includes('"key.converter.apicurio.registry.url" points at localhost')));
  });

  it('tells secrets from look-alikes', () => {
    assert.ok(isSecretKey('io.debezium.connector.postgresql.PostgresConnector', 'database.password', 'x'));
    assert.ok(isSecretKey('org.apache.iceberg.connect.IcebergSinkConnector', 'iceberg.catalog.s3.secret-access-key', 'x'));
    assert.ok(isSecretKey('x', 'producer.override.sasl.jaas.config', 'org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";'));
    assert.ok(!isSecretKey('x', 'iceberg.catalog.s3.path-style-access', 'true'));
    assert.ok(!isSecretKey('x', 's3.credentials.provider.class', 'com.amazonaws.auth.DefaultAWSCredentialsProviderChain'));
    assert.ok(!isSecretKey('x', 'topic.prefix', 'pagila'));
  });

  it('a name Kubernetes refuses becomes a valid resource name, with a warning', () => {
    const x = exportConnector('jdbc_source_connector_postgresql_00', { 'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector', 'tasks.max': '1' }, 'strimzi');
    assert.match(x.text, /^ {2}name: "jdbc-source-connector-postgresql-00"$/m);
    assert.ok(x.warnings.some((w) => w.includes('becomes "jdbc-source-connector-postgresql-00"')));
  });
});
