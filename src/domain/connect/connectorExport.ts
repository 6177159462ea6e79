/**
 * Exports a local connector config for a managed Connect: the MSK Connect `CreateConnector` request
 * (`aws kafkaconnect create-connector --cli-input-json`) or a Strimzi `KafkaConnector` resource. The local stack's
 * endpoints become named parameters, secrets become config-provider references (never values), and what a managed
 * cluster needs besides the config is listed as warnings. Pure.
 */
import { describeConfigKey } from './connectorCatalog';
import { connectorKind, producedTopics } from './connectorTopics';
import { slotNameFor } from './connectorTemplates';

export type ExportTarget = 'msk-connect' | 'strimzi';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['msk-connect', 'strimzi'];

export interface ExportOptions {
  /** Strimzi: namespace of the KafkaConnector and of the Secret (default `kafka`, as in the seeds' EKS setup). */
  namespace?: string;
  /** Strimzi: the KafkaConnect cluster (label strimzi.io/cluster; default `my-connect-cluster`). */
  cluster?: string;
  /** Name of the Kubernetes Secret / Secrets Manager secret holding the secret values (default `<connector>-credentials`). */
  secretName?: string;
}

/** A placeholder the user fills in before deploying. */
export interface ExportParameter { name: string; placeholder: string; description: string; localValue?: string; keys: string[] }

/** A config value moved out of the export: the key, the reference written instead, and where the value must be stored. */
export interface ExportSecret { key: string; reference: string; secretName: string; secretKey: string }

export interface ConnectorExport {
  target: ExportTarget;
  connectorName: string;
  /** The artifact: JSON (msk-connect) or YAML (strimzi) text. */
  text: string;
  /** The same artifact as an object (what the JSON output carries). */
  artifact: Record<string, unknown>;
  parameters: ExportParameter[];
  secrets: ExportSecret[];
  warnings: string[];
}

interface Endpoint { pattern: RegExp; params: Array<{ name: string; description: string }> }

/** The local stack's service endpoints and the parameters they become. Order matters: URLs before bare host names. */
const ENDPOINTS: Endpoint[] = [
  { pattern: /https?:\/\/localstack:4566\/?/g, params: [{ name: 'S3_ENDPOINT', description: 'S3 endpoint URL; on AWS S3 delete the endpoint key (and s3.path-style-access) so the SDK uses the regional endpoint' }] },
  { pattern: /\bkafka:29092\b/g, params: [{ name: 'KAFKA_BOOTSTRAP_SERVERS', description: 'bootstrap servers of the target Kafka cluster (MSK IAM: port 9098)' }] },
  { pattern: /\bpostgres:5432\b/g, params: [{ name: 'DB_HOST', description: 'PostgreSQL host (e.g. the RDS endpoint)' }, { name: 'DB_PORT', description: 'PostgreSQL port (5432)' }] },
  { pattern: /\bmongo:27017\b/g, params: [{ name: 'MONGO_HOST', description: 'MongoDB host' }, { name: 'MONGO_PORT', description: 'MongoDB port (27017)' }] },
];

/** Keys whose whole value is a stack host or port. */
const HOST_KEYS: Record<string, { param: string; description: string; local: RegExp }> = {
  'database.hostname': { param: 'DB_HOST', description: 'PostgreSQL host (e.g. the RDS endpoint)', local: /^(postgres|localhost|127\.0\.0\.1)$/ },
  'database.port': { param: 'DB_PORT', description: 'PostgreSQL port (5432)', local: /^5432$/ },
  'database.user': { param: 'DB_USER', description: 'database user for the connector (not the local superuser)', local: /^postgres$/ },
  'connection.user': { param: 'DB_USER', description: 'database user for the connector (not the local superuser)', local: /^postgres$/ },
  'connection.username': { param: 'DB_USER', description: 'database user for the connector (not the local superuser)', local: /^postgres$/ },
  'iceberg.catalog.jdbc.user': { param: 'DB_USER', description: 'database user for the connector (not the local superuser)', local: /^postgres$/ },
  'iceberg.catalog.client.region': { param: 'AWS_REGION', description: 'AWS region of the bucket', local: /^us-east-1$/ },
  's3.region': { param: 'AWS_REGION', description: 'AWS region of the bucket', local: /^us-east-1$/ },
};

