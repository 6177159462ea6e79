import * as assert from 'node:assert/strict';
import { dataSecretKey, isValidDataConnection, parseDataConnectionEntry, parseDataConnections, parseMongoUrl, parsePgUrl } from './dataConnection';

const where = 'shoreline.data.connections[0]';

describe('data connections', () => {
  it('reads a PostgreSQL URL: host, port, user, database and TLS mode', () => {
    assert.deepEqual(parsePgUrl('postgres://app@db.example.com:6543/orders?sslmode=verify-full&sslrootcert=/etc/ca.pem', where),
      { host: 'db.example.com', port: 6543, user: 'app', database: 'orders', tls: 'verify-full', rootCertFile: '/etc/ca.pem' });
    assert.deepEqual(parsePgUrl('postgresql://read%40only@[::1]/', where), { host: '::1', port: 5432, user: 'read@only', database: 'postgres', tls: 'disable' });
  });

  it('refuses a password in the URL without echoing it', () => {
    for (const url of ['postgres://app:s3cr3t-pw@db:5432/app', 'mongodb://app:s3cr3t-pw@mongo:27017/', 'mongodb://app:s3cr3t-pw@m1:27017,m2:27017/?replicaSet=rs0']) {
      assert.throws(() => (url.startsWith('postgres') ? parsePgUrl(url, where) : parseMongoUrl(url, where)), (e: Error & { fix?: string }) => {
        assert.match(e.message, /holds a password/);
        assert.doesNotMatch(e.message + (e.fix ?? ''), /s3cr3t-pw/);
        assert.match(e.fix ?? '', /SecretStorage/);
        return true;
      });
    }
  });

  it('names the field, the value and the fix for bad URLs', () => {
    assert.throws(() => parsePgUrl('mysql://app@db/app', where), /not a PostgreSQL URL/);
    assert.throws(() => parsePgUrl('postgres://db.example.com/app', where), /names no user/);
    assert.throws(() => parsePgUrl('postgres://app@db/app?sslmode=prefer', where), (e: Error & { fix: string }) => /sslmode is "prefer"/.test(e.message) && /verify-full/.test(e.fix));
    assert.throws(() => parsePgUrl('postgres://app@db/app?connect_timeout=3', where), /parameter "connect_timeout" is not supported/);
    assert.throws(() => parsePgUrl('not a url', where), /"not a url" is not a URL/);
    assert.throws(() => parseMongoUrl('http://mongo:27017', where), /not a MongoDB URL/);
  });

  it('hands the MongoDB driver the URL without the user (the user and password go in its auth option)', () => {
    assert.deepEqual(parseMongoUrl('mongodb://app@m1:27017,m2:27017/shop?replicaSet=rs0&authSource=admin', where),
      { url: 'mongodb://m1:27017,m2:27017/shop?replicaSet=rs0&authSource=admin', username: 'app' });
    assert.deepEqual(parseMongoUrl('mongodb+srv://cluster0.example.net/', where), { url: 'mongodb+srv://cluster0.example.net/' });
  });

  it('reads settings entries; a bad entry is kept with its reason and the rest still load', () => {
    const list = parseDataConnections([
      { name: 'orders-db', type: 'postgres', url: 'postgres://app@localhost:5432/app' },
      { name: 'stack', type: 'postgres', url: 'postgres://app@localhost/app' },
      { name: 'docs', type: 'mongodb', url: 'mongodb://localhost:27017' },
      { name: 'orders-db', type: 'mongodb', url: 'mongodb://localhost:27017' },
      { name: 'pw', type: 'postgres', url: 'postgres://app@localhost/app', password: 'x' },
    ]);
    assert.deepEqual(list.map((c) => (isValidDataConnection(c) ? `${c.name}:${c.type}` : `${c.name}!`)), ['orders-db:postgres', 'stack!', 'docs:mongodb', 'orders-db!', 'pw!']);
    const invalid = list.filter((c) => !isValidDataConnection(c)).map((c) => (c as { invalid: string }).invalid);
    assert.match(invalid[0]!, /connections\[1\]: name is "stack"/);
    assert.match(invalid[1]!, /connections\[3\]: name "orders-db" is used by an earlier entry/);
    assert.match(invalid[2]!, /"password" is not a field of a postgres connection.*SecretStorage/);
    assert.throws(() => parseDataConnectionEntry({ name: 'x', type: 'mysql', url: 'x' }, 2), /connections\[2\] \(x\): type is "mysql"/);
    assert.deepEqual(parseDataConnections({}).map((c) => 'invalid' in c), [true]);
  });

  it('reads an S3 connection: an AWS profile, a region and an optional S3-compatible endpoint, no password field', () => {
    assert.deepEqual(parseDataConnectionEntry({ name: 'lake', type: 's3', profile: 'data', region: 'eu-west-1' }, 0),
      { name: 'lake', type: 's3', url: 'profile data · eu-west-1', s3: { profile: 'data', region: 'eu-west-1' } });
    assert.deepEqual(parseDataConnectionEntry({ name: 'minio', type: 's3', endpoint: 'http://127.0.0.1:9000' }, 0).s3, { region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' });
    assert.throws(() => parseDataConnectionEntry({ name: 'lake', type: 's3', region: 'Ireland' }, 1), /connections\[1\] \(lake\): region is "Ireland".*/);
    assert.throws(() => parseDataConnectionEntry({ name: 'lake', type: 's3', endpoint: 'http://key:secret@minio:9000' }, 1), /endpoint holds credentials/);
    assert.throws(() => parseDataConnectionEntry({ name: 'lake', type: 's3', url: 's3://bucket' }, 1), (e: Error & { fix: string }) => /"url" is not a field of a s3 connection/.test(e.message) && /profile, region, endpoint/.test(e.fix));
  });

  it('keeps each password under its own SecretStorage key', () => {
    assert.equal(dataSecretKey('orders-db'), 'shoreline.data.orders-db.password');
  });
});
