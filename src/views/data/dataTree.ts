import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { appendLevel, type S3Level } from '../../domain/data/s3Listing';
import { errorMessage, ShorelineError } from '../../domain/errors';
import type { DataServices } from '../../services/data/dataServices';
import { isValidDataConnection } from '../../domain/data/dataConnection';
import { messageItem } from '../messageNode';
import { DataConnections } from './dataConnections';
import { dataTreeItem, detailNodes, type DataNode } from './dataNodes';

/**
 * The Data view: the stack's PostgreSQL (databases → schemas → tables/views → columns, indexes, triggers;
 * publications; replication slots), MongoDB (databases → collections → indexes) and S3 emulator (buckets →
 * prefixes → objects, one page at a time), and each user-added PostgreSQL or MongoDB connection under the stack's
 * server of its kind. Nothing is read until a node is expanded.
 */
export class DataTreeProvider implements vscode.TreeDataProvider<DataNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DataNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly connections: DataConnections;
  /** S3 levels shown so far (pages appended by "Load more"), by bucket and prefix. */
  private readonly levels = new Map<string, S3Level>();

  private endpoints?: DataServices['endpoints'];

  constructor(ctx: ShorelineContext) {
    this.connections = new DataConnections(ctx);
  }

  /** The data services of the stack (no name) or of a user connection, for the current settings. */
  async services(connection?: string): Promise<DataServices> {
    const s = await this.connections.services(connection);
    if (connection === undefined) this.endpoints = s.endpoints;
    return s;
  }

  /** The stack's servers, each followed by the user's connections of its kind; entries that cannot be read last. */
  private roots(): DataNode[] {
    const list = this.connections.list();
    const valid = list.filter(isValidDataConnection);
    return [
      { kind: 'pgServer' }, ...valid.filter((c) => c.type === 'postgres').map((c) => ({ kind: 'pgServer' as const, conn: c.name })),
      { kind: 'mongoServer' }, ...valid.filter((c) => c.type === 'mongodb').map((c) => ({ kind: 'mongoServer' as const, conn: c.name })),
      { kind: 's3Server' }, ...valid.filter((c) => c.type === 's3').map((c) => ({ kind: 's3Server' as const, conn: c.name })),
      ...list.filter((c) => !isValidDataConnection(c)).map((c) => ({ kind: 'connectionInvalid' as const, name: c.name, reason: (c as { invalid: string }).invalid })),
    ];
  }

  refresh(node?: DataNode): void {
    if (!node) this.levels.clear();
    else if (node.kind === 's3Server') {
      for (const k of [...this.levels.keys()]) if (k.startsWith(`${node.conn ?? ''}\0`)) this.levels.delete(k);
    } else if (node.kind === 's3Bucket' || node.kind === 's3Prefix') {
      const from = `${node.conn ?? ''}\0${node.bucket}\0${node.kind === 's3Prefix' ? node.prefix : ''}`;
      for (const k of [...this.levels.keys()]) if (k.startsWith(from)) this.levels.delete(k);
    }
    this.emitter.fire(node);
  }

  getTreeItem(node: DataNode): vscode.TreeItem { return dataTreeItem(node, this.endpoints, (name) => this.connections.url(name)); }

  async getChildren(node?: DataNode): Promise<DataNode[]> {
    if (!node) return this.roots();
    try {
      return await this.children(node);
    } catch (e) {
      const msg = errorMessage(e);
      const err = e instanceof ShorelineError ? e : undefined;
      const server = node.kind === 'pgServer' || node.kind === 'mongoServer' || node.kind === 's3Server';
      const conn = 'conn' in node ? node.conn : undefined;
      return [
        { kind: 'message', item: messageItem(err?.message ?? msg, { icon: 'warning', color: 'problemsWarningIcon.foreground', tooltip: msg }) },
        ...(server && conn && node.kind !== 's3Server' ? [{ kind: 'message' as const, item: messageItem('Set the password', { icon: 'key', command: { command: 'shoreline.data.setConnectionPassword', title: 'Set Password', arguments: [node] } }) }] : []),
        ...(server && !conn ? [{ kind: 'message' as const, item: messageItem('Start the stack to browse its data', { icon: 'play', command: { command: 'shoreline.stack.up', title: 'Start Stack' } }) }] : []),
      ];
    }
  }

  private async children(node: DataNode): Promise<DataNode[]> {
    const conn = 'conn' in node && node.conn ? { conn: node.conn } : {};
    const s = await this.services(conn.conn);
    switch (node.kind) {
      case 'pgServer': {
        // a user connection may lack the rights to read replication slots: its databases still show
        const [dbs, slots] = await Promise.all([s.pg.databases(), node.conn ? s.pg.replicationSlots().catch(() => undefined) : s.pg.replicationSlots()]);
        return [...dbs.map((database) => ({ kind: 'pgDatabase' as const, ...conn, database })), ...(slots ? [{ kind: 'pgSlots' as const, ...conn, items: slots }] : [])];
      }
      case 'pgDatabase': {
        const [schemas, pubs] = await Promise.all([s.pg.schemas(node.database), s.pg.publications(node.database)]);
        return [...schemas.map((schema) => ({ kind: 'pgSchema' as const, ...conn, database: node.database, schema })), { kind: 'pgPublications', ...conn, database: node.database, items: pubs }];
      }
      case 'pgSchema': {
        const rels = await s.pg.relations(node.database, node.schema);
        if (!rels.length) return [{ kind: 'message', item: messageItem('No tables or views') }];
        return rels.map((info) => ({ kind: 'pgRelation', ...conn, database: node.database, schema: node.schema, relation: info.name, info }));
      }
      case 'pgRelation': {
        const { database, schema, relation } = node;
        const [cols, idx, trg] = await Promise.all([s.pg.columns(database, schema, relation), s.pg.indexes(database, schema, relation), s.pg.triggers(database, schema, relation)]);
        return [
          ...cols.map((column) => ({ kind: 'pgColumn' as const, column })),
          ...(idx.length ? [{ kind: 'pgGroup' as const, ...conn, group: 'indexes' as const, database, schema, relation, items: idx }] : []),
          ...(trg.length ? [{ kind: 'pgGroup' as const, ...conn, group: 'triggers' as const, database, schema, relation, items: trg }] : []),
        ];
      }
      case 'pgGroup': {
        const items = node.items ?? (node.group === 'indexes' ? await s.pg.indexes(node.database, node.schema, node.relation) : await s.pg.triggers(node.database, node.schema, node.relation));
        return detailNodes(items);
      }
      case 'pgPublications': return detailNodes(node.items);
      case 'pgSlots': return node.items.map((slot) => ({ kind: 'pgSlot', slot }));
      case 'mongoServer': {
        const dbs = await s.mongo.databases();
        return dbs.length ? dbs.map((database) => ({ kind: 'mongoDatabase', ...conn, database })) : [{ kind: 'message', item: messageItem('No databases yet') }];
      }
      case 'mongoDatabase': {
        const cols = await s.mongo.collections(node.database);
        return cols.map((info) => ({ kind: 'mongoCollection', ...conn, database: node.database, collection: info.name, info }));
      }
      case 'mongoCollection':
        return (await s.mongo.indexes(node.database, node.collection)).map((i) => ({ kind: 'pgDetail', label: i.name, detail: `${JSON.stringify(i.key)}${i.unique ? ' · unique' : ''}`, icon: 'list-tree' }));
      case 's3Server': {
        const buckets = await s.s3.buckets();
        return buckets.length ? buckets.map((b) => ({ kind: 's3Bucket', ...conn, bucket: b.name })) : [{ kind: 'message', item: messageItem('No buckets') }];
      }
      case 's3Bucket': return this.levelNodes(s, node, conn.conn, node.bucket, '');
      case 's3Prefix': return this.levelNodes(s, node, conn.conn, node.bucket, node.prefix);
      default: return [];
    }
  }

  private async levelNodes(s: DataServices, parent: DataNode, connName: string | undefined, bucket: string, prefix: string): Promise<DataNode[]> {
    const key = `${connName ?? ''}\0${bucket}\0${prefix}`;
    const conn = connName ? { conn: connName } : {};
    let level = this.levels.get(key);
    if (!level) { level = await s.s3.listLevel(bucket, prefix); this.levels.set(key, level); }
    const nodes: DataNode[] = [
      ...level.folders.map((f) => ({ kind: 's3Prefix' as const, ...conn, bucket, prefix: f.prefix, name: f.name })),
      ...level.files.map((file) => ({ kind: 's3Object' as const, ...conn, bucket, file })),
    ];
    if (level.next) nodes.push({ kind: 's3More', ...conn, bucket, prefix, parent });
    return nodes.length ? nodes : [{ kind: 'message', item: messageItem('Empty') }];
  }

  /** Appends the next page of an S3 level and redraws its parent. */
  async loadMore(node: Extract<DataNode, { kind: 's3More' }>): Promise<number> {
    const key = `${node.conn ?? ''}\0${node.bucket}\0${node.prefix}`;
    const shown = this.levels.get(key);
    if (!shown?.next) return 0;
    const page = await (await this.services(node.conn)).s3.listLevel(node.bucket, node.prefix, shown.next);
    this.levels.set(key, appendLevel(shown, page));
    this.emitter.fire(node.parent);
    return page.folders.length + page.files.length;
  }

  dispose(): void {
    this.connections.dispose();
    this.emitter.dispose();
  }
}
