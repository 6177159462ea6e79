import { ShorelineError } from '../errors';
import { SERVICE_NAMES, isServiceName, type ServiceName } from './serviceNames';

/** Everything that decides what the stack runs. Built from VS Code settings or, for the CLI, shoreline.config.json + SHORELINE_* env. */
export interface StackConfig {
  /** Stack name: prefix of container, network and volume names. */
  project: string;
  /** Docker endpoint override (empty: DOCKER_HOST, context, platform default). */
  dockerHost: string;
  services: ServiceName[];
  images: Record<ServiceName, string>;
  ports: Record<ServiceName, number>;
  postgresPassword: string;
  /** Folder or base URL with pagila-schema.sql and pagila-data.sql. */
  pagilaSource: string;
  /** HTTP path that answers 200 when the AWS emulator is ready. */
  awsHealthPath: string;
  startTimeoutSeconds: number;
}

export const DEFAULT_CONFIG: StackConfig = {
  project: 'shoreline',
  dockerHost: '',
  services: [...SERVICE_NAMES],
  images: {
    kafka: 'apache/kafka:4.3.1',
    connect: 'shoreline/connect:4.3.1',
    postgres: 'postgres:16',
    mongo: 'mongo:7',
    localstack: 'localstack/localstack:4.14.0',
  },
  ports: { kafka: 9092, connect: 8083, postgres: 5432, mongo: 27017, localstack: 4566 },
  postgresPassword: 'shoreline',
  pagilaSource: 'https://raw.githubusercontent.com/devrimgunduz/pagila/master',
  awsHealthPath: '/_localstack/health',
  startTimeoutSeconds: 180,
};

/** A partial config as read from a file, settings or the environment: values are not trusted yet. */
export type RawConfig = Record<string, unknown>;

const PROJECT_RE = /^[a-z0-9][a-z0-9_-]{0,40}$/;
// Docker reference: [registry[:port]/]path[:tag][@digest]; kept loose, the engine has the last word.
const IMAGE_RE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

function bad(where: string, field: string, value: unknown, fix: string): ShorelineError {
  return new ShorelineError('config.invalid', `${where}: "${field}" is ${JSON.stringify(value)}`, fix);
}

/**
 * Merges layers of raw config (later wins) over the defaults and validates every field.
 * @param layers pairs of [where the layer came from, its values]; `where` names the file or variable in errors.
 */
export function resolveConfig(layers: Array<[string, RawConfig]>): StackConfig {
  const cfg: StackConfig = structuredClone(DEFAULT_CONFIG);
  for (const [where, raw] of layers) applyLayer(cfg, where, raw);
  return cfg;
}

