import { strict as assert } from 'node:assert';
import { checkPushState, defaultTag, type PushWizardState } from './pushWizardState';

const good: PushWizardState = { localImage: 'rake-app:1.1.0', accountId: '111222333444', region: 'us-east-2', repository: 'rake-app' };

describe('checkPushState (push wizard)', () => {
  it('accepts a complete state and defaults the tag to the local image\'s tag', () => {
    const r = checkPushState(good);
    assert.ok(r.ok);
    assert.equal(r.value.tag, '1.1.0');
    assert.equal(r.value.create, false);
  });
  it('lists every missing step', () => {
    const r = checkPushState({});
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, ['no local image chosen', 'no target account', 'no target region', 'no repository']);
  });
  const bad: Array<[string, PushWizardState, RegExp]> = [
    ['bad account', { ...good, accountId: '1234' }, /not a 12-digit AWS account id/],
    ['bad region', { ...good, region: 'Ohio' }, /not an AWS region code/],
    ['bad repository', { ...good, repository: 'Rake_App' }, /must be lower case/],
    ['bad tag', { ...good, tag: '-x' }, /not a valid image tag/],
    ['role in another account', { ...good, roleArn: 'arn:aws:iam::999888777666:role/EcrPush' }, /is in account 999888777666, but the target account is 111222333444/],
    ['external id without role', { ...good, externalId: 'abc' }, /only used with a role ARN/],
    ['MFA device without role', { ...good, mfaSerial: 'arn:aws:iam::999888777666:mfa/alice' }, /MFA device is only used with a role ARN/],
    ['MFA device that is a role', { ...good, roleArn: 'arn:aws:iam::111222333444:role/EcrPush', mfaSerial: 'arn:aws:iam::999888777666:role/alice' }, /is not an MFA device/],
    ['template without create', { ...good, policyTemplate: 'pull', principalAccounts: ['999888777666'] }, /only applied to a repository the push creates/],
    ['template without accounts', { ...good, create: true, policyTemplate: 'pull' }, /at least one account/],
    ['template granting itself', { ...good, create: true, policyTemplate: 'push-pull', principalAccounts: ['111222333444'] }, /is the target account itself/],
  ];
  for (const [name, state, re] of bad) {
    it(`rejects: ${name}`, () => {
      const r = checkPushState(state);
      assert.ok(!r.ok, 'expected a problem');
      assert.match(r.problems.join('\n'), re);
    });
  }
  it('accepts a role in the target account with an external id, and a cross-account template', () => {
    const r = checkPushState({ ...good, create: true, policyTemplate: 'pull', principalAccounts: [' 999888777666 '], roleArn: 'arn:aws:iam::111222333444:role/EcrPush', externalId: 'x-1', tag: 'v2' });
    assert.ok(r.ok);
    assert.deepEqual([r.value.tag, r.value.principalAccounts, r.value.roleArn, r.value.externalId], ['v2', ['999888777666'], 'arn:aws:iam::111222333444:role/EcrPush', 'x-1']);
    const m = checkPushState({ ...good, roleArn: 'arn:aws:iam::111222333444:role/EcrPush', mfaSerial: ' arn:aws:iam::999888777666:mfa/alice ' });
    assert.ok(m.ok);
    assert.equal(m.value.mfaSerial, 'arn:aws:iam::999888777666:mfa/alice');
  });
  it('defaults the tag to latest for untagged or registry-port references', () => {
    assert.equal(defaultTag('rake-app'), 'latest');
    assert.equal(defaultTag('127.0.0.1:5000/rake-app'), 'latest');
    assert.equal(defaultTag('sha256:abc'), 'abc');
  });
});
