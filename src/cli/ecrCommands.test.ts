import * as assert from 'node:assert/strict';
import { ShorelineError } from '../domain/errors';
import { parseArgs } from './args';
import { accessOf } from './ecrCommands';

const access = (argv: string, env: Record<string, string> = {}) => accessOf({ args: parseArgs(argv.split(' ')), env });
const codeOf = (fn: () => unknown) => { try { fn(); return 'no error'; } catch (e) { return e instanceof ShorelineError ? e.code : String(e); } };

describe('shoreline ecr flags', () => {
  it('reads profile, region, account and role; the region comes from AWS_REGION when not given', () => {
    const a = access('ecr push x --account 111222333444 --role-arn arn:aws:iam::111222333444:role/VendorPush --external-id rake --profile vendor', { AWS_REGION: 'us-east-2' });
    assert.deepEqual(a.access, { profile: 'vendor', region: 'us-east-2', roleArn: 'arn:aws:iam::111222333444:role/VendorPush', externalId: 'rake' });
    assert.equal(a.accountId, '111222333444');
  });

  it('local mode: endpoint and registry from the environment, account as the emulated caller, AWS_PROFILE not used', () => {
    const a = access('ecr repos --account 999888777666 --region us-west-2',
      { SHORELINE_ECR_ENDPOINT: 'http://127.0.0.1:4566', SHORELINE_ECR_REGISTRY: '127.0.0.1:5000', AWS_PROFILE: 'real-account' });
    assert.deepEqual(a.access, { region: 'us-west-2', endpointUrl: 'http://127.0.0.1:4566', localAccountId: '999888777666' });
    assert.equal(a.registryHost, '127.0.0.1:5000');
    // outside local mode AWS_PROFILE is the profile
    assert.equal(access('ecr repos', { AWS_PROFILE: 'real-account' }).access.profile, 'real-account');
  });

  it('refuses a role in another account, an external id without a role, bad ids and URLs', () => {
    assert.equal(codeOf(() => access('ecr push x --account 111222333444 --role-arn arn:aws:iam::999888777666:role/Dev')), 'ecr.roleAccountMismatch');
    assert.equal(codeOf(() => access('ecr push x --external-id rake')), 'cli.badValue');
    assert.equal(codeOf(() => access('ecr repos --account 12345')), 'ecr.badAccountId');
    assert.equal(codeOf(() => access('ecr repos --region useast2')), 'ecr.badRegion');
    assert.equal(codeOf(() => access('ecr repos --endpoint-url 127.0.0.1:4566')), 'cli.badValue');
  });

  it('MFA: --mfa-serial with --role-arn and a six-digit --mfa-code; the code answers the provider, never stored as a field', async () => {
    const a = access('ecr push x --account 111222333444 --role-arn arn:aws:iam::111222333444:role/VendorPush --mfa-serial arn:aws:iam::999888777666:mfa/alice --mfa-code 123456');
    assert.equal(a.access.mfaSerial, 'arn:aws:iam::999888777666:mfa/alice');
    assert.equal(await a.access.mfaCodeProvider?.('arn:aws:iam::999888777666:mfa/alice'), '123456');
    assert.ok(!JSON.stringify(a.access).includes('123456'));
    // --mfa-code alone answers a profile's own mfa_serial
    assert.equal(await access('ecr repos --profile vendor --mfa-code 654321').access.mfaCodeProvider?.('arn:aws:iam::1:mfa/x'), '654321');
    assert.equal(codeOf(() => access('ecr repos --mfa-serial arn:aws:iam::999888777666:mfa/alice --mfa-code 123456')), 'cli.badValue');
    assert.equal(codeOf(() => access('ecr repos --role-arn arn:aws:iam::111222333444:role/R --mfa-serial arn:aws:iam::999888777666:mfa/alice')), 'ecr.mfaCodeMissing');
    assert.equal(codeOf(() => access('ecr repos --role-arn arn:aws:iam::111222333444:role/R --mfa-serial alice --mfa-code 123456')), 'ecr.badMfaSerial');
    assert.equal(codeOf(() => access('ecr repos --profile vendor --mfa-code 12345')), 'ecr.badMfaCode');
  });

  it('local mode --caller-account: the emulated caller, which needs a role to read another account (the emulator ignores registryId)', () => {
    const local = { SHORELINE_ECR_ENDPOINT: 'http://127.0.0.1:4566' };
    const a = access('ecr repos --caller-account 999888777666 --account 111222333444 --role-arn arn:aws:iam::111222333444:role/CustomerPull --region us-east-2', local);
    assert.deepEqual(a.access, { region: 'us-east-2', roleArn: 'arn:aws:iam::111222333444:role/CustomerPull', endpointUrl: 'http://127.0.0.1:4566', localAccountId: '999888777666' });
    assert.equal(codeOf(() => access('ecr repos --caller-account 999888777666 --account 111222333444', local)), 'ecr.crossAccountNeedsRole');
    assert.equal(codeOf(() => access('ecr repos --caller-account 999888777666 --account 111222333444 --role-arn arn:aws:iam::111222333444:role/R')), 'cli.badValue');
    assert.equal(codeOf(() => access('ecr repos --caller-account 99988877 --account 111222333444', local)), 'ecr.badAccountId');
  });
});