const SECRET_KEY = /(^|[._-])(password|passwd|secret|secret[._-]access[._-]key|access[._-]key[._-]id|api[._-]?key|token|credentials?)$|^sasl\.jaas\.config$|(^|\.)sasl\.jaas\.config$/i;
/** Credentials embedded in a URL: `user:pass@host` or `password=…`. */
const URL_CREDENTIALS = /:\/\/[^/\s:@]+:[^/\s@]+@|[?&;]password=/i;

/** Whether a key holds a secret: the connector catalog says `password`, or the name or value says so. */
export function isSecretKey(connectorClass: string, key: string, value: string): boolean {
  if (describeConfigKey(connectorClass, key)?.type === 'password') return true;
  if (/\.(class|type|mode|provider|enable|enabled)$/i.test(key)) return false;
  return SECRET_KEY.test(key) || URL_CREDENTIALS.test(value);
}

function placeholder(target: ExportTarget, name: string): string {
  return target === 'strimzi' ? `\${${name}}` : `<${name}>`;
}

/** Kubernetes object names: lowercase RFC 1123 subdomain. */
function k8sName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 253) || 'connector';
}

/** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
const yamlString = (s: string) => JSON.stringify(s);

function strimziYaml(meta: { name: string; namespace: string; cluster: string }, cls: string, tasksMax: number, config: Record<string, string>, header: string[]): string {
  return [
    ...header.map((h) => (h ? `# ${h}` : '#')),
    'apiVersion: kafka.strimzi.io/v1beta2',
    'kind: KafkaConnector',
    'metadata:',
    `  name: ${yamlString(meta.name)}`,
    `  namespace: ${yamlString(meta.namespace)}`,
    '  labels:',
    `    strimzi.io/cluster: ${yamlString(meta.cluster)}`,
    'spec:',
    `  class: ${yamlString(cls)}`,
    `  tasksMax: ${tasksMax}`,
    '  config:',
    ...Object.entries(config).map(([k, v]) => `    ${yamlString(k)}: ${yamlString(v)}`),
    '',
  ].join('\n');
}

/**
 * Exports one connector (its name and flat config, as in a connector file) for `target`. The config may be a
 * template's output or a file's; `${shoreline:…}` references count as local values.
 */
