import * as assert from 'node:assert/strict';
import { parseArgs } from './args';
import { cliConnection, repeated, splitConfigFlag, type KafkaCliContext } from './kafkaCommands';

function ctx(argv: string[], env: Record<string, string> = {}): KafkaCliContext {
  const noop = () => undefined;
  return { argv, args: parseArgs(argv), json: false, env, cwd: '/tmp', config: () => { throw new Error('no stack config in this test'); }, out: noop, info: noop, progress: noop, debug: noop };
}

describe('kafka cli options', () => {
  it('collects repeated flags in order', () => {
    assert.deepEqual(repeated(['produce', 't', '--header', 'a=1', '--header=b=2', '--value', 'v'], 'header'), ['a=1', 'b=2']);
  });
  it('tells topic configs (k=v) from the config file in --config', () => {
    assert.deepEqual(splitConfigFlag(['topic', 'create', 't', '--config', 'retention.ms=1', '--config', 'ci.json', '--config', 'cleanup.policy=compact']),
      { topicConfigs: ['retention.ms=1', 'cleanup.policy=compact'], configFile: 'ci.json' });
    assert.deepEqual(splitConfigFlag(['topics']), { topicConfigs: [], configFile: undefined });
  });
  it('builds a SCRAM + TLS connection from flags, the password only from the environment', () => {
    const { conn, secrets } = cliConnection(ctx(['topics', '--bootstrap-server', 'b-1.x:9096,b-2.x:9096', '--sasl-mechanism', 'scram-sha-512', '--sasl-username', 'alice', '--tls-ca', 'ca.pem'], { SHORELINE_KAFKA_PASSWORD: 'pw' }));
    assert.deepEqual([conn.bootstrapServers, conn.sasl, conn.tls?.caFile, secrets.password], [['b-1.x:9096', 'b-2.x:9096'], { mechanism: 'scram-sha-512', username: 'alice' }, 'ca.pem', 'pw']);
  });
  it('builds an MSK IAM connection (TLS on, region from the flag or AWS_REGION)', () => {
    const { conn } = cliConnection(ctx(['topics', '--bootstrap-server', 'b-1.msk:9098', '--sasl-mechanism', 'aws-msk-iam', '--aws-profile', 'dev'], { AWS_REGION: 'eu-west-1' }));
    assert.deepEqual([conn.sasl?.mechanism, conn.sasl?.region, conn.sasl?.profile, conn.tls], ['aws-msk-iam', 'eu-west-1', 'dev', { caFile: undefined, certFile: undefined, keyFile: undefined, serverName: undefined }]);
    assert.throws(() => cliConnection(ctx(['topics', '--bootstrap-server', 'b:9098', '--sasl-mechanism', 'aws-msk-iam'])), /sasl\.region is required/);
  });
});
