/**
 * Offline checks of values that are valid syntax but wrong for a local stack: unresolved placeholders, localhost
 * (which inside the Connect container is the container itself), illegal topic names, replication factors a
 * one-broker stack cannot satisfy, and a dead letter queue that never receives anything.
 */
import { parseList } from './smtChain';
import { isTrue, shown, type ValidationContext } from './validationContext';

/** Keys whose values are SQL or regular expressions, where `<…>` is syntax rather than a placeholder. */
const SYNTAX_VALUE_KEY = /query|statement|sql|regex|pattern|replacement|\.format$/i;

/**
 * The placeholder inside a value, if any: `<DBHOST>`, `<Connector-name>`, `your-username`, `change_me!`,
 * `replace-me`. Java named groups `(?<name>…)` and `${topic}` templates are not placeholders.
 */
export function placeholderIn(key: string, value: string): string | undefined {
  if (!SYNTAX_VALUE_KEY.test(key)) {
    const angle = /(?<![?$\\])<([A-Za-z][\w .-]{0,40})>/.exec(value);
    if (angle) return angle[0];
  }
  const your = /(?<![\w])your[-_][\w.-]*/i.exec(value);
  if (your) return your[0];
  const change = /(?<![\w])(change[-_ ]?me|replace[-_ ]?me)(?![\w])!?/i.exec(value);
  if (change) return change[0];
  return undefined;
}

/** Local-stack service reached on a port, as other containers name it. */
const SERVICE_BY_PORT: Record<string, string> = {
  '5432': 'postgres:5432', '9092': 'kafka:29092', '29092': 'kafka:29092', '8083': 'connect:8083', '27017': 'mongo:27017', '4566': 'localstack:4566',
};

