import * as assert from 'node:assert/strict';
import { SEED_SHARED_POLICY, SEED_SHARED_POLICY_WITH_PLACEHOLDER } from '../../test/fixtures/ecrPolicies';
import { actionMatches, lintRepositoryPolicy, type PolicyFinding } from './policyLint';
import { PULL_ACTIONS, PUSH_ACTIONS, parsePolicy, policyFromTemplate, statementsOf } from './repositoryPolicy';

const VENDOR = '111222333444';
const CUSTOMER = '999888777666';
const only = (fs: PolicyFinding[], code: PolicyFinding['code']) => fs.filter((f) => f.code === code);
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('repository policy lint', () => {
  it('flags ecr:GetAuthorizationToken in the seed policy, naming the statement, the action and the fix', () => {
    const findings = lintRepositoryPolicy(SEED_SHARED_POLICY, { ownerAccountId: VENDOR });
    const noEffect = only(findings, 'noEffectAction');
    assert.equal(noEffect.length, 1);
    const f = noEffect[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.statement, '"AllowPull"');
    assert.equal(f.action, 'ecr:GetAuthorizationToken');
    assert.match(f.message, /statement "AllowPull": ecr:GetAuthorizationToken has no effect in a repository policy/);
    assert.match(f.fix, /IAM policy/);
    assert.match(f.fix, /Resource "\*"/);
  });

  it('flags the seed\'s IAM user principal and the CodeBuild service principal, but not the customer root', () => {
    const findings = lintRepositoryPolicy(SEED_SHARED_POLICY, { ownerAccountId: VENDOR });
    const principals = only(findings, 'principalNotRootOrRole');
    assert.deepEqual(principals.map((f) => [f.severity, f.principal]), [
      ['info', 'codebuild.amazonaws.com'],
      ['warning', 'arn:aws:iam::111222333444:user/VendorDev'],
    ]);
    assert.match(principals[1]!.fix, /arn:aws:iam::111222333444:root/);
    // the customer gets the full pull set: no missing-pull finding
    assert.deepEqual(only(findings, 'missingPullActions'), []);
    assert.equal(findings.filter((f) => f.severity === 'error').length, 0);
  });

  it('reports the unresolved <VendorDevUserArn> placeholder as an error ECR would reject', () => {
    const errors = lintRepositoryPolicy(SEED_SHARED_POLICY_WITH_PLACEHOLDER).filter((f) => f.severity === 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'invalidPrincipal');
    assert.match(errors[0]!.message, /"<VendorDevUserArn>"/);
  });

  it('warns when a cross-account grant lacks part of the pull set, across statements', () => {
    const text = policy(
      { Sid: 'Pull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CUSTOMER}:root` }, Action: ['ecr:BatchGetImage'] },
      { Sid: 'Layers', Effect: 'Allow', Principal: { AWS: CUSTOMER }, Action: 'ecr:BatchCheckLayerAvailability' },
    );
    const missing = only(lintRepositoryPolicy(text, { ownerAccountId: VENDOR }), 'missingPullActions');
    assert.equal(missing.length, 1);
    assert.match(missing[0]!.message, /account 999888777666 gets ecr:BatchGetImage, ecr:BatchCheckLayerAvailability but not ecr:GetDownloadUrlForLayer/);
    assert.match(missing[0]!.fix, /add ecr:GetDownloadUrlForLayer to statement "Pull"/);
    // wildcards count; the owner's own principals are not cross-account
    assert.deepEqual(only(lintRepositoryPolicy(policy({ Effect: 'Allow', Principal: { AWS: CUSTOMER }, Action: ['ecr:BatchGet*', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheck*'] })), 'missingPullActions'), []);
    assert.deepEqual(only(lintRepositoryPolicy(policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:role/ci` }, Action: 'ecr:BatchGetImage' }), { ownerAccountId: VENDOR }), 'missingPullActions'), []);
    // a grant with no pull action at all is not a pull grant
    assert.deepEqual(only(lintRepositoryPolicy(policy({ Effect: 'Allow', Principal: { AWS: CUSTOMER }, Action: 'ecr:DescribeImages' })), 'missingPullActions'), []);
  });

  it('warns on public and over-broad grants, session principals and non-ECR actions', () => {
    const f = lintRepositoryPolicy(policy(
      { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: [...PULL_ACTIONS] },
      { Sid: 'All', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CUSTOMER}:root` }, Action: 'ecr:*' },
      { Sid: 'Session', Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${CUSTOMER}:assumed-role/Dev/alice` }, Action: [...PULL_ACTIONS, 's3:GetObject'] },
    ));
    assert.equal(only(f, 'publicPrincipal')[0]?.statement, '"Public"');
    assert.equal(only(f, 'broadGrant')[0]?.statement, '"All"');
    assert.match(only(f, 'principalNotRootOrRole')[0]?.fix ?? '', /role ARN arn:aws:iam::999888777666:role/);
    assert.equal(only(f, 'noEffectAction')[0]?.action, 's3:GetObject');
    // a Condition makes "*" deliberate
    assert.deepEqual(only(lintRepositoryPolicy(policy({ Effect: 'Allow', Principal: '*', Action: [...PULL_ACTIONS], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })), 'publicPrincipal'), []);
  });

  it('reports bad JSON and bad shapes as one error', () => {
    assert.equal(lintRepositoryPolicy('{"Version": "2012-10-17", "Statement": [}')[0]?.code, 'invalidPolicy');
    assert.match(lintRepositoryPolicy(policy({ Effect: 'Allow', Action: 'ecr:BatchGetImage' }))[0]?.message ?? '', /no "Principal"/);
    assert.equal(only(lintRepositoryPolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: CUSTOMER }, Action: [...PULL_ACTIONS] }] })), 'version').length, 1);
  });

  it('matches IAM action wildcards case-insensitively', () => {
    assert.ok(actionMatches('ecr:Batch*', 'ecr:BatchGetImage'));
    assert.ok(actionMatches('ECR:batchgetimage', 'ecr:BatchGetImage'));
    assert.ok(actionMatches('*', 'ecr:PutImage'));
    assert.ok(!actionMatches('ecr:Get*', 'ecr:BatchGetImage'));
  });
});

describe('repository policy templates', () => {
  it('"let account X pull" grants exactly the pull set to the account root and lints clean', () => {
    const doc = policyFromTemplate('pull', [CUSTOMER]);
    const [s] = statementsOf(doc);
    assert.deepEqual(s?.Principal, { AWS: `arn:aws:iam::${CUSTOMER}:root` });
    assert.deepEqual(s?.Action, [...PULL_ACTIONS]);
    assert.deepEqual(lintRepositoryPolicy(JSON.stringify(doc), { ownerAccountId: VENDOR }), []);
  });

  it('"let account X push and pull" adds the push actions, for several accounts', () => {
    const doc = policyFromTemplate('push-pull', [CUSTOMER, '123456789012']);
    const [s] = statementsOf(doc);
    assert.deepEqual(s?.Principal, { AWS: [`arn:aws:iam::${CUSTOMER}:root`, 'arn:aws:iam::123456789012:root'] });
    assert.deepEqual(s?.Action, [...PULL_ACTIONS, ...PUSH_ACTIONS]);
    assert.deepEqual(lintRepositoryPolicy(JSON.stringify(doc)), []);
    assert.ok(parsePolicy(JSON.stringify(doc)).ok);
  });

  it('refuses templates without a valid account', () => {
    assert.throws(() => policyFromTemplate('pull', []), /needs at least one account/);
    assert.throws(() => policyFromTemplate('pull', ['9998887776']), /not a 12-digit AWS account id/);
  });
});
