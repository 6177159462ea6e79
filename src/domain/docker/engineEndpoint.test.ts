import * as assert from 'node:assert/strict';
import { describeEndpoint, parseHost, resolveEngineEndpoint, type EndpointFacts } from './engineEndpoint';

function facts(over: Partial<EndpointFacts> & { files?: Record<string, string>; dirs?: Record<string, string[]> } = {}): EndpointFacts {
  const files = over.files ?? {};
  return {
    setting: '', env: {}, platform: 'linux', homeDir: '/home/u', uid: 1000,
    readFile: (p) => files[p], listDir: (p) => over.dirs?.[p] ?? [], exists: (p) => p in files,
    ...over,
  };
}

describe('engineEndpoint', () => {
  it('prefers the setting over DOCKER_HOST', () => {
    const e = resolveEngineEndpoint(facts({ setting: 'tcp://10.0.0.5:2375', env: { DOCKER_HOST: 'unix:///x.sock' } }));
    assert.deepEqual([e.kind, describeEndpoint(e)], ['tcp', 'tcp://10.0.0.5:2375 (setting shoreline.docker.host)']);
  });

  it('uses DOCKER_HOST before any context', () => {
    const e = resolveEngineEndpoint(facts({ env: { DOCKER_HOST: 'unix:///run/user/1000/podman/podman.sock' } }));
    assert.equal(describeEndpoint(e), 'unix:///run/user/1000/podman/podman.sock (DOCKER_HOST)');
  });

  it('follows the current context of ~/.docker/config.json', () => {
    const meta = JSON.stringify({ Name: 'colima', Endpoints: { docker: { Host: 'unix:///home/u/.colima/default/docker.sock' } } });
    const e = resolveEngineEndpoint(facts({
      files: { '/home/u/.docker/config.json': '{"currentContext":"colima"}', '/home/u/.docker/contexts/meta/abc/meta.json': meta },
      dirs: { '/home/u/.docker/contexts/meta': ['abc'] },
    }));
    assert.equal(describeEndpoint(e), 'unix:///home/u/.colima/default/docker.sock (Docker context "colima")');
  });

  it('names a context that does not exist', () => {
    assert.throws(() => resolveEngineEndpoint(facts({ env: { DOCKER_CONTEXT: 'gone' } })), /Docker context "gone" \(from DOCKER_CONTEXT\) was not found/);
  });

  it('falls back to Docker Desktop then Podman sockets', () => {
    assert.equal(describeEndpoint(resolveEngineEndpoint(facts({ files: { '/home/u/.docker/run/docker.sock': '' } }))), 'unix:///home/u/.docker/run/docker.sock (Docker Desktop (per-user socket))');
    assert.equal(describeEndpoint(resolveEngineEndpoint(facts({ files: { '/run/user/1000/podman/podman.sock': '' } }))), 'unix:///run/user/1000/podman/podman.sock (Podman (rootless))');
    assert.equal(describeEndpoint(resolveEngineEndpoint(facts())), 'unix:///var/run/docker.sock (default)');
  });

  it('parses tcp with TLS from the environment and rejects junk', () => {
    const e = parseHost('tcp://docker.local', 'DOCKER_HOST', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
    assert.deepEqual(e, { kind: 'tcp', host: 'docker.local', port: 2376, tls: true, certPath: '/certs', source: 'DOCKER_HOST' });
    assert.throws(() => parseHost('/var/run/docker.sock', 'DOCKER_HOST', {}), /"\/var\/run\/docker.sock" is not a Docker host URL/);
  });
});