export function exportConnector(name: string, config: Record<string, string>, target: ExportTarget, opts: ExportOptions = {}): ConnectorExport {
  const cls = config['connector.class'] ?? '';
  const secretName = opts.secretName ?? `${k8sName(name)}-credentials`;
  const namespace = opts.namespace ?? 'kafka';
  const params = new Map<string, ExportParameter>();
  const secrets: ExportSecret[] = [];
  const warnings: string[] = [];
  const useParam = (p: { name: string; description: string }, key: string, local?: string): string => {
    const e = params.get(p.name) ?? { name: p.name, placeholder: placeholder(target, p.name), description: p.description, keys: [], ...(local !== undefined ? { localValue: local } : {}) };
    if (!e.keys.includes(key)) e.keys.push(key);
    params.set(p.name, e);
    return e.placeholder;
  };

  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(config)) {
    if (key === 'name') continue;
    if (isSecretKey(cls, key, raw) || raw.includes('${shoreline:postgres.password}') || raw.includes('${shoreline:s3.secretAccessKey}')) {
      const secretKey = key.replace(/[^-._a-zA-Z0-9]/g, '_');
      const reference = target === 'strimzi' ? `\${secrets:${namespace}/${secretName}:${secretKey}}` : `\${secretsmanager:${secretName}:${secretKey}}`;
      secrets.push({ key, reference, secretName, secretKey });
      out[key] = reference;
      continue;
    }
    const hostKey = HOST_KEYS[key];
    if (hostKey && (hostKey.local.test(raw) || /^\$\{shoreline:/.test(raw))) {
      out[key] = useParam({ name: hostKey.param, description: hostKey.description }, key, raw);
      continue;
    }
    let v = raw.replace(/\$\{shoreline:([^}]*)\}/g, (_m, n: string) => useParam({ name: n.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase(), description: `the stack value ${n}` }, key));
    for (const ep of ENDPOINTS) {
      v = v.replace(ep.pattern, (m) => {
        if (ep.params.length === 2) {
          const [host, port] = ep.params as [{ name: string; description: string }, { name: string; description: string }];
          const [h, p] = m.split(':');
          return `${useParam(host, key, h)}:${useParam(port, key, p)}`;
        }
        return useParam(ep.params[0]!, key, m);
      });
    }
    if (key === 'iceberg.catalog.warehouse' || key === 's3.bucket.name') {
      v = v.replace(/^(s3a?:\/\/)?(shoreline-datalake|your-s3-bucket)\b/, (_m, scheme: string | undefined, b: string) => `${scheme ?? ''}${useParam({ name: 'S3_BUCKET', description: 'the data-lake bucket' }, key, b)}`);
    }
    if (/(^|[^\w.-])(localhost|127\.0\.0\.1)(:\d+)?(?![\w.-])/.test(v)) {
      warnings.push(`"${key}" points at ${/localhost/.test(v) ? 'localhost' : '127.0.0.1'} ("${v}"): on a managed worker that is the worker itself — replace it with the service's address`);
    }
    out[key] = v;
  }

  const tasksMax = Number(config['tasks.max'] ?? '1');
  const kind = connectorKind({ shape: 'flat', name, config, positions: {}, syntaxIssues: [] });
  if (target === 'msk-connect') {
    const produced = kind === 'source' ? producedTopics({ shape: 'flat', name, config, positions: {}, syntaxIssues: [] }) : undefined;
    const topics = produced?.topics.length ? ` (${produced.topics.join(', ')}${produced.complete ? '' : ', …'})` : '';
    if (kind === 'source') warnings.push(`MSK clusters have auto.create.topics.enable=false by default: create the topics this source writes${topics} first, or set topic.creation.default.replication.factor and topic.creation.default.partitions in the config so Connect creates them`);
    if (cls.endsWith('IcebergSinkConnector')) warnings.push(`the Iceberg sink coordinates through topic ${config['iceberg.control.topic'] ?? 'control-iceberg'}: create it before starting (MSK does not auto-create topics)`);
    if (Object.keys(config).some((k) => /(^|\.)bootstrap\.servers$/.test(k))) warnings.push('keys ending in bootstrap.servers open their own Kafka clients: with IAM authentication give them security.protocol=SASL_SSL, sasl.mechanism=AWS_MSK_IAM and the IAM JAAS/callback settings under the same prefix');
    if (secrets.length) warnings.push(`secret references need the worker configuration to declare the provider: config.providers=secretsmanager, config.providers.secretsmanager.class=com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider (the msk-config-providers plugin in the custom plugin) and config.providers.secretsmanager.param.region=<AWS_REGION>; the service execution role needs secretsmanager:GetSecretValue on ${secretName}`);
  } else {
    if (k8sName(name) !== name) warnings.push(`the connector is named after the resource: "${name}" is not a valid Kubernetes name, so it becomes "${k8sName(name)}" on the cluster`);
    if (secrets.length) warnings.push(`secret references need the KafkaConnect resource to declare the provider (spec.config: config.providers: secrets, config.providers.secrets.class: io.strimzi.kafka.KubernetesSecretConfigProvider) and a Role/RoleBinding letting the Connect service account get secret ${secretName} in ${namespace}`);
    if (kind === 'source') warnings.push('if the Kafka cluster sets auto.create.topics.enable=false, create the topics (KafkaTopic resources) or set topic.creation.default.* in the config');
  }
  if (Object.keys(config).some((k) => /s3\.access-key-id|aws\.access\.key\.id/.test(k))) warnings.push('static S3 keys were moved to secrets; on AWS prefer the worker\'s IAM role (MSK Connect service execution role, IRSA on EKS) and delete the key settings');
  if (cls.includes('PostgresConnector')) warnings.push(`the source creates replication slot "${config['slot.name'] ?? slotNameFor(name)}" on the database: the database user needs the REPLICATION attribute (rds_replication on RDS) and logical decoding on (rds.logical_replication=1)`);

  const parameters = [...params.values()];
  const connectorConfiguration = Object.fromEntries(Object.entries(out).filter(([k]) => target === 'msk-connect' || (k !== 'connector.class' && k !== 'tasks.max')));
  if (target === 'msk-connect') {
    const p = (n: string, d: string) => useParam({ name: n, description: d }, '(request)');
    const artifact = {
      connectorName: name,
      connectorDescription: `${cls.replace(/^.*\./, '')} exported by Shoreline`,
      kafkaConnectVersion: '3.7.x',
      capacity: { provisionedCapacity: { mcuCount: 1, workerCount: Math.max(1, Math.min(tasksMax, 10)) } },
      connectorConfiguration,
      kafkaCluster: { apacheKafkaCluster: { bootstrapServers: p('KAFKA_BOOTSTRAP_SERVERS', 'bootstrap servers of the MSK cluster (IAM: port 9098)'), vpc: { securityGroups: [p('SECURITY_GROUP_ID', 'security group that may reach the brokers and the database')], subnets: [p('SUBNET_ID_1', 'private subnet of the cluster'), p('SUBNET_ID_2', 'second private subnet')] } } },
      kafkaClusterClientAuthentication: { authenticationType: 'IAM' },
      kafkaClusterEncryptionInTransit: { encryptionType: 'TLS' },
      plugins: [{ customPlugin: { customPluginArn: p('CUSTOM_PLUGIN_ARN', `custom plugin (a ZIP of the plugin folder) with ${cls}`), revision: 1 } }],
      workerConfiguration: { workerConfigurationArn: p('WORKER_CONFIGURATION_ARN', 'worker configuration (converters, config providers)'), revision: 1 },
      serviceExecutionRoleArn: p('SERVICE_EXECUTION_ROLE_ARN', 'IAM role MSK Connect assumes (kafka-cluster:*, s3, secretsmanager as needed)'),
      logDelivery: { workerLogDelivery: { cloudWatchLogs: { enabled: true, logGroup: p('LOG_GROUP', 'CloudWatch log group for the workers') } } },
    };
    return { target, connectorName: name, text: `${JSON.stringify(artifact, null, 2)}\n`, artifact, parameters: [...params.values()], secrets, warnings };
  }
  const meta = { name: k8sName(name), namespace, cluster: opts.cluster ?? 'my-connect-cluster' };
  const header = [
    `KafkaConnector "${name}" exported by Shoreline.`,
    ...(parameters.length ? [
      `Parameters: substitute before applying (list them, so \${…} that Connect itself reads stay as they are):`,
      `  envsubst '${parameters.map((x) => `$${x.name}`).join(' ')}' < ${meta.name}.yaml | kubectl apply -f -`,
      ...parameters.map((x) => `  ${x.name}: ${x.description}${x.localValue !== undefined ? ` (local: ${x.localValue})` : ''}`),
    ] : []),
    ...(secrets.length ? [
      `Secrets are read by Strimzi's KubernetesSecretConfigProvider from Secret ${secretName}:`,
      `  kubectl -n ${namespace} create secret generic ${secretName} ${secrets.map((s) => `--from-literal=${s.secretKey}=...`).join(' ')}`,
    ] : []),
  ];
  const artifact = { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'KafkaConnector', metadata: { name: meta.name, namespace, labels: { 'strimzi.io/cluster': meta.cluster } }, spec: { class: cls, tasksMax, config: connectorConfiguration } };
  return { target, connectorName: name, text: strimziYaml(meta, cls, tasksMax, connectorConfiguration, header), artifact, parameters, secrets, warnings };
}