const LOCALHOST = /(^|[^\w.-])(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(?![\w.-])/i;

export function checkValues(ctx: ValidationContext): void {
  for (const [k, raw] of Object.entries(ctx.config)) {
    const placeholder = placeholderIn(k, raw);
    if (placeholder) {
      ctx.add('value.placeholder', 'warning', k, `${shown(k, raw)}, which still contains the placeholder "${placeholder}"; replace it with the real value${hintFor(k)}`);
    }
    const local = LOCALHOST.exec(raw);
    if (local) {
      const port = local[3];
      const service = port ? SERVICE_BY_PORT[port] : undefined;
      const suggestion = service ? raw.replace(LOCALHOST, (_m, pre: string) => `${pre}${service}`) : undefined;
      const use = service
        ? `use the service name, ${service}`
        : `use the service name of the container that serves it on the stack network (as in postgres:5432)${port ? `, e.g. <service>:${port}` : ''}`;
      ctx.add('value.localhost', 'warning', k,
        `${shown(k, raw)}: "${local[2]}" is resolved inside the Connect container, where it is the container itself; ${use}`,
        suggestion);
    }
  }
  checkTopicNames(ctx);
  checkReplicationFactors(ctx);
  checkDeadLetterQueue(ctx);
  checkCompatibility(ctx);
}

function hintFor(key: string): string {
  if (/(^|\.)(user|username)$/.test(key)) return ' (the local stack\'s PostgreSQL user is "postgres")';
  if (/hostname$|\.host$/.test(key)) return ' (on the local stack: the service name, e.g. "postgres")';
  if (/bootstrap\.servers$/.test(key)) return ' (on the local stack: "kafka:29092")';
  if (/bucket/.test(key)) return ' (a bucket in the local stack\'s S3, LocalStack)';
  if (key === 'name') return ' (a connector name such as "pagila-source")';
  return '';
}

const TOPIC_CHARS = /^[A-Za-z0-9._-]+$/;

function checkTopicNames(ctx: ValidationContext): void {
  const check = (field: string, topic: string, what: string): void => {
    if (topic.length > 249) ctx.add('topic.name', 'error', field, `${what} "${topic.slice(0, 40)}…" is longer than Kafka's 249-character limit; shorten it`);
    else if (!TOPIC_CHARS.test(topic) && !/[<>]/.test(topic)) {
      ctx.add('topic.name', 'error', field, `${what} "${topic}" contains characters Kafka does not allow in topic names; use only letters, digits, ".", "_" and "-"`, topic.replace(/[^A-Za-z0-9._-]/g, '_'));
    }
  };
  const prefix = ctx.get('topic.prefix');
  if (prefix && ctx.kind === 'source') check('topic.prefix', prefix, '"topic.prefix"');
  for (const t of parseList(ctx.config['topics'])) check('topics', t, 'Topic');
  const dlq = ctx.get('errors.deadletterqueue.topic.name');
  if (dlq) check('errors.deadletterqueue.topic.name', dlq, 'Dead letter queue topic');
  const history = ctx.get('schema.history.internal.kafka.topic');
  if (history) check('schema.history.internal.kafka.topic', history, 'Schema history topic');
}

function checkReplicationFactors(ctx: ValidationContext): void {
  const tooHigh = (field: string, value: string, what: string): void => {
    ctx.add('topic.replicationFactor', 'warning', field, `${what} uses replication factor ${value}, but the local stack has one broker, so creating that topic fails; set it to 1 (or -1 for the broker default)`, '1');
  };
  for (const [k, v] of Object.entries(ctx.config)) {
    if (/^topic\.creation\.[^.]+(\..+)?\.replication\.factor$/.test(k) && Number(v) > 1) tooHigh(k, v.trim(), `"${k}"`);
  }
  if (ctx.kind === 'sink' && ctx.has('errors.deadletterqueue.topic.name')) {
    const rf = ctx.get('errors.deadletterqueue.topic.replication.factor');
    if (rf === undefined) tooHigh('errors.deadletterqueue.topic.name', '3 (the default of errors.deadletterqueue.topic.replication.factor)', 'The dead letter queue topic');
    else if (Number(rf) > 1) tooHigh('errors.deadletterqueue.topic.replication.factor', rf, 'The dead letter queue topic');
  }
}

function checkDeadLetterQueue(ctx: ValidationContext): void {
  if (ctx.kind !== 'sink' || !ctx.has('errors.deadletterqueue.topic.name')) return;
  if ((ctx.get('errors.tolerance') ?? 'none').toLowerCase() !== 'all') {
    ctx.add('errors.dlq', 'warning', 'errors.deadletterqueue.topic.name', `A dead letter queue is set but "errors.tolerance" is "${ctx.get('errors.tolerance') ?? 'none'}", so the first bad record fails the task and nothing reaches the queue; set errors.tolerance=all`);
  }
  if (!isTrue(ctx.get('errors.deadletterqueue.context.headers.enable'))) {
    ctx.add('errors.dlq', 'info', 'errors.deadletterqueue.topic.name', 'Set errors.deadletterqueue.context.headers.enable=true to see why each record landed in the dead letter queue');
  }
}

/** The seeds' Glue registry configs say FORWARD while the text says BACKWARD: show what the config really asks for. */
function checkCompatibility(ctx: ValidationContext): void {
  const meaning: Record<string, string> = {
    BACKWARD: 'consumers on the new schema can read old data (fields may be deleted, or added with defaults)',
    FORWARD: 'consumers on the old schema can read new data (fields may be added, or deleted if they had defaults)',
    FULL: 'both directions (only fields with defaults may change)',
    NONE: 'the registry accepts any change, so consumers may meet versions they cannot read',
  };
  for (const side of ['key', 'value']) {
    const k = `${side}.converter.compatibility`;
    const mode = ctx.get(k)?.toUpperCase().replace(/_TRANSITIVE$/, '');
    if (mode && meaning[mode]) {
      const reject = mode === 'NONE' ? '' : '; an incompatible version is rejected by the registry and fails the task';
      ctx.add('converter.compatibility', 'info', k, `New ${side} schema versions are registered with ${ctx.get(k)} compatibility: ${meaning[mode]}${reject}`);
    }
  }
}
