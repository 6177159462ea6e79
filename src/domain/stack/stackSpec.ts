import type { StackConfig } from './stackConfig';
import type { ServiceName } from './serviceNames';

/** Labels put on every Docker object Shoreline creates, so a stack is found again after a restart (VS Code or CLI). */
export const LABELS = {
  managed: 'dev.shoreline.managed',
  project: 'dev.shoreline.project',
  service: 'dev.shoreline.service',
  specHash: 'dev.shoreline.spec-hash',
} as const;

/** How readiness is checked from the host; the services layer runs it. */
export type Probe =
  | { kind: 'kafka' }
  | { kind: 'http'; path: string }
  | { kind: 'postgres' }
  | { kind: 'mongo' };

export interface VolumeSpec {
  name: string;
  target: string;
}

/** Everything needed to create one service container, as plain data. */
export interface ServiceSpec {
  service: ServiceName;
  containerName: string;
  image: string;
  /** Aliases on the stack network; other containers reach the service by these names. */
  aliases: string[];
  env: Record<string, string>;
  /** Names of env vars whose values are secrets: never logged or shown. */
  secretEnv: string[];
  cmd?: string[];
  containerPort: number;
  hostPort: number;
  volumes: VolumeSpec[];
  dependsOn: ServiceName[];
  probe: Probe;
  labels: Record<string, string>;
  /** Build the image from this folder (relative to the extension root) when it is missing. */
  buildContext?: string;
}

export interface StackSpec {
  project: string;
  network: string;
  /** Address the host uses to reach published ports. */
  hostAddress: string;
  services: ServiceSpec[];
}

