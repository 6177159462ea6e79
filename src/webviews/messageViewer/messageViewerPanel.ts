/**
 * The message viewer: reads a topic with the port's reader (a throwaway group of its own, never one of the user's)
 * into the domain's ring buffer, filters and pages it here on the host, and sends the page one snapshot at a time.
 * The webview never holds more than one page; it asks for others with SetQuery.
 */
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { ShorelineError, errorMessage } from '../../domain/errors';
import type { AvroDecoder } from '../../domain/kafka/avroDecoding';
import type { ProduceMessage, RawMessage } from '../../domain/kafka/kafkaModel';
import { decodeMessage, toStored, type StoredMessage } from '../../domain/kafka/messageDecoding';
import { buildViewerPage, DEFAULT_QUERY, filterResult, findMessage, messageJson, toCsv, toJsonLines, viewerQuerySchema, type ViewerQuery } from '../../domain/kafka/messagePage';
import { DEFAULT_CAPACITY, memoryBudgetNote, type MessageStore } from '../../domain/kafka/messageStore';
import { parseStartPosition } from '../../domain/kafka/startPosition';
import { createViewerStore } from '../../services/kafka/fileChunkSpill';
import type { KafkaApi } from '../../services/kafka/kafkaApi';
import { PanelHost } from '../panelHost';
import {
  CopyMessage, ExportResult, GetDetail, MessageViewerState, ProduceAgain, Restart, SetPaused, SetQuery, StopRead,
  type MessageRef, type MessageViewerSnapshot, type ReadSettings, type ReadStatus,
} from './protocol';

/** New messages reach the page at most this often while reading. */
const PUSH_INTERVAL_MS = 200;

export interface ViewerTarget {
  clusterId: string; clusterName: string; topic: string; api: KafkaApi;
  /** The cluster's schema registry decoder: Avro keys and values are shown as JSON (absent: no registry configured). */
  avro?: AvroDecoder;
}

/** What "Read Messages" may pass to skip the prompts (tests, links). */
export interface ViewerOpenOptions {
  from?: string;
  partitions?: number[];
  tail?: boolean;
  /** Stop after this many messages (default: the ring buffer's capacity, unless tailing). */
  limit?: number;
  /** Applied once the read is under way; the returned snapshot is for this query. */
  query?: Partial<ViewerQuery>;
  /** Wait for a bounded read to finish before replying (default true when `from` is given). */
  wait?: boolean;
  /** Export the filter result to this file once read (no dialog). */
  exportTo?: { format: 'jsonl' | 'csv'; path: string };
}

/** One viewer per cluster and topic; opening it again reveals it. */
export class MessageViewerPanels implements vscode.Disposable {
  private readonly panels = new Map<string, MessageViewerPanel>();

  constructor(private readonly ctx: ShorelineContext) {}

  async open(target: ViewerTarget, read: ReadSettings, opts: ViewerOpenOptions = {}): Promise<{ snapshot: MessageViewerSnapshot; exported?: { path: string; count: number } }> {
    const key = `${target.clusterId}/${target.topic}`;
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal();
      if (opts.from !== undefined) await panel.restart(read, opts.limit);
    } else {
      panel = new MessageViewerPanel(this.ctx, target, () => this.panels.delete(key));
      this.panels.set(key, panel);
      await panel.restart(read, opts.limit);
    }
    if ((opts.wait ?? true) && !panel.tailing) await panel.whenRead();
    if (opts.query) panel.setQuery({ ...panel.query, page: 0, ...opts.query });
    const exported = opts.exportTo ? await panel.exportTo(opts.exportTo.format, opts.exportTo.path) : undefined;
    return { snapshot: panel.push(), ...(exported ? { exported } : {}) };
  }

  dispose(): void { for (const p of [...this.panels.values()]) p.dispose(); }
}

class MessageViewerPanel implements vscode.Disposable {
  private readonly host: PanelHost;
  private readonly store: MessageStore;
  query: ViewerQuery = DEFAULT_QUERY;
  private read: ReadSettings = { from: 'beginning', partitions: [], tail: false };
  private status: ReadStatus = 'reading';
  private error: string | undefined;
  /** Why a read stopped early (the memory budget with spill to disk off). */
  private note: string | undefined;
  private connection: string | undefined;
  private allPartitions: number[] = [];
  private paused = false;
  private held: StoredMessage[] = [];
  private abort: AbortController | undefined;
  private running: Promise<void> = Promise.resolve();
  /** Batches waiting for their Avro schemas, in order (only with a schema registry). */
  private decoding: Promise<void> = Promise.resolve();
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly closing: vscode.Disposable;

