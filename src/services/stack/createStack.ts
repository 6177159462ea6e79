import { resolveEngineEndpoint, type EngineEndpoint } from '../../domain/docker/engineEndpoint';
import type { StackConfig } from '../../domain/stack/stackConfig';
import { buildStackSpec, type StackSecrets } from '../../domain/stack/stackSpec';
import { DockerEngine } from '../docker/dockerEngine';
import { hostEndpointFacts } from '../docker/engineEndpointFacts';
import type { Logger } from '../logger';
import { StackService } from './stackService';

/** Address the host reaches published ports on: loopback for a local engine, the engine's host otherwise. */
export function hostAddressFor(e: EngineEndpoint): string {
  return e.kind === 'socket' ? '127.0.0.1' : e.host;
}

/** Wires config, engine endpoint and specs into a StackService (the same way for the extension and the CLI). */
export function createStack(config: StackConfig, opts: { resourcesRoot: string; log: Logger; secrets?: StackSecrets; env?: Record<string, string | undefined> }): StackService {
  const endpoint = resolveEngineEndpoint(hostEndpointFacts(config.dockerHost, opts.env ?? process.env));
  const engine = new DockerEngine(endpoint);
  const spec = buildStackSpec(config, hostAddressFor(endpoint), opts.secrets);
  return new StackService({ engine, config, spec, resourcesRoot: opts.resourcesRoot, log: opts.log });
}
