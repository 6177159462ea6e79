import * as assert from 'node:assert/strict';
import { classifyDockerError } from './dockerErrors';

describe('classifyDockerError', () => {
  const ctx = { endpoint: 'unix:///var/run/docker.sock (default)', image: 'mongo:7', container: 'shoreline-mongo', hostPort: 27017, service: 'mongo' };
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['socket missing', Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }), 'docker.notRunning', /Docker is not running/],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'docker.notRunning', /Docker is not running/],
    ['permission', Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }), 'docker.permission', /Permission denied.*docker.sock/],
    ['port taken', Object.assign(new Error('(HTTP code 500) server error - driver failed programming external connectivity: Bind for 127.0.0.1:27017 failed: port is already allocated'), { statusCode: 500 }), 'docker.portInUse', /Host port 27017 for mongo is already in use/],
    ['name clash', Object.assign(new Error('(HTTP code 409) unexpected - Conflict. The container name "/shoreline-mongo" is already in use by container "abc"'), { statusCode: 409 }), 'docker.nameClash', /"shoreline-mongo" already exists/],
    ['image missing', Object.assign(new Error('(HTTP code 404) no such image - No such image: mongo:7'), { statusCode: 404 }), 'docker.imageMissing', /Image "mongo:7" is not present locally/],
    ['pull offline', Object.assign(new Error('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host'), { statusCode: 500 }), 'docker.imageMissing', /could not be pulled/],
    ['api too new', Object.assign(new Error('client version 1.45 is too new. Maximum supported API version is 1.41'), { statusCode: 400 }), 'docker.apiVersion', /Unsupported Docker API version/],
  ];
  for (const [name, err, code, re] of cases) {
    it(name, () => {
      const e = classifyDockerError(err, ctx);
      assert.equal(e.code, code);
      assert.match(e.message, re);
      assert.ok(e.fix.length > 10, 'has a fix');
    });
  }
  it('keeps unknown errors as one readable line', () => {
    const e = classifyDockerError(new Error('(HTTP code 500) server error - something odd\nmore'), ctx);
    assert.equal(e.code, 'docker.failed');
    assert.equal(e.message, 'Docker engine error for mongo: server error - something odd');
  });
});