function applyLayer(cfg: StackConfig, where: string, raw: RawConfig): void {
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    switch (key) {
      case 'project':
        if (typeof value !== 'string' || !PROJECT_RE.test(value))
          throw bad(where, key, value, 'use lowercase letters, digits, "-" or "_" (max 41 chars), e.g. "shoreline"');
        cfg.project = value;
        break;
      case 'dockerHost':
        if (typeof value !== 'string' || (value !== '' && !/^(unix|tcp|npipe|ssh):\/\//.test(value)))
          throw bad(where, key, value, 'use unix:///var/run/docker.sock, tcp://host:2375, ssh://user@host or npipe:////./pipe/docker_engine');
        cfg.dockerHost = value;
        break;
      case 'services': {
        const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
        if (!Array.isArray(list) || list.length === 0) throw bad(where, key, value, `list one or more of ${SERVICE_NAMES.join(', ')}`);
        for (const s of list) {
          if (typeof s !== 'string' || !isServiceName(s)) throw unknownService(String(s), where);
        }
        cfg.services = list as ServiceName[];
        break;
      }
      case 'images':
      case 'ports': {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw bad(where, key, value, `use an object keyed by service, e.g. {"${key === 'images' ? 'kafka": "apache/kafka:4.3.1' : 'kafka": 9092'}"}`);
        for (const [svc, v] of Object.entries(value as Record<string, unknown>)) {
          if (!isServiceName(svc)) throw unknownService(svc, `${where}: ${key}`);
          if (key === 'images') cfg.images[svc] = checkImage(where, `images.${svc}`, v);
          else cfg.ports[svc] = checkPort(where, `ports.${svc}`, v);
        }
        break;
      }
      case 'postgresPassword':
        if (typeof value !== 'string' || value.length === 0) throw bad(where, key, '<hidden>', 'set a non-empty password');
        cfg.postgresPassword = value;
        break;
      case 'pagilaSource':
        if (typeof value !== 'string' || value.length === 0) throw bad(where, key, value, 'give a folder or base URL holding pagila-schema.sql and pagila-data.sql');
        cfg.pagilaSource = value;
        break;
      case 'awsHealthPath':
        if (typeof value !== 'string' || !value.startsWith('/')) throw bad(where, key, value, 'give an HTTP path starting with "/", e.g. /_localstack/health');
        cfg.awsHealthPath = value;
        break;
      case 'startTimeoutSeconds': {
        const n = typeof value === 'string' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 10 || n > 3600) throw bad(where, key, value, 'use a whole number of seconds between 10 and 3600');
        cfg.startTimeoutSeconds = n;
        break;
      }
      case '$schema':
        break;
      default:
        throw new ShorelineError('config.unknownKey', `${where}: unknown setting "${key}"`,
          'known settings: project, dockerHost, services, images, ports, postgresPassword, pagilaSource, awsHealthPath, startTimeoutSeconds');
    }
  }
}

function checkImage(where: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || !IMAGE_RE.test(v)) throw bad(where, field, v, 'use an image reference such as "apache/kafka:4.3.1" (lowercase repository, optional :tag)');
  return v;
}

function checkPort(where: string, field: string, v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) throw bad(where, field, v, 'use a TCP port number between 1 and 65535');
  return n;
}

/** The error for a service name that is not part of the stack. */
export function unknownService(name: string, where = 'service'): ShorelineError {
  return new ShorelineError('config.unknownService', `${where}: unknown service "${name}"`, `use one of ${SERVICE_NAMES.join(', ')}`);
}

/**
 * Reads SHORELINE_* variables into a raw config layer:
 * SHORELINE_PROJECT, SHORELINE_DOCKER_HOST, SHORELINE_SERVICES (comma list), SHORELINE_IMAGE_<SERVICE>,
 * SHORELINE_PORT_<SERVICE>, SHORELINE_POSTGRES_PASSWORD, SHORELINE_PAGILA_SOURCE, SHORELINE_AWS_HEALTH_PATH,
 * SHORELINE_START_TIMEOUT.
 */
export function configFromEnv(env: Record<string, string | undefined>): RawConfig {
  const raw: RawConfig = {};
  const images: Record<string, string> = {};
  const ports: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || !k.startsWith('SHORELINE_')) continue;
    const m = /^SHORELINE_(IMAGE|PORT)_([A-Z]+)$/.exec(k);
    if (m?.[1] && m[2]) {
      (m[1] === 'IMAGE' ? images : ports)[m[2].toLowerCase()] = v;
      continue;
    }
    switch (k) {
      case 'SHORELINE_PROJECT': raw.project = v; break;
      case 'SHORELINE_DOCKER_HOST': raw.dockerHost = v; break;
      case 'SHORELINE_SERVICES': raw.services = v; break;
      case 'SHORELINE_POSTGRES_PASSWORD': raw.postgresPassword = v; break;
      case 'SHORELINE_PAGILA_SOURCE': raw.pagilaSource = v; break;
      case 'SHORELINE_AWS_HEALTH_PATH': raw.awsHealthPath = v; break;
      case 'SHORELINE_START_TIMEOUT': raw.startTimeoutSeconds = v; break;
      default: break; // other SHORELINE_* variables (e.g. test switches) are not stack config
    }
  }
  if (Object.keys(images).length) raw.images = images;
  if (Object.keys(ports).length) raw.ports = ports;
  return raw;
}
