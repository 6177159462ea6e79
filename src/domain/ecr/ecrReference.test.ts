import * as assert from 'node:assert/strict';
import { ShorelineError } from '../errors';
import {
  formatImageUri, parseAccountId, parseImageUri, parseMfaCode, parseMfaSerial, parseRegion, parseRegistryHost, parseRepositoryName, parseRoleArn, parseTag,
  registryHost, repositoryNameProblem, resolveRegistryHost, splitImageName,
} from './ecrReference';

const code = (fn: () => unknown): string => {
  try { fn(); } catch (e) { assert.ok(e instanceof ShorelineError); return e.code; }
  return 'no error';
};

describe('ECR references', () => {
  it('builds and parses the seed image URIs', () => {
    assert.equal(registryHost('111222333444', 'us-east-2'), '111222333444.dkr.ecr.us-east-2.amazonaws.com');
    assert.equal(registryHost('111222333444', 'cn-north-1'), '111222333444.dkr.ecr.cn-north-1.amazonaws.com.cn');
    const ref = parseImageUri('111222333444.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0');
    assert.deepEqual(ref, { accountId: '111222333444', region: 'us-east-2', repository: 'rake-app', tag: '1.1.0' });
    assert.equal(formatImageUri(ref), '111222333444.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0');
    const nested = parseImageUri(`999888777666.dkr.ecr.us-west-2.amazonaws.com/team/nlp-client@sha256:${'a'.repeat(64)}`);
    assert.equal(nested.repository, 'team/nlp-client');
    assert.equal(nested.tag, undefined);
    assert.equal(nested.digest, `sha256:${'a'.repeat(64)}`);
  });

  it('parses registry hosts and rejects other hosts', () => {
    assert.deepEqual(parseRegistryHost('https://999888777666.dkr.ecr.us-west-2.amazonaws.com'), { accountId: '999888777666', region: 'us-west-2' });
    assert.deepEqual(parseRegistryHost('111222333444.dkr.ecr-fips.us-gov-west-1.amazonaws.com'), { accountId: '111222333444', region: 'us-gov-west-1' });
    assert.equal(parseRegistryHost('docker.io'), undefined);
    assert.equal(parseRegistryHost('11122233344.dkr.ecr.us-east-2.amazonaws.com'), undefined);
    assert.equal(code(() => parseImageUri('docker.io/library/rake-app:1')), 'ecr.badImageUri');
  });

  it('validates account ids, regions, role ARNs and tags', () => {
    assert.equal(parseAccountId(' 111222333444 '), '111222333444');
    for (const bad of ['11122233344', '1112223334445', 'abcdefghijkl', '']) assert.equal(code(() => parseAccountId(bad)), 'ecr.badAccountId', bad);
    for (const ok of ['us-east-2', 'eu-central-1', 'ap-southeast-4', 'us-gov-west-1', 'il-central-1']) assert.equal(parseRegion(ok), ok);
    for (const bad of ['us-east', 'US-EAST-2', 'useast2', 'us_east_2']) assert.equal(code(() => parseRegion(bad)), 'ecr.badRegion', bad);
    assert.equal(parseRoleArn('arn:aws:iam::111222333444:role/VendorPush').accountId, '111222333444');
    assert.equal(code(() => parseRoleArn('arn:aws:iam::111222333444:user/VendorDev')), 'ecr.badRoleArn');
    assert.equal(parseTag('1.1.0'), '1.1.0');
    for (const bad of ['.hidden', '-x', 'a'.repeat(129), 'a:b', '']) assert.equal(code(() => parseTag(bad)), 'ecr.badTag', bad);
  });

  it('applies the ECR repository name rules and says which one failed', () => {
    for (const ok of ['rake-app', 'nlp-client', 'team/rake_app', 'a.b/c-d/e_f', 'ab']) assert.equal(repositoryNameProblem(ok), undefined, ok);
    assert.match(repositoryNameProblem('Rake-App') ?? '', /lower case/);
    assert.match(repositoryNameProblem('a') ?? '', /2 to 256/);
    assert.match(repositoryNameProblem('rake-app/') ?? '', /start or end/);
    assert.match(repositoryNameProblem('rake--app') ?? '', /single/);
    assert.match(repositoryNameProblem('-rake') ?? '', /may contain only/);
    assert.equal(code(() => parseRepositoryName('Rake_App')), 'ecr.badRepositoryName');
  });

  it('MFA devices are a virtual device ARN or a hardware serial; codes are six digits', () => {
    assert.equal(parseMfaSerial(' arn:aws:iam::999888777666:mfa/alice '), 'arn:aws:iam::999888777666:mfa/alice');
    assert.equal(parseMfaSerial('GAHT12345678'), 'GAHT12345678');
    assert.equal(code(() => parseMfaSerial('arn:aws:iam::999888777666:role/alice')), 'ecr.badMfaSerial');
    assert.equal(parseMfaCode(' 012345 '), '012345');
    for (const bad of ['12345', '1234567', 'abcdef', '']) assert.equal(code(() => parseMfaCode(bad)), 'ecr.badMfaCode');
  });

  it('splits local image references', () => {
    assert.deepEqual(splitImageName('rake-app:1.1.0'), { name: 'rake-app', tag: '1.1.0' });
    assert.deepEqual(splitImageName('127.0.0.1:5000/rake-app'), { name: '127.0.0.1:5000/rake-app' });
    assert.deepEqual(splitImageName('127.0.0.1:5000/rake-app:2'), { name: '127.0.0.1:5000/rake-app', tag: '2' });
  });

  it('resolves the registry host per account in local mode', () => {
    assert.equal(resolveRegistryHost(undefined, '111222333444', 'us-east-2'), '111222333444.dkr.ecr.us-east-2.amazonaws.com');
    assert.equal(resolveRegistryHost('http://127.0.0.1:5000/', '111222333444', 'us-east-2'), '127.0.0.1:5000');
    const map = '111222333444=127.0.0.1:5001, 999888777666=127.0.0.1:5002';
    assert.equal(resolveRegistryHost(map, '111222333444', 'us-east-2'), '127.0.0.1:5001');
    assert.equal(resolveRegistryHost(map, '999888777666', 'us-west-2'), '127.0.0.1:5002');
    assert.equal(code(() => resolveRegistryHost(map, '123456789012', 'us-east-1')), 'ecr.noRegistryOverride');
  });
});