  constructor(private readonly ctx: ShorelineContext, private readonly target: ViewerTarget, private readonly onDispose: () => void) {
    const settings = vscode.workspace.getConfiguration('shoreline');
    const capacity = settings.get<number>('kafka.viewerCapacity') ?? DEFAULT_CAPACITY;
    // past 64 MiB of payload, chunks go to a private temp folder (deleted on restart, close and exit); with the
    // setting off nothing goes to disk and the read stops at the budget
    this.store = createViewerStore(capacity, { spillToDisk: settings.get<boolean>('kafka.viewerSpillToDisk') ?? true });
    this.host = new PanelHost(ctx.extension.extensionUri, {
      viewType: 'shoreline.messageViewer', title: `${target.topic} (messages)`, bundle: 'messageViewer', element: 'message-viewer', column: vscode.ViewColumn.Active,
    }, ctx.log);
    this.host.onRequest(SetQuery, (q) => this.setQuery(q));
    this.host.onRequest(Restart, async (r) => { await this.restart(r); return this.push(); });
    this.host.onRequest(SetPaused, ({ paused }) => this.setPaused(paused));
    this.host.onRequest(StopRead, async () => { this.abort?.abort(); await this.running; return this.push(); });
    this.host.onRequest(GetDetail, (ref) => decodeMessage(this.find(ref)));
    this.host.onRequest(CopyMessage, async (ref) => { await vscode.env.clipboard.writeText(JSON.stringify(messageJson(this.find(ref)), null, 2)); return true; });
    this.host.onRequest(ProduceAgain, (ref) => this.produceAgain(ref));
    this.host.onRequest(ExportResult, ({ format }) => this.exportWithDialog(format));
    this.closing = this.host.panel.onDidDispose(() => this.dispose());
  }

  reveal(): void { this.host.panel.reveal(undefined, false); }

  get tailing(): boolean { return this.read.tail; }

  /** Resolves when the current read has stopped (at the end offsets, the limit, or an abort). */
  whenRead(): Promise<void> { return this.running; }

  /** Clears the buffer and reads from a new start. */
  async restart(read: ReadSettings, limit?: number): Promise<void> {
    const start = parseStartPosition(read.from);
    this.abort?.abort();
    await this.running;
    const tail = read.tail || start.follow;
    this.read = { ...read, tail };
    this.store.clear();
    this.held = [];
    this.paused = false;
    this.error = undefined;
    this.note = undefined;
    this.connection = undefined;
    this.status = tail ? 'tailing' : 'reading';
    if (!this.allPartitions.length) {
      try { this.allPartitions = (await this.target.api.describeTopic(this.target.topic)).partitions.map((p) => p.partition).sort((a, b) => a - b); } catch { /* the read reports it */ }
    }
    const abort = new AbortController();
    this.abort = abort;
    this.push();
    this.running = this.target.api.read({
      topic: this.target.topic, from: start.from, partitions: read.partitions.length ? read.partitions : undefined, tail, signal: abort.signal, collect: false,
      limit: limit ?? (tail ? undefined : this.store.capacity),
      onMessages: (batch) => this.receive(batch),
      onConnection: (state, detail) => {
        if (this.abort !== abort || this.disposed) return;
        this.connection = detail;
        this.status = state === 'disconnected' ? 'disconnected' : this.paused ? 'paused' : 'tailing';
        this.ctx.log.warn(`message viewer: ${this.target.topic} ${state}: ${detail}`);
        this.push();
      },
    }).then(async (r) => { await this.decoding; return r; }).then((r) => {
      if (this.abort !== abort) return;
      this.status = r.stoppedBy === 'aborted' ? 'stopped' : 'done';
      this.ctx.log.info(`message viewer: read ${r.count} message(s) of ${this.target.topic} (${r.stoppedBy}) in ${r.elapsedMs} ms`);
    }, (e: unknown) => {
      if (this.abort !== abort) return;
      this.status = 'error';
      this.error = errorMessage(e);
      this.ctx.log.warn(`message viewer: reading ${this.target.topic} failed: ${this.error}`);
    }).finally(() => { if (!this.disposed) this.push(); });
  }

  private receive(batch: RawMessage[]): void {
    if (this.disposed) return;
    // Plain records go in as bytes, decoded only when a page shows them or a text filter reads them.
    if (!this.target.avro && !this.paused) {
      this.store.addRaw(batch);
      if (this.store.budgetReached && !this.note) {
        this.note = memoryBudgetNote(this.store);
        this.ctx.log.warn(`message viewer: ${this.target.topic} ${this.note}`);
        this.abort?.abort();
      }
      this.schedulePush();
      return;
    }
    const stored = batch.map(toStored);
    const avro = this.target.avro;
    if (avro) {
      // A batch waits for its schemas (cached per cluster after the first fetch); batches stay in order.
      const read = this.abort;
      this.decoding = this.decoding.then(() => avro.annotate(batch, stored))
        .catch((e: unknown) => this.ctx.log.warn(`message viewer: Avro decoding of ${this.target.topic} failed: ${errorMessage(e)}`))
        .then(() => { if (this.abort === read && !this.disposed) this.accept(stored); });
      return;
    }
    this.accept(stored);
  }

