import { ShorelineError } from '../errors';

/** What was being done when the engine failed; used to name the value in the message. */
export interface DockerErrorContext {
  endpoint: string;
  image?: string;
  container?: string;
  hostPort?: number;
  service?: string;
}

interface ErrLike { code?: unknown; statusCode?: unknown; message?: unknown; reason?: unknown; json?: unknown }

/**
 * Maps a dockerode / socket error to a ShorelineError naming the cause and the fix.
 * Pure: looks only at the error's code, status and text.
 */
export function classifyDockerError(err: unknown, ctx: DockerErrorContext): ShorelineError {
  if (err instanceof ShorelineError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const json = e.json as { message?: string } | undefined;
  const text = [json?.message, typeof e.message === 'string' ? e.message : String(err)].filter(Boolean).join(' ');

  if (code === 'ENOENT' || code === 'ECONNREFUSED' || /connect ENOENT|ECONNREFUSED/.test(text)) {
    return new ShorelineError('docker.notRunning', `Docker is not running: nothing answers at ${ctx.endpoint}`,
      'start Docker (Docker Desktop, "sudo systemctl start docker" or "podman system service"), or point shoreline.docker.host / DOCKER_HOST at a running engine');
  }
  if (code === 'EACCES' || /EACCES|permission denied/i.test(text) && /sock/.test(text)) {
    return new ShorelineError('docker.permission', `Permission denied on the Docker socket ${ctx.endpoint}`,
      'add your user to the "docker" group ("sudo usermod -aG docker $USER", then log in again) or use rootless Docker / Podman');
  }
  if (code === 'ETIMEDOUT' || code === 'ENGINE_TIMEOUT' || /timed? ?out/i.test(code)) {
    return new ShorelineError('docker.timeout', `The Docker engine at ${ctx.endpoint} did not answer in time`,
      'check that the engine is healthy ("docker info"), or restart it');
  }
  if (/client version .* is too (new|old)|minimum supported API version/i.test(text)) {
    return new ShorelineError('docker.apiVersion', `Unsupported Docker API version at ${ctx.endpoint}: ${firstLine(text)}`,
      'upgrade the Docker engine (Shoreline needs API 1.41 or newer)');
  }
  if (/port is already allocated|address already in use|bind: .*in use/i.test(text)) {
    return new ShorelineError('docker.portInUse',
      `Host port ${ctx.hostPort ?? '?'} for ${ctx.service ?? 'the service'} is already in use`,
      `stop what uses it ("lsof -i :${ctx.hostPort ?? 'PORT'}") or choose another port (setting shoreline.ports.${ctx.service ?? 'SERVICE'} / SHORELINE_PORT_${(ctx.service ?? 'SERVICE').toUpperCase()})`);
  }
  if (status === 409 && ctx.container && /already in use by container|Conflict/i.test(text)) {
    return new ShorelineError('docker.nameClash', `A container named "${ctx.container ?? '?'}" already exists and was not created by Shoreline`,
      `rename or remove it ("docker rm ${ctx.container ?? 'NAME'}") or use another stack name (setting shoreline.project / SHORELINE_PROJECT)`);
  }
  if ((status === 404 && /no such image|not found/i.test(text)) || /pull access denied|manifest unknown|no such host|repository does not exist/i.test(text)) {
    return new ShorelineError('docker.imageMissing', `Image "${ctx.image ?? '?'}" is not present locally and could not be pulled`,
      `check the name (setting shoreline.images.${ctx.service ?? 'SERVICE'} / SHORELINE_IMAGE_${(ctx.service ?? 'SERVICE').toUpperCase()}), "docker login" to its registry, or build/load it locally`);
  }
  return new ShorelineError('docker.failed', `Docker engine error${ctx.service ? ` for ${ctx.service}` : ''}: ${firstLine(text)}`,
    'see the Shoreline output for the engine\'s full message');
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').replace(/^\(HTTP code \d+\)\s*/, '').slice(0, 300);
}
