import * as path from 'node:path';
import * as vscode from 'vscode';
import { ShorelineError } from '../domain/errors';
import type { CreateTopicRequest } from '../domain/kafka/createTopic';
import { needsPassword, secretKey } from '../domain/kafka/kafkaConnection';
import type { ProduceMessage, ProduceSummary } from '../domain/kafka/kafkaModel';
import { describeStrategy, parseResetStrategy, type ResetPlan } from '../domain/kafka/offsetReset';
import { parseHeaderPairs, parseProduceText } from '../domain/kafka/produceInput';
import { parseStartPosition } from '../domain/kafka/startPosition';
import { STOREFRONT_SAMPLES } from '../domain/kafka/storefrontSamples';
import { checkTopicConfigs, TOPIC_CONFIGS } from '../domain/kafka/topicConfigCatalog';
import type { KafkaApi } from '../services/kafka/kafkaApi';
import type { KafkaTreeProvider } from '../views/kafka/kafkaTree';
import { MessageViewerPanels, type ViewerOpenOptions } from '../webviews/messageViewer/messageViewerPanel';
import { addClusterWizard } from './kafka/addClusterWizard';
import { createTopicWizard } from './kafka/createTopicWizard';
import { resolveCluster, resolveGroup, resolveTopic, type KafkaTarget } from './kafka/kafkaTargets';
import { pickResetStrategy } from './kafka/resetOffsetsWizard';
import { withProgress } from './runCommand';
import type { ShorelineContext } from './shorelineContext';

function summaryText(s: ProduceSummary): string {
  return `sent ${s.sent} message(s) to ${s.topic} in ${(s.elapsedMs / 1000).toFixed(2)} s (${s.rate} msg/s)${s.failed ? `, ${s.failed} failed: ${s.errors[0]?.message ?? ''}` : ''}`;
}

async function sendWithProgress(api: KafkaApi, topic: string, messages: ProduceMessage[]): Promise<ProduceSummary> {
  const s = await withProgress(`Shoreline: producing ${messages.length} message(s) to ${topic}`, (report, signal) =>
    api.produce(topic, messages, { signal, onProgress: (sent, total) => report(`${sent}/${total}`) }));
  const text = summaryText(s);
  if (s.failed) void vscode.window.showWarningMessage(`Shoreline: ${text}`); else void vscode.window.showInformationMessage(`Shoreline: ${text}`);
  return s;
}

