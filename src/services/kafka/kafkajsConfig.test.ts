import * as assert from 'node:assert/strict';
import { parseClusterEntry } from '../../domain/kafka/kafkaConnection';
import { buildKafkaConfig, type MskTokenSigner } from './kafkajsConfig';

const files: Record<string, string> = { '/ws/certs/ca.pem': 'CA PEM', '/ws/certs/client.pem': 'CERT PEM', '/ws/certs/client.key': 'KEY PEM' };
const readFile = (f: string) => { const t = files[f]; if (t === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' }); return Buffer.from(t); };

describe('kafkajs config building', () => {
  it('the local stack: plaintext, no SASL', () => {
    const c = buildKafkaConfig(parseClusterEntry({ name: 'dev', bootstrapServers: 'localhost:9092' }, 0));
    assert.deepEqual([c.brokers, c.ssl, c.sasl], [['localhost:9092'], undefined, undefined]);
  });
  it('SASL PLAIN / SCRAM take the password from the secrets, never from the entry', () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const c = buildKafkaConfig(parseClusterEntry({ name: 'p', bootstrapServers: 'h:9096', sasl: { mechanism, username: 'alice' }, tls: true }, 0), { password: 's3cret' });
      assert.deepEqual(c.sasl, { mechanism, username: 'alice', password: 's3cret' });
      assert.deepEqual(c.ssl, { rejectUnauthorized: true });
    }
    assert.throws(() => buildKafkaConfig(parseClusterEntry({ name: 'p', bootstrapServers: 'h:9096', sasl: { mechanism: 'plain', username: 'alice' } }, 0), {}),
      (e: Error & { code: string; fix: string }) => e.code === 'kafka.noPassword' && /SASL PLAIN as alice/.test(e.message) && /SHORELINE_KAFKA_PASSWORD/.test(e.fix));
  });
  it('TLS reads CA, client certificate and key relative to the base folder, with the key passphrase from the secrets', () => {
    const conn = parseClusterEntry({ name: 't', bootstrapServers: 'h:9093', tls: { ca: 'certs/ca.pem', cert: 'certs/client.pem', key: 'certs/client.key', rejectUnauthorized: false, serverName: 'kafka.internal' } }, 0);
    const c = buildKafkaConfig(conn, { keyPassphrase: 'pp' }, { baseDir: '/ws', readFile });
    const ssl = c.ssl as { ca: Buffer[]; cert: Buffer; key: Buffer; passphrase: string; rejectUnauthorized: boolean; servername: string };
    assert.deepEqual([ssl.ca.map(String), String(ssl.cert), String(ssl.key), ssl.passphrase, ssl.rejectUnauthorized, ssl.servername], [['CA PEM'], 'CERT PEM', 'KEY PEM', 'pp', false, 'kafka.internal']);
    const missing = parseClusterEntry({ name: 't', bootstrapServers: 'h:9093', tls: { ca: 'nope.pem' } }, 0);
    assert.throws(() => buildKafkaConfig(missing, {}, { baseDir: '/ws', readFile }), /Cannot read the TLS CA file \/ws\/nope\.pem for "t" \(ENOENT\)/);
  });
  it('MSK IAM is OAUTHBEARER with a token from the signer (region, profile, role), over TLS', async () => {
    const calls: unknown[] = [];
    const sign: MskTokenSigner = async (o) => { calls.push(o); return { token: 'signed-token', expiryTime: Date.now() + 900_000 }; };
    const conn = parseClusterEntry({ name: 'msk', bootstrapServers: 'b-1.msk.amazonaws.com:9098', sasl: { mechanism: 'aws-msk-iam', region: 'us-east-1', profile: 'dev', roleArn: 'arn:aws:iam::123456789012:role/Reader', roleSessionName: 'shoreline' } }, 0);
    const c = buildKafkaConfig(conn, {}, { signMskToken: sign });
    assert.deepEqual(c.ssl, { rejectUnauthorized: true });
    const sasl = c.sasl as { mechanism: string; oauthBearerProvider: () => Promise<{ value: string }> };
    assert.equal(sasl.mechanism, 'oauthbearer');
    assert.deepEqual(await sasl.oauthBearerProvider(), { value: 'signed-token' });
    assert.deepEqual(calls, [{ region: 'us-east-1', profile: 'dev', roleArn: 'arn:aws:iam::123456789012:role/Reader', roleSessionName: 'shoreline' }]);
  });
  it('a signer failure names the cluster, region and role, and what to check', async () => {
    const conn = parseClusterEntry({ name: 'msk', bootstrapServers: 'h:9098', sasl: { mechanism: 'aws-msk-iam', region: 'us-east-1', roleArn: 'arn:aws:iam::123456789012:role/Reader' } }, 0);
    const c = buildKafkaConfig(conn, {}, { signMskToken: async () => { throw new Error('ExpiredToken'); } });
    await assert.rejects((c.sasl as { oauthBearerProvider: () => Promise<unknown> }).oauthBearerProvider(),
      (e: Error & { fix: string }) => /MSK IAM token for "msk" in us-east-1 as arn:aws:iam::123456789012:role\/Reader: ExpiredToken/.test(e.message) && /aws sts get-caller-identity/.test(e.fix));
  });
  it('the real signer is wired (module loads and exports the three token functions)', async () => {
    const signer = await import('aws-msk-iam-sasl-signer-js');
    assert.equal(typeof signer.generateAuthToken, 'function');
    assert.equal(typeof signer.generateAuthTokenFromProfile, 'function');
    assert.equal(typeof signer.generateAuthTokenFromRole, 'function');
  });
});