/** 22-character Kafka cluster id derived from the project name, stable across restarts. */
export function clusterIdFor(project: string): string {
  const bytes: number[] = [];
  let h = 0x811c9dc5;
  for (let round = 0; bytes.length < 16; round++) {
    for (const ch of `${project}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    bytes.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff);
  }
  const b64 = Buffer.from(bytes.slice(0, 16)).toString('base64url');
  return b64.slice(0, 22);
}

/** FNV-1a hash of a value's JSON: tells whether a running container still matches its spec. */
export function specHash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The extra secrets the stack needs at run time, kept out of config (SecretStorage / environment). */
export interface StackSecrets {
  localstackAuthToken?: string;
}

/**
 * Turns a validated config into container specs. Pure: the same config always gives the same specs.
 * @param hostAddress the address published ports are bound to and advertised on (127.0.0.1 for a local engine).
 */
export function buildStackSpec(cfg: StackConfig, hostAddress = '127.0.0.1', secrets: StackSecrets = {}): StackSpec {
  const p = cfg.project;
  const network = `${p}-net`;
  const vol = (s: ServiceName, target: string): VolumeSpec => ({ name: `${p}-${s}-data`, target });
  const all: Record<ServiceName, Omit<ServiceSpec, 'labels' | 'containerName' | 'image' | 'hostPort' | 'service' | 'secretEnv'> & { secretEnv?: string[] }> = {
    kafka: {
      aliases: ['kafka'],
      env: {
        CLUSTER_ID: clusterIdFor(p),
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'INTERNAL://:29092,EXTERNAL://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `INTERNAL://kafka:29092,EXTERNAL://${hostAddress}:${cfg.ports.kafka}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
        KAFKA_NUM_PARTITIONS: '1',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
        KAFKA_LOG_DIRS: '/var/lib/kafka/data',
      },
      containerPort: 9092,
      volumes: [vol('kafka', '/var/lib/kafka/data')],
      dependsOn: [],
      probe: { kind: 'kafka' },
    },
    connect: {
      aliases: ['connect'],
      env: {
        CONNECT_BOOTSTRAP_SERVERS: 'kafka:29092',
        CONNECT_GROUP_ID: `${p}-connect`,
        CONNECT_CONFIG_STORAGE_TOPIC: 'connect-configs',
        CONNECT_OFFSET_STORAGE_TOPIC: 'connect-offsets',
        CONNECT_STATUS_STORAGE_TOPIC: 'connect-status',
        CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: '1',
        CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR: '1',
        CONNECT_STATUS_STORAGE_REPLICATION_FACTOR: '1',
        CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
        CONNECT_VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
        CONNECT_KEY_CONVERTER_SCHEMAS_ENABLE: 'true',
        CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: 'true',
        CONNECT_REST_ADVERTISED_HOST_NAME: 'connect',
        CONNECT_REST_PORT: '8083',
      },
      containerPort: 8083,
      volumes: [],
      dependsOn: ['kafka'],
      probe: { kind: 'http', path: '/connector-plugins' },
      buildContext: 'docker/connect',
    },
    postgres: {
      aliases: ['postgres'],
      env: { POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: cfg.postgresPassword, POSTGRES_DB: 'postgres' },
      secretEnv: ['POSTGRES_PASSWORD'],
      cmd: ['postgres', '-c', 'wal_level=logical', '-c', 'max_replication_slots=10', '-c', 'max_wal_senders=10'],
      containerPort: 5432,
      volumes: [vol('postgres', '/var/lib/postgresql/data')],
      dependsOn: [],
      probe: { kind: 'postgres' },
    },
    mongo: {
      aliases: ['mongo', 'mongodb'],
      env: {},
      containerPort: 27017,
      volumes: [vol('mongo', '/data/db')],
      dependsOn: [],
      probe: { kind: 'mongo' },
    },
    localstack: {
      aliases: ['localstack', 'aws', 's3.localstack'],
      env: {
        SERVICES: 's3,sts,iam',
        EAGER_SERVICE_LOADING: '1',
        DISABLE_EVENTS: '1',
        SKIP_SSL_CERT_DOWNLOAD: '1',
        LOCALSTACK_HOST: `localstack:4566`,
        // With a token LocalStack must reach its licence API; without one, point it at a closed port so an offline
        // machine does not wait for analytics/licence calls to time out.
        ...(secrets.localstackAuthToken ? { LOCALSTACK_AUTH_TOKEN: secrets.localstackAuthToken } : { API_ENDPOINT: 'http://127.0.0.1:9' }),
      },
      secretEnv: ['LOCALSTACK_AUTH_TOKEN'],
      containerPort: 4566,
      volumes: [vol('localstack', '/var/lib/localstack')],
      dependsOn: [],
      probe: { kind: 'http', path: cfg.awsHealthPath },
    },
  };
  const services = cfg.services.map((service): ServiceSpec => {
    const base = all[service];
    const spec: ServiceSpec = {
      ...base,
      secretEnv: base.secretEnv ?? [],
      service,
      containerName: `${p}-${service}`,
      image: cfg.images[service],
      hostPort: cfg.ports[service],
      // A dependency outside the selected services is expected to be running already (or the user chose so).
      dependsOn: base.dependsOn,
      labels: { [LABELS.managed]: 'true', [LABELS.project]: p, [LABELS.service]: service },
    };
    spec.labels[LABELS.specHash] = specHash([spec.image, spec.env, spec.cmd, spec.containerPort, spec.hostPort, spec.volumes, hostAddress]);
    return spec;
  });
  return { project: p, network, hostAddress, services };
}

/** Connection string a client on the host uses for a service. */
export function connectionString(spec: ServiceSpec, hostAddress: string, postgresPassword: string): string {
  const hp = `${hostAddress}:${spec.hostPort}`;
  switch (spec.service) {
    case 'kafka': return hp;
    case 'connect': return `http://${hp}`;
    case 'postgres': return `postgresql://postgres:${encodeURIComponent(postgresPassword)}@${hp}/pagila`;
    case 'mongo': return `mongodb://${hp}/?directConnection=true`;
    case 'localstack': return `http://${hp}`;
  }
}

/** Services to start for a request, with their dependencies inside the stack, in dependency order. */
export function withDependencies(requested: ServiceName[], available: ServiceSpec[]): ServiceSpec[] {
  const byName = new Map(available.map((s) => [s.service, s]));
  const out = new Map<ServiceName, ServiceSpec>();
  const visit = (n: ServiceName): void => {
    const s = byName.get(n);
    if (!s || out.has(n)) return;
    for (const d of s.dependsOn) visit(d);
    out.set(n, s);
  };
  requested.forEach(visit);
  return [...out.values()];
}
