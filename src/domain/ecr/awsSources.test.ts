import { strict as assert } from 'node:assert';
import { awsSources, localAccounts, profileKind } from './awsSources';

const files = {
  configFile: {
    default: { region: 'us-east-2' },
    vendor: { sso_session: 'corp', sso_account_id: '111222333444', region: 'us-east-2' },
    customer: { role_arn: 'arn:aws:iam::999888777666:role/EcrPush', source_profile: 'default', region: 'us-west-2' },
    'sso-session.corp': { sso_start_url: 'https://corp.awsapps.com/start' },
  },
  credentialsFile: { default: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'x' }, keysonly: { aws_access_key_id: 'AKIA2', aws_secret_access_key: 'y' } },
};

describe('awsSources (AWS view, first level)', () => {
  it('lists profiles of both files once each, default first, without sso-session sections', () => {
    const rows = awsSources(files, { env: {} });
    assert.deepEqual(rows.map((r) => r.id), ['profile:default', 'profile:customer', 'profile:keysonly', 'profile:vendor']);
    assert.deepEqual(rows.map((r) => r.description), ['access keys', 'role via default', 'access keys', 'SSO']);
  });
  it('uses each profile\'s own region unless shoreline.aws.regions is set', () => {
    const own = awsSources(files, { env: {} });
    assert.deepEqual(own.find((r) => r.id === 'profile:customer')!.regions, ['us-west-2']);
    assert.deepEqual(own.find((r) => r.id === 'profile:keysonly')!.regions, []);
    const set = awsSources(files, { env: {}, regions: ['eu-central-1', 'us-east-2', 'eu-central-1'] });
    assert.deepEqual(set.find((r) => r.id === 'profile:customer')!.regions, ['eu-central-1', 'us-east-2']);
  });
  it('adds environment credentials only when AWS_ACCESS_KEY_ID is set', () => {
    assert.equal(awsSources(files, { env: {} }).some((r) => r.kind === 'environment'), false);
    const env = awsSources(files, { env: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_REGION: 'ap-south-1' } }).find((r) => r.kind === 'environment')!;
    assert.deepEqual(env.regions, ['ap-south-1']);
  });
  it('adds one local-mode row per emulated account of the registry list, first', () => {
    const rows = awsSources({ configFile: {}, credentialsFile: {} }, {
      env: {}, ecrEndpoint: 'http://127.0.0.1:5003', registryHost: '111222333444=127.0.0.1:5001,999888777666=127.0.0.1:5002', regions: ['us-east-2'],
    });
    assert.deepEqual(rows.map((r) => [r.id, r.accountId, r.endpointUrl, r.regions.join()]), [
      ['local:111222333444', '111222333444', 'http://127.0.0.1:5003', 'us-east-2'],
      ['local:999888777666', '999888777666', 'http://127.0.0.1:5003', 'us-east-2'],
    ]);
  });
  it('uses the emulator default account for a single registry host, and no local row without settings', () => {
    assert.deepEqual(awsSources({ configFile: {}, credentialsFile: {} }, { env: {}, ecrEndpoint: 'http://127.0.0.1:5003', registryHost: '127.0.0.1:5000' }).map((r) => r.accountId), ['123456789012']);
    assert.equal(awsSources({ configFile: {}, credentialsFile: {} }, { env: {} }).length, 0);
  });
  it('parses account lists and profile kinds', () => {
    assert.deepEqual(localAccounts('111222333444=a:1, bad=b:2,999888777666=c:3'), ['111222333444', '999888777666']);
    assert.equal(profileKind({ credential_process: '/bin/x' }), 'credential process');
    assert.equal(profileKind({}, { aws_access_key_id: 'A', aws_session_token: 'T' }), 'session keys');
  });
});