/** Kafka view commands. Every command also takes plain arguments so tests and links can run it without prompts. */
export function kafkaCommands(ctx: ShorelineContext, tree: KafkaTreeProvider) {
  const clusters = tree.clusters;
  const changed = () => tree.refresh();
  const viewers = new MessageViewerPanels(ctx);
  ctx.extension.subscriptions.push(viewers);
  return {
    'shoreline.kafka.refresh': () => { clusters.reset(); tree.refresh(); },
    'shoreline.kafka.addCluster': async () => {
      const name = await addClusterWizard(ctx.extension.secrets);
      if (name) { clusters.reset(); changed(); }
      return name;
    },
    'shoreline.kafka.setPassword': async (t?: KafkaTarget, password?: string) => {
      const r = await resolveCluster(clusters, t);
      if (!r) return false;
      if (!needsPassword(r.cluster)) throw new ShorelineError('kafka.noPasswordNeeded', `Cluster "${r.cluster.name}" does not use SASL PLAIN or SCRAM`, 'MSK IAM uses your AWS credentials; the local stack needs none');
      const pw = password ?? await vscode.window.showInputBox({ prompt: `Password for ${r.cluster.sasl?.username} on ${r.cluster.name} (kept in SecretStorage)`, password: true });
      if (pw === undefined) return false;
      await ctx.extension.secrets.store(secretKey(r.cluster.name, 'password'), pw);
      clusters.reset();
      changed();
      return true;
    },
    'shoreline.kafka.createTopic': async (t?: KafkaTarget, request?: Partial<CreateTopicRequest> & { name: string }) => {
      const r = await resolveCluster(clusters, t);
      if (!r) return undefined;
      const req = request
        ? { partitions: 1, replicationFactor: 1, configs: {}, ...request }
        : await createTopicWizard({ clusterName: r.cluster.name, brokers: (await r.api.clusterInfo()).brokers.length, existing: (await r.api.listTopics({ includeInternal: true })).map((x) => x.name) });
      if (!req) return undefined;
      await r.api.createTopic(req);
      changed();
      if (!request) void vscode.window.showInformationMessage(`Shoreline: created topic ${req.name} (${req.partitions} partitions, RF ${req.replicationFactor}) on ${r.cluster.name}`);
      return req.name;
    },
    'shoreline.kafka.deleteTopic': async (t?: KafkaTarget, confirmation?: string) => {
      const r = await resolveTopic(clusters, t, 'delete');
      if (!r) return false;
      if (confirmation !== r.topic) {
        const answer = await vscode.window.showWarningMessage(`Delete topic "${r.topic}" on ${r.cluster.name}?`, { modal: true, detail: 'All its messages are deleted; consumers of it will fail or wait.' }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      await r.api.deleteTopic(r.topic);
      changed();
      return true;
    },
    'shoreline.kafka.editTopicConfig': async (t?: KafkaTarget, change?: { key: string; value: string | null }) => {
      const r = await resolveTopic(clusters, t, 'configure');
      if (!r) return false;
      let key = change?.key ?? (t && 'kind' in t && t.kind === 'config' ? t.entry.name : undefined);
      if (!key) {
        const current = new Map((await r.api.topicConfigs(r.topic)).map((c) => [c.name, c]));
        key = (await vscode.window.showQuickPick(Object.keys(TOPIC_CONFIGS).map((k) => ({ label: k, description: `${current.get(k)?.value ?? ''}${current.get(k)?.explicit ? ' (set on the topic)' : ''}` })), { placeHolder: `Config of ${r.topic} to change` }))?.label;
      }
      if (!key) return false;
      const k = key;
      let value = change ? change.value : await vscode.window.showInputBox({
        prompt: `${k} for ${r.topic} (empty: back to the broker default)`,
        validateInput: (v) => (v.trim() ? checkTopicConfigs({ [k]: v.trim() })[0]?.message : undefined),
      });
      if (value === undefined) return false;
      if (value !== null) value = value.trim() || null;
      const problem = value === null ? undefined : checkTopicConfigs({ [k]: value })[0];
      if (problem) throw new ShorelineError('kafka.badConfig', problem.message, 'use a value the topic config accepts');
      await r.api.alterTopicConfigs(r.topic, { [k]: value });
      changed();
      return true;
    },
    'shoreline.kafka.readMessages': async (t?: KafkaTarget, opts?: ViewerOpenOptions) => {
      const r = await resolveTopic(clusters, t, 'read');
      if (!r) return undefined;
      const defaultLimit = vscode.workspace.getConfiguration('shoreline').get<number>('kafka.readLimit') ?? 1000;
      let fromText = opts?.from;
      if (!fromText) {
        fromText = (await vscode.window.showQuickPick([
          { label: 'From the beginning', v: 'beginning' },
          { label: 'The last 100 of each partition', v: 'last:100' },
          { label: 'From an offset…', v: 'offset' },
          { label: 'From a time…', v: 'timestamp' },
        ], { placeHolder: `Read ${r.topic} (up to ${defaultLimit} messages)` }))?.v;
        if (fromText === 'offset' || fromText === 'timestamp') {
          const v = await vscode.window.showInputBox({ prompt: fromText === 'offset' ? 'Offset (on every partition)' : 'Time (ISO 8601 or epoch ms)', value: fromText === 'timestamp' ? new Date(Date.now() - 3_600_000).toISOString() : '0' });
          fromText = v === undefined ? undefined : `${fromText}:${v}`;
        }
      }
      if (!fromText) return undefined;
      parseStartPosition(fromText); // a bad start fails before a panel opens
      const avro = r.cluster.schemaRegistryUrl ? ctx.engine().avroDecoderFor(r.cluster.id, r.cluster.schemaRegistryUrl) : undefined;
      const { snapshot, exported } = await viewers.open({ clusterId: r.cluster.id, clusterName: r.cluster.name, topic: r.topic, api: r.api, ...(avro ? { avro } : {}) },
        { from: fromText, partitions: opts?.partitions ?? [], tail: opts?.tail ?? false }, { ...opts, from: fromText, wait: opts?.wait ?? opts?.from !== undefined, limit: opts?.limit ?? (opts?.from ? undefined : defaultLimit) });
      return { count: snapshot.page.total, snapshot, ...(exported ? { exported } : {}) };
    },
    'shoreline.kafka.produce': async (t?: KafkaTarget, message?: ProduceMessage) => {
      const r = await resolveTopic(clusters, t, 'produce to');
      if (!r) return undefined;
      let m = message;
      if (!m) {
        const key = await vscode.window.showInputBox({ title: `Produce to ${r.topic} (1/3)`, prompt: 'Key (empty: no key)' });
        if (key === undefined) return undefined;
        const value = await vscode.window.showInputBox({
          title: `Produce to ${r.topic} (2/3)`, prompt: 'Value (JSON is checked before sending)', placeHolder: '{"orderId": 1}',
          validateInput: (v) => { if (!/^\s*[[{]/.test(v)) return undefined; try { JSON.parse(v); return undefined; } catch (e) { return `Not valid JSON: ${(e as Error).message}`; } },
        });
        if (value === undefined) return undefined;
        const headerText = await vscode.window.showInputBox({ title: `Produce to ${r.topic} (3/3)`, prompt: 'Headers as key=value, comma-separated (optional)', placeHolder: 'source=vscode' });
        if (headerText === undefined) return undefined;
        const headers = parseHeaderPairs(headerText.split(',').map((s) => s.trim()).filter(Boolean));
        m = { key: key || undefined, value, ...(Object.keys(headers).length ? { headers } : {}) };
      }
      const s = await sendWithProgress(r.api, r.topic, [m]);
      changed();
      return s;
    },
    'shoreline.kafka.produceFromFile': async (t?: KafkaTarget | vscode.Uri, source?: vscode.Uri) => {
      const uri = t instanceof vscode.Uri ? t : source;
      const target = t instanceof vscode.Uri ? undefined : t;
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) throw new ShorelineError('kafka.noInput', 'No file or editor to produce from', 'open a .jsonl / .json file of messages, or run this on one in the Explorer');
      const r = await resolveTopic(clusters, target, 'produce to');
      if (!r) return undefined;
      const fileName = doc.isUntitled ? 'the editor' : path.basename(doc.uri.fsPath);
      let parsed;
      try {
        parsed = parseProduceText(doc.getText(), fileName);
      } catch (e) {
        if (!(e instanceof ShorelineError) || e.code !== 'kafka.invalidJson' || source) throw e;
        const skip = await vscode.window.showErrorMessage(e.message, { modal: true }, 'Skip Bad Lines and Send');
        if (skip !== 'Skip Bad Lines and Send') return undefined;
        parsed = parseProduceText(doc.getText(), fileName, { skipBadLines: true });
        ctx.log.warn(`${fileName}: skipped lines ${parsed.skipped.map((s) => s.line).join(', ')}`);
      }
      const s = await sendWithProgress(r.api, r.topic, parsed.messages);
      changed();
      return s;
    },
    'shoreline.kafka.produceSamples': async (t?: KafkaTarget, ids?: string[]) => {
      const r = await resolveCluster(clusters, t);
      if (!r) return undefined;
      const chosen = ids ? STOREFRONT_SAMPLES.filter((s) => ids.includes(s.id))
        : (await vscode.window.showQuickPick(STOREFRONT_SAMPLES.map((s) => ({ label: s.title, description: s.topic, detail: s.description, picked: true, s })), { canPickMany: true, placeHolder: 'Storefront sample events (Eventual Consistency with Spring for Apache Kafka)' }))?.map((p) => p.s);
      if (!chosen?.length) return undefined;
      const existing = new Set((await r.api.listTopics()).map((x) => x.name));
      const out: ProduceSummary[] = [];
      for (const s of chosen) {
        // the seeds' Compose stack created these as name:1:1
        if (!existing.has(s.topic)) await r.api.createTopic({ name: s.topic, partitions: s.partitions, replicationFactor: 1, configs: {} });
        out.push(await r.api.produce(s.topic, [s.message]));
      }
      changed();
      void vscode.window.showInformationMessage(`Shoreline: sent ${out.map((s) => `${s.sent} to ${s.topic}`).join(', ')}`);
      return out;
    },
    'shoreline.kafka.resetOffsets': async (t?: KafkaTarget, args?: { topic: string; strategy: string; confirm?: boolean }) => {
      const r = await resolveGroup(clusters, t, 'reset');
      if (!r) return undefined;
      let topic = args?.topic ?? (t && 'kind' in t && t.kind === 'groupOffset' ? t.lag.topic : undefined);
      if (!topic) {
        const detail = await r.api.describeGroup(r.group);
        const topics = [...new Set(detail.offsets.map((o) => o.topic))];
        topic = topics.length === 1 ? topics[0] : await vscode.window.showQuickPick(topics.length ? topics : (await r.api.listTopics()).map((x) => x.name), { placeHolder: `Topic whose offsets ${r.group} should move` });
      }
      if (!topic) return undefined;
      const strategy = args ? parseResetStrategy(args.strategy) : await pickResetStrategy(r.group, topic);
      if (!strategy) return undefined;
      // plan first (refused while the group has members), then confirm with the exact moves
      const plan: ResetPlan = await r.api.resetOffsets(r.group, topic, strategy, { dryRun: true });
      if (!args?.confirm) {
        const moves = plan.targets.map((x) => `partition ${x.partition}: ${x.from ?? '-'} → ${x.to}`).join('\n');
        const go = await vscode.window.showWarningMessage(`Reset "${r.group}" on ${topic} to ${describeStrategy(strategy)}?`, { modal: true, detail: `${moves}${plan.notes.length ? `\n\n${plan.notes.join('\n')}` : ''}` }, 'Reset Offsets');
        if (go !== 'Reset Offsets') return undefined;
      }
      const applied = await withProgress(`Shoreline: resetting ${r.group}`, () => r.api.resetOffsets(r.group, topic, strategy));
      changed();
      return applied;
    },
    'shoreline.kafka.deleteGroup': async (t?: KafkaTarget, confirmation?: string) => {
      const r = await resolveGroup(clusters, t, 'delete');
      if (!r) return false;
      if (confirmation !== r.group) {
        const answer = await vscode.window.showWarningMessage(`Delete consumer group "${r.group}" on ${r.cluster.name}?`, { modal: true, detail: 'Its committed offsets are deleted; its consumers start over from their auto.offset.reset position.' }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      await r.api.deleteGroup(r.group);
      changed();
      return true;
    },
  };
}
