/**
 * `shoreline pipeline run|validate <dir>`: runs a pipeline folder against the stack (the same engine as the VS Code
 * command) and prints pass/fail per assertion with the observed value; exit 1 when anything failed.
 */
import * as path from 'node:path';
import { allAssertions, describeStep } from '../domain/connect/pipeline';
import { stackValuesFor } from '../domain/connect/stackVariables';
import { resolveEngineEndpoint } from '../domain/docker/engineEndpoint';
import { ShorelineError } from '../domain/errors';
import { stackPipelineEnvironment } from '../services/connect/pipelineEnvironment';
import { checkPipelineConnectors, loadPipelineDir, runPipeline } from '../services/connect/pipelineRunner';
import { describeExpectation } from '../services/connect/pipelineAssertions';
import { hostEndpointFacts } from '../services/docker/engineEndpointFacts';
import { hostAddressFor } from '../services/stack/createStack';
import { checkFlags } from './args';
import { connectUrl, type ConnectorCliContext } from './connectorCommands';
import { pipelineReportText } from '../domain/connect/pipelineReportText';

export const PIPELINE_USAGE = `  shoreline pipeline run <dir> [--keep] [--json]      apply a pipeline folder's connectors, run its SQL, wait for its
                                                      assertions; pass/fail per assertion, exit 1 if any fails
                                                      (its connectors are deleted afterwards unless --keep)
  shoreline pipeline validate <dir> [--json]          check pipeline.json and its connector files offline`;

const SUBCOMMANDS = ['run', 'validate'];

/** `shoreline pipeline <sub> <dir>` */
export async function runPipelineCommand(c: ConnectorCliContext): Promise<number> {
  const sub = c.args.command[1];
  const dirArg = c.args.command[2];
  if (!sub || !SUBCOMMANDS.includes(sub)) {
    throw new ShorelineError('cli.unknownCommand', sub ? `unknown pipeline command "${sub}"` : 'shoreline pipeline needs a command', `use one of ${SUBCOMMANDS.join(', ')}, e.g. shoreline pipeline run docker/pipelines/pagila-datalake`);
  }
  if (!dirArg) throw new ShorelineError('cli.missingArgument', `shoreline pipeline ${sub} needs a pipeline folder`, `e.g. shoreline pipeline ${sub} docker/pipelines/pagila-datalake`);
  checkFlags(`pipeline ${sub}`, c.args.flags, sub === 'run' ? ['keep', 'connect-url', 'timeout'] : []);
  const dir = path.resolve(c.cwd, dirArg);
  const pipeline = loadPipelineDir(dir);
  const cfg = c.config();
  const variables = stackValuesFor(cfg);
  const check = checkPipelineConnectors(pipeline, variables);

  if (sub === 'validate') {
    const value = { pipeline: pipeline.manifest.name, dir, valid: check.errors.length === 0, steps: pipeline.manifest.steps.map(describeStep),
      assertions: allAssertions(pipeline.manifest).map((a) => ({ id: a.id, type: a.type, expected: describeExpectation(a) })), errors: check.errors, warnings: check.warnings };
    c.out(c.json ? JSON.stringify(value, null, 2) : [
      `pipeline ${value.pipeline}: ${value.steps.length} step(s), ${value.assertions.length} assertion(s)`,
      ...value.steps.map((s, i) => `  ${i + 1}. ${s}`),
      ...check.errors.map((e) => `error    ${e}`), ...check.warnings.map((w) => `warning  ${w}`),
      value.valid ? 'valid' : `invalid: ${check.errors.length} error(s)`,
    ].join('\n'));
    return value.valid ? 0 : 1;
  }

  if (check.errors.length) {
    throw new ShorelineError('pipeline.connectorInvalid', `${pipeline.manifest.name}: ${check.errors.length} error(s) in its connector files; first: ${check.errors[0]}`,
      `see them all: shoreline pipeline validate ${dirArg}`, check.errors.join('\n'));
  }
  for (const w of check.warnings) c.info(`warning: ${w}`);
  const host = hostAddressFor(resolveEngineEndpoint(hostEndpointFacts(cfg.dockerHost, c.env)));
  const raw = c.args.flags.timeout;
  const timeoutS = raw === undefined ? 30 : Number(raw);
  if (!(timeoutS > 0 && timeoutS <= 3600)) throw new ShorelineError('cli.badValue', `--timeout is "${String(raw)}"`, 'give seconds, e.g. --timeout 60');
  const env = stackPipelineEnvironment(cfg, { hostAddress: host, connectUrl: connectUrl(c), timeoutMs: timeoutS * 1000,
    clientId: `shoreline-pipeline-${pipeline.manifest.name}`, progress: (line) => c.info(line) });
  c.info(`pipeline ${pipeline.manifest.name}: ${pipeline.manifest.steps.length} step(s)`);
  try {
    const report = await runPipeline(pipeline, env, { keep: c.args.flags.keep === true });
    c.out(c.json ? JSON.stringify(report, null, 2) : pipelineReportText(report, path.relative(c.cwd, dir) || dir));
    return report.passed ? 0 : 1;
  } finally {
    // a client of a service that died during the run (kafkajs reconnecting to a killed broker) can keep the process
    // alive after the report is out: close within 10 s, and exit 10 s later at the latest (found by the fault test)
    await Promise.race([env.close(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    setTimeout(() => {
      if (c.env.SHORELINE_DEBUG) process.stderr.write('debug: a client still held the process after the pipeline run; exiting\n');
      process.exit();
    }, 10_000).unref();
  }
}