  private accept(stored: StoredMessage[]): void {
    if (this.paused) {
      for (const m of stored) this.held.push(m);
      // hold at most a buffer's worth: the oldest held ones would be pushed out anyway
      if (this.held.length > this.store.capacity) this.held.splice(0, this.held.length - this.store.capacity);
    } else this.store.add(stored);
    this.schedulePush();
  }

  private setPaused(paused: boolean): MessageViewerSnapshot {
    this.paused = paused;
    if (!paused && this.held.length) { this.store.add(this.held); this.held = []; }
    if (this.status === 'tailing' || this.status === 'paused') this.status = paused ? 'paused' : 'tailing';
    return this.push();
  }

  setQuery(q: ViewerQuery): MessageViewerSnapshot {
    const parsed = viewerQuerySchema.safeParse(q);
    if (!parsed.success) throw new ShorelineError('kafka.badQuery', `The viewer query is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`, 'check the filter fields');
    this.query = parsed.data;
    return this.push();
  }

  private schedulePush(): void {
    if (this.pushTimer || this.disposed) return;
    this.pushTimer = setTimeout(() => { this.pushTimer = undefined; if (!this.disposed) this.push(); }, PUSH_INTERVAL_MS);
  }

  /** Builds the snapshot of the current page and sends it (held by the host until the page is ready). */
  push(): MessageViewerSnapshot {
    const page = buildViewerPage(this.store, this.query);
    this.query = { ...this.query, page: page.page };
    const snapshot: MessageViewerSnapshot = {
      topic: this.target.topic, cluster: this.target.clusterName, status: this.status, ...(this.error ? { error: this.error } : {}), ...(this.note ? { note: this.note } : {}), ...(this.connection ? { connection: this.connection } : {}), read: this.read,
      allPartitions: this.allPartitions, capacity: this.store.capacity, held: this.held.length, query: this.query, page,
    };
    this.host.notify(MessageViewerState, snapshot);
    return snapshot;
  }

  private find(ref: MessageRef): StoredMessage {
    const m = findMessage(this.store, ref.partition, ref.offset);
    if (!m) throw new ShorelineError('kafka.messageGone', `Partition ${ref.partition} offset ${ref.offset} is no longer in the viewer's buffer`, 'read the topic again from that offset');
    return m;
  }

  private async produceAgain(ref: MessageRef): Promise<{ sent: number }> {
    const m = this.find(ref);
    if (m.keySchema || m.valueSchema) throw new ShorelineError('kafka.avroProduce', `Partition ${ref.partition} offset ${ref.offset} is Avro (schema id ${(m.valueSchema ?? m.keySchema)!.id})`, 'produce again works on text and JSON messages only; Shoreline does not encode Avro');
    if (m.keyBinary || m.valueBinary) throw new ShorelineError('kafka.binaryProduce', `Partition ${ref.partition} offset ${ref.offset} has a binary key or value`, 'produce again works on text and JSON messages only');
    const message: ProduceMessage = { key: m.key, value: m.value, ...(m.headers.length ? { headers: Object.fromEntries(m.headers) } : {}) };
    const s = await vscode.commands.executeCommand<{ sent: number } | undefined>('shoreline.kafka.produce', { clusterId: this.target.clusterId, topic: this.target.topic }, message);
    return { sent: s?.sent ?? 0 };
  }

  /** Writes the current filter result to a file. */
  async exportTo(format: 'jsonl' | 'csv', file: string): Promise<{ path: string; count: number }> {
    const messages = [...filterResult(this.store, this.query.filter)];
    await writeFile(file, format === 'csv' ? toCsv(messages) : toJsonLines(messages), 'utf8');
    this.ctx.log.info(`message viewer: exported ${messages.length} message(s) of ${this.target.topic} to ${file}`);
    return { path: file, count: messages.length };
  }

  private async exportWithDialog(format: 'jsonl' | 'csv'): Promise<{ path: string; count: number } | null> {
    const uri = await vscode.window.showSaveDialog({
      title: `Export the filter result of ${this.target.topic}`, saveLabel: 'Export',
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), `${this.target.topic}.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
    });
    return uri ? this.exportTo(format, uri.fsPath) : null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    clearTimeout(this.pushTimer);
    this.closing.dispose();
    this.host.dispose();
    this.store.clear();
    this.onDispose();
  }
}
