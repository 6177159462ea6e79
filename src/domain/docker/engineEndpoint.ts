import { ShorelineError } from '../errors';

/** Where the Docker Engine API is, and why Shoreline picked it (shown to the user). */
export type EngineEndpoint =
  | { kind: 'socket'; socketPath: string; source: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; certPath?: string; source: string }
  | { kind: 'ssh'; host: string; port: number; username?: string; source: string };

/** The file-system and environment facts endpoint resolution reads; injected so the logic is testable. */
export interface EndpointFacts {
  setting: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform | string;
  homeDir: string;
  uid?: number;
  readFile(path: string): string | undefined;
  listDir(path: string): string[];
  exists(path: string): boolean;
}

/**
 * Resolves the engine endpoint the way the docker CLI does, plus the places Docker Desktop and Podman put theirs:
 * the setting, then DOCKER_HOST, then DOCKER_CONTEXT / the current context of ~/.docker/config.json, then platform sockets.
 */
export function resolveEngineEndpoint(f: EndpointFacts): EngineEndpoint {
  if (f.setting) return parseHost(f.setting, 'setting shoreline.docker.host', f.env);
  const dh = f.env.DOCKER_HOST;
  if (dh) return parseHost(dh, 'DOCKER_HOST', f.env);
  const configDir = f.env.DOCKER_CONFIG || `${f.homeDir}/.docker`;
  let context = f.env.DOCKER_CONTEXT;
  let contextSource = 'DOCKER_CONTEXT';
  if (!context) {
    const cfgText = f.readFile(`${configDir}/config.json`);
    if (cfgText) {
      try {
        const parsed = JSON.parse(cfgText) as { currentContext?: unknown };
        if (typeof parsed.currentContext === 'string') { context = parsed.currentContext; contextSource = `${configDir}/config.json currentContext`; }
      } catch {
        throw new ShorelineError('docker.badConfig', `${configDir}/config.json is not valid JSON`, 'fix or remove that file, or set shoreline.docker.host');
      }
    }
  }
  if (context && context !== 'default') {
    const host = contextHost(configDir, context, f);
    if (!host) {
      throw new ShorelineError('docker.unknownContext', `Docker context "${context}" (from ${contextSource}) was not found under ${configDir}/contexts/meta`,
        `run "docker context ls" and "docker context use default", or set shoreline.docker.host`);
    }
    return parseHost(host, `Docker context "${context}"`, f.env);
  }
  for (const c of platformCandidates(f)) if (f.exists(c.path)) return { kind: 'socket', socketPath: c.path, source: c.source };
  if (f.platform === 'win32') return { kind: 'socket', socketPath: '//./pipe/docker_engine', source: 'Windows default' };
  return { kind: 'socket', socketPath: '/var/run/docker.sock', source: 'default' };
}

/** Reads contexts/meta/<sha256(name)>/meta.json; the folder name is a hash, so scan all metas for the name. */
function contextHost(configDir: string, name: string, f: EndpointFacts): string | undefined {
  for (const d of f.listDir(`${configDir}/contexts/meta`)) {
    const text = f.readFile(`${configDir}/contexts/meta/${d}/meta.json`);
    if (!text) continue;
    try {
      const meta = JSON.parse(text) as { Name?: string; Endpoints?: { docker?: { Host?: string } } };
      if (meta.Name === name && meta.Endpoints?.docker?.Host) return meta.Endpoints.docker.Host;
    } catch { /* a broken meta file of another context is not ours to judge */ }
  }
  return undefined;
}

function platformCandidates(f: EndpointFacts): Array<{ path: string; source: string }> {
  const out: Array<{ path: string; source: string }> = [];
  if (f.platform === 'win32') return out;
  out.push({ path: '/var/run/docker.sock', source: 'default socket' });
  out.push({ path: `${f.homeDir}/.docker/run/docker.sock`, source: 'Docker Desktop (per-user socket)' });
  out.push({ path: `${f.homeDir}/.docker/desktop/docker.sock`, source: 'Docker Desktop' });
  const xdg = f.env.XDG_RUNTIME_DIR || (f.uid !== undefined ? `/run/user/${f.uid}` : undefined);
  if (xdg) out.push({ path: `${xdg}/podman/podman.sock`, source: 'Podman (rootless)' });
  out.push({ path: '/run/podman/podman.sock', source: 'Podman (rootful)' });
  out.push({ path: `${f.homeDir}/.colima/default/docker.sock`, source: 'Colima' });
  out.push({ path: `${f.homeDir}/.rd/docker.sock`, source: 'Rancher Desktop' });
  return out;
}

/** Parses a docker host URL (unix://, tcp://, ssh://, npipe://). */
export function parseHost(value: string, source: string, env: Record<string, string | undefined>): EngineEndpoint {
  const m = /^(unix|tcp|ssh|npipe|http|https):\/\/(.*)$/.exec(value.trim());
  if (!m || m[2] === undefined) {
    throw new ShorelineError('docker.badHost', `${source}: "${value}" is not a Docker host URL`,
      'use unix:///var/run/docker.sock, tcp://host:2375, ssh://user@host or npipe:////./pipe/docker_engine');
  }
  const [, scheme, rest] = m;
  if (scheme === 'unix' || scheme === 'npipe') return { kind: 'socket', socketPath: scheme === 'npipe' ? rest.replace(/\//g, '\\') : rest, source };
  if (scheme === 'ssh') {
    const sm = /^(?:([^@]+)@)?([^:/]+)(?::(\d+))?/.exec(rest);
    if (!sm?.[2]) throw new ShorelineError('docker.badHost', `${source}: "${value}" has no host`, 'use ssh://user@host');
    return { kind: 'ssh', host: sm[2], port: sm[3] ? Number(sm[3]) : 22, username: sm[1], source };
  }
  const hm = /^\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(rest);
  if (!hm?.[1]) throw new ShorelineError('docker.badHost', `${source}: "${value}" has no host`, 'use tcp://host:2375');
  const tls = scheme === 'https' || env.DOCKER_TLS_VERIFY === '1' || env.DOCKER_TLS === '1';
  return { kind: 'tcp', host: hm[1], port: hm[2] ? Number(hm[2]) : tls ? 2376 : 2375, tls, certPath: env.DOCKER_CERT_PATH, source };
}

/** Human description of an endpoint, e.g. "unix:///var/run/docker.sock (DOCKER_HOST)". */
export function describeEndpoint(e: EngineEndpoint): string {
  switch (e.kind) {
    case 'socket': return `unix://${e.socketPath} (${e.source})`;
    case 'tcp': return `${e.tls ? 'https' : 'tcp'}://${e.host}:${e.port} (${e.source})`;
    case 'ssh': return `ssh://${e.username ? e.username + '@' : ''}${e.host}:${e.port} (${e.source})`;
  }
}
