import type { ServiceName } from './serviceNames';

export type Health = 'healthy' | 'starting' | 'unhealthy' | 'stopped' | 'missing';

/** What Docker says about a container, reduced to what health needs. */
export interface ContainerFacts {
  exists: boolean;
  running: boolean;
  /** Docker's own status word: created, running, exited, dead, restarting, paused… */
  status?: string;
  startedAt?: number;
  exitCode?: number;
}

/** Seconds a running service may fail its probe before it counts as unhealthy rather than starting. */
export const STARTING_GRACE_SECONDS: Record<ServiceName, number> = {
  kafka: 60, connect: 120, postgres: 60, mongo: 30, localstack: 90,
};

/** Health from the container's state and the host-side probe. */
export function deriveHealth(c: ContainerFacts, probeOk: boolean, now: number, graceSeconds: number): Health {
  if (!c.exists) return 'missing';
  if (!c.running) return 'stopped';
  if (probeOk) return 'healthy';
  const age = c.startedAt ? (now - c.startedAt) / 1000 : 0;
  return age < graceSeconds ? 'starting' : 'unhealthy';
}

export interface ServiceStatus {
  name: ServiceName;
  container: string;
  image: string;
  state: string;
  health: Health;
  ports: Record<string, number>;
  /** Short reason when not healthy (probe error, exit code). */
  detail?: string;
}

/** One word for the whole stack, for the status bar. */
export function summarize(statuses: ServiceStatus[]): { word: Health | 'partial'; healthy: number; total: number } {
  const total = statuses.length;
  const healthy = statuses.filter((s) => s.health === 'healthy').length;
  if (total > 0 && healthy === total) return { word: 'healthy', healthy, total };
  if (statuses.some((s) => s.health === 'unhealthy')) return { word: 'unhealthy', healthy, total };
  if (statuses.some((s) => s.health === 'starting')) return { word: 'starting', healthy, total };
  if (statuses.every((s) => s.health === 'missing')) return { word: 'missing', healthy, total };
  if (healthy === 0) return { word: 'stopped', healthy, total };
  return { word: 'partial', healthy, total };
}
