/**
 * `npm run bench -- connect`: figures for connector authoring, printed, not asserted.
 *  - offline validation (parse + validate, with sibling files for the cross-connector checks) of 1,000 configs made
 *    from the seed fixtures and the templates, varied (names, tasks.max, topics, a typo now and then); goal < 1 ms each;
 *  - the worker's validate round trip (goal < 300 ms locally), median and p95 over 50 calls, against the floor of a bare
 *    GET /connector-plugins in the same run;
 *  - apply to RUNNING (connector and tasks) for a sink and a Debezium source.
 * The stack part starts kafka, connect and postgres as project shoreline-bench (ports 23xxx) and removes it afterwards.
 */
import { parseConnectorText } from '../domain/connect/connectorFile';
import type { ConnectorFile } from '../domain/connect/connectorModel';
import { CONNECTOR_TEMPLATES, connectorFileText, findTemplate, stackTemplateParams } from '../domain/connect/connectorTemplates';
import { validateOffline } from '../domain/connect/connectorValidator';
import * as seeds from '../domain/connect/fixtures/seedConfigs';
import { ConnectClient } from '../services/connect/connectClient';
import { PgSqlRunner } from '../services/postgres/sqlRunner';

const SEED_TEXTS: Array<[string, string]> = [
  ['jdbc_source_00.json', seeds.SEED_JDBC_SOURCE_00], ['s3_sink_00.json', seeds.SEED_S3_SINK_00], ['jdbc_source_01.json', seeds.SEED_JDBC_SOURCE_01],
  ['s3_sink_01.json', seeds.SEED_S3_SINK_01], ['jdbc_source_02.json', seeds.SEED_JDBC_SOURCE_02], ['s3_sink_02.json', seeds.SEED_S3_SINK_02],
  ['products.json', seeds.SEED_DEBEZIUM_PG_PRODUCTS], ['films_sink.json', seeds.SEED_JDBC_SINK_FILMS],
  ['mysql.properties', seeds.SEED_DEBEZIUM_MYSQL_MSK], ['s3_sink_msk.properties', seeds.SEED_S3_SINK_MSK],
];

