import * as assert from 'node:assert/strict';
import { classifyAwsError, classifyPushError } from './ecrErrors';

const ctx = { operation: 'DescribeRepositories', profile: 'vendor', region: 'us-east-2', accountId: '111222333444', repository: 'rake-app' };

describe('ECR error messages', () => {
  it('tells the user to log in again when the SSO session expired', () => {
    const e = classifyAwsError({ name: 'TokenProviderError', message: 'The SSO session associated with this profile has expired or is otherwise invalid.' }, ctx);
    assert.equal(e.code, 'ecr.ssoExpired');
    assert.equal(e.fix, 'run aws sso login --profile vendor, then try again');
  });

  it('names the caller and the role when AssumeRole is denied', () => {
    const e = classifyAwsError({ name: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole', $metadata: { httpStatusCode: 403 } },
      { operation: 'AssumeRole', roleArn: 'arn:aws:iam::111222333444:role/VendorPush', principal: 'arn:aws:iam::999888777666:user/CustomerDev' });
    assert.equal(e.code, 'ecr.assumeRoleDenied');
    assert.match(e.message, /arn:aws:iam::999888777666:user\/CustomerDev is not allowed to assume arn:aws:iam::111222333444:role\/VendorPush/);
    assert.match(e.fix, /trust policy/);
  });

  it('names account and region for a missing repository', () => {
    const e = classifyAwsError({ name: 'RepositoryNotFoundException', message: 'x' }, ctx);
    assert.equal(e.code, 'ecr.repositoryNotFound');
    assert.equal(e.message, 'repository rake-app does not exist in account 111222333444, region us-east-2');
    assert.match(e.fix, /--create/);
  });

  it('maps expired keys, missing credentials and an unreachable emulator', () => {
    assert.equal(classifyAwsError({ name: 'ExpiredTokenException', message: 'The security token included in the request is expired' }, ctx).code, 'ecr.credentialsExpired');
    assert.equal(classifyAwsError({ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, { operation: 'x' }).code, 'ecr.noCredentials');
    // what the SDK's default chain says for a credential_process that hands out credentials past their Expiration
    const stale = classifyAwsError({ name: 'CredentialsProviderError', message: 'Profile stale credential_process returned expired credentials.' }, { operation: 'loading credentials', profile: 'stale' });
    assert.equal(stale.code, 'ecr.credentialsExpired');
    assert.match(stale.message, /credentials of profile stale have expired/);
    const down = classifyAwsError({ name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:4566', code: 'ECONNREFUSED' }, { ...ctx, endpoint: 'http://127.0.0.1:4566' });
    assert.equal(down.code, 'ecr.endpointUnreachable');
    assert.match(down.fix, /SHORELINE_ECR_ENDPOINT/);
  });

  it('classifies push stream errors: unreachable registry, denied layer push, anything else', () => {
    const c = { operation: 'push', registry: '127.0.0.1:5999', repository: 'rake-app' };
    assert.equal(classifyPushError('Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused', c).code, 'ecr.registryUnreachable');
    const denied = classifyPushError('denied: requested access to the resource is denied', c);
    assert.equal(denied.code, 'ecr.pushDenied');
    assert.match(denied.message, /127\.0\.0\.1:5999 refused the push of rake-app: denied: requested access/);
    assert.equal(classifyPushError('unauthorized: authentication required', c).code, 'ecr.pushDenied');
    assert.equal(classifyPushError('blob upload invalid', c).code, 'ecr.pushFailed');
  });
});