/** 1,000 connector file texts: seeds and templates, each varied so no two are the same. */
export function benchConfigs(n = 1000): Array<[string, string]> {
  const params = stackTemplateParams({ postgresPassword: 'bench' });
  const base: Array<[string, string]> = [...SEED_TEXTS, ...CONNECTOR_TEMPLATES.map((t): [string, string] => [`${t.id}.connector.json`, connectorFileText(t.build(params))])];
  const out: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    const [file, text] = base[i % base.length]!;
    const extra = { 'tasks.max': String((i % 4) + 1), ...(i % 7 === 0 ? { 'topic.prefx': `p${i}` } : {}), ...(i % 5 === 0 ? { 'errors.tolerance': 'all' } : {}) };
    if (file.endsWith('.properties')) {
      out.push([file.replace('.properties', `-${i}.properties`), `${text}\n${Object.entries(extra).map(([k, v]) => `${k}=${v}`).join('\n')}\nname=bench-${i}\n`]);
    } else if (text.includes('"config"')) {
      const o = JSON.parse(text) as { name: string; config: Record<string, string> };
      out.push([file.replace('.connector.json', `-${i}.connector.json`), JSON.stringify({ name: `${o.name}-${i}`, config: { ...o.config, ...extra } }, null, 2)]);
    } else {
      // the seeds' own text (one has a trailing comma): append the keys before the closing brace
      out.push([file.replace('.json', `-${i}.json`), text.replace(/\}\s*$/, `,\n${Object.entries(extra).map(([k, v]) => `"${k}": "${v}"`).join(',\n')}\n}`)]);
    }
  }
  return out;
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 3 : 1)} ms`;
function stats(xs: number[]): { median: number; p95: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export function offlineValidationBench(): void {
  const configs = benchConfigs(1000);
  console.log(`connect: offline validation of ${configs.length} configs (parse + validate, 4 sibling files each; goal < 1 ms per config)`);
  const siblings: ConnectorFile[] = configs.slice(0, 4).map(([f, t]) => parseConnectorText(t, f));
  // pass 1 includes the JIT warming up (what one editor session sees first); pass 2 is the steady state
  for (const pass of [1, 2]) {
    const times: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    for (const [f, t] of configs) {
      const s = performance.now();
      const r = validateOffline(parseConnectorText(t, f), { otherConnectors: siblings });
      times.push(performance.now() - s);
      errors += r.errors.length;
    }
    const total = performance.now() - t0;
    const st = stats(times);
    console.log(`  pass ${pass}: total ${ms(total)}; per config mean ${ms(st.mean)}, median ${ms(st.median)}, p95 ${ms(st.p95)}, max ${ms(Math.max(...times))} (${errors} errors found)`);
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

/** Round trips and apply-to-RUNNING against a running stack (`connectUrl`, postgres on `pgPort`). */
export async function workerBench(connectUrl: string, pgPort: number, pgPassword: string, calls = 50, applies = 5): Promise<void> {
  const api = new ConnectClient(connectUrl, { timeoutMs: 60_000 });
  const params = stackTemplateParams({ postgresPassword: pgPassword });
  const sink = findTemplate('jdbc-sink-upsert')!.build(params);
  const source = findTemplate('debezium-postgres-pagila')!.build(params);
  const floor: number[] = [];
  const vSink: number[] = [];
  const vSource: number[] = [];
  for (let i = 0; i < 5; i++) { await fetch(`${connectUrl}/connector-plugins`).then((r) => r.arrayBuffer()); await api.validate(sink.config['connector.class']!, { ...sink.config, name: sink.name }); }
  for (let i = 0; i < calls; i++) {
    floor.push((await timed(() => fetch(`${connectUrl}/connector-plugins`).then((r) => r.arrayBuffer())))[0]);
    vSink.push((await timed(() => api.validate(sink.config['connector.class']!, { ...sink.config, name: sink.name })))[0]);
    vSource.push((await timed(() => api.validate(source.config['connector.class']!, { ...source.config, name: source.name })))[0]);
  }
  const line = (label: string, xs: number[], ref?: number) => {
    const st = stats(xs);
    console.log(`  ${label.padEnd(52)} median ${ms(st.median).padStart(9)}  p95 ${ms(st.p95).padStart(9)}${ref ? `  (${(st.median / ref).toFixed(1)}x the floor)` : ''}`);
  };
  console.log(`connect: worker round trips over ${calls} calls (goal for validate < 300 ms)`);
  const floorMedian = stats(floor).median;
  line('GET /connector-plugins (floor)', floor);
  line('validate Debezium JDBC sink (PUT …/config/validate)', vSink, floorMedian);
  line('validate Debezium PostgreSQL source (opens a DB session)', vSource, floorMedian);

  const sql = new PgSqlRunner({ host: '127.0.0.1', port: pgPort, user: 'postgres', password: pgPassword });
  const toRunning: Record<string, number[]> = { sink: [], source: [] };
  for (let i = 0; i < applies; i++) {
    for (const kind of ['sink', 'source'] as const) {
      const name = `bench-${kind}-${i}`;
      const config = kind === 'sink'
        ? { ...sink.config, topics: `bench.topic.${i}`, 'collection.name.format': `bench_${i}` }
        : { ...source.config, 'topic.prefix': `bench${i}`, 'table.include.list': 'public.country', 'slot.name': `bench_${i}`, 'publication.name': `bench_${i}` };
      const [t] = await timed(async () => {
        await api.apply(name, config);
        return api.waitFor(name, (s) => s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((x) => x.state === 'RUNNING'), { pollMs: 25, timeoutMs: 120_000, describe: 'RUNNING' });
      });
      toRunning[kind]!.push(t);
      await api.delete(name);
    }
  }
  console.log(`connect: apply (PUT …/config) to connector and tasks RUNNING, ${applies} runs each (status polled every 25 ms)`);
  line('Debezium JDBC sink', toRunning.sink!, floorMedian);
  line('Debezium PostgreSQL source (snapshot starts after)', toRunning.source!, floorMedian);
  // the deleted sources leave their replication slots behind
  for (let i = 0; i < applies; i++) {
    await sql.exec('pagila', `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'bench_${i}' AND NOT active`).catch(() => undefined);
  }
}
