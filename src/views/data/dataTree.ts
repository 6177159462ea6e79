import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { appendLevel, type S3Level } from '../../domain/data/s3Listing';
import { errorMessage, ShorelineError } from '../../domain/errors';
import type { DataServices } from '../../services/data/dataServices';
import { messageItem } from '../messageNode';
import { dataTreeItem, detailNodes, type DataNode } from './dataNodes';

const ROOTS: DataNode[] = [{ kind: 'pgServer' }, { kind: 'mongoServer' }, { kind: 's3Server' }];

/**
 * The Data view: the stack's PostgreSQL (databases → schemas → tables/views → columns, indexes, triggers;
 * publications; replication slots), MongoDB (databases → collections → indexes) and S3 emulator (buckets →
 * prefixes → objects, one page at a time). Nothing is read until a node is expanded.
 */
export class DataTreeProvider implements vscode.TreeDataProvider<DataNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DataNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private current?: { key: string; services: DataServices };
  /** S3 levels shown so far (pages appended by "Load more"), by bucket and prefix. */
  private readonly levels = new Map<string, S3Level>();

  constructor(private readonly ctx: ShorelineContext) {}

  /** The stack's data services for the current settings (recreated when they change). */
  async services(): Promise<DataServices> {
    const stack = await this.ctx.getStack();
    const key = JSON.stringify([stack.config.ports, stack.config.postgresPassword, stack.spec.hostAddress]);
    if (this.current?.key !== key) {
      void this.current?.services.mongo.close();
      this.current = { key, services: this.ctx.engine().stackDataServices(stack.config, stack.spec.hostAddress) };
    }
    return this.current.services;
  }

  refresh(node?: DataNode): void {
    if (!node) this.levels.clear();
    else if (node.kind === 's3Bucket' || node.kind === 's3Prefix') {
      const from = `${node.bucket}\0${node.kind === 's3Prefix' ? node.prefix : ''}`;
      for (const k of [...this.levels.keys()]) if (k.startsWith(from)) this.levels.delete(k);
    }
    this.emitter.fire(node);
  }

  getTreeItem(node: DataNode): vscode.TreeItem { return dataTreeItem(node, this.current?.services.endpoints); }

  async getChildren(node?: DataNode): Promise<DataNode[]> {
    if (!node) return ROOTS;
    try {
      return await this.children(node);
    } catch (e) {
      const msg = errorMessage(e);
      const err = e instanceof ShorelineError ? e : undefined;
      const server = node.kind === 'pgServer' || node.kind === 'mongoServer' || node.kind === 's3Server';
      return [
        { kind: 'message', item: messageItem(err?.message ?? msg, { icon: 'warning', color: 'problemsWarningIcon.foreground', tooltip: msg }) },
        ...(server ? [{ kind: 'message' as const, item: messageItem('Start the stack to browse its data', { icon: 'play', command: { command: 'shoreline.stack.up', title: 'Start Stack' } }) }] : []),
      ];
    }
  }

  private async children(node: DataNode): Promise<DataNode[]> {
    const s = await this.services();
    switch (node.kind) {
      case 'pgServer': {
        const [dbs, slots] = await Promise.all([s.pg.databases(), s.pg.replicationSlots()]);
        return [...dbs.map((database) => ({ kind: 'pgDatabase' as const, database })), { kind: 'pgSlots', items: slots }];
      }
      case 'pgDatabase': {
        const [schemas, pubs] = await Promise.all([s.pg.schemas(node.database), s.pg.publications(node.database)]);
        return [...schemas.map((schema) => ({ kind: 'pgSchema' as const, database: node.database, schema })), { kind: 'pgPublications', database: node.database, items: pubs }];
      }
      case 'pgSchema': {
        const rels = await s.pg.relations(node.database, node.schema);
        if (!rels.length) return [{ kind: 'message', item: messageItem('No tables or views') }];
        return rels.map((info) => ({ kind: 'pgRelation', database: node.database, schema: node.schema, relation: info.name, info }));
      }
      case 'pgRelation': {
        const { database, schema, relation } = node;
        const [cols, idx, trg] = await Promise.all([s.pg.columns(database, schema, relation), s.pg.indexes(database, schema, relation), s.pg.triggers(database, schema, relation)]);
        return [
          ...cols.map((column) => ({ kind: 'pgColumn' as const, column })),
          ...(idx.length ? [{ kind: 'pgGroup' as const, group: 'indexes' as const, database, schema, relation, items: idx }] : []),
          ...(trg.length ? [{ kind: 'pgGroup' as const, group: 'triggers' as const, database, schema, relation, items: trg }] : []),
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
        return dbs.length ? dbs.map((database) => ({ kind: 'mongoDatabase', database })) : [{ kind: 'message', item: messageItem('No databases yet') }];
      }
      case 'mongoDatabase': {
        const cols = await s.mongo.collections(node.database);
        return cols.map((info) => ({ kind: 'mongoCollection', database: node.database, collection: info.name, info }));
      }
      case 'mongoCollection':
        return (await s.mongo.indexes(node.database, node.collection)).map((i) => ({ kind: 'pgDetail', label: i.name, detail: `${JSON.stringify(i.key)}${i.unique ? ' · unique' : ''}`, icon: 'list-tree' }));
      case 's3Server': {
        const buckets = await s.s3.buckets();
        return buckets.length ? buckets.map((b) => ({ kind: 's3Bucket', bucket: b.name })) : [{ kind: 'message', item: messageItem('No buckets') }];
      }
      case 's3Bucket': return this.levelNodes(s, node, node.bucket, '');
      case 's3Prefix': return this.levelNodes(s, node, node.bucket, node.prefix);
      default: return [];
    }
  }

  private async levelNodes(s: DataServices, parent: DataNode, bucket: string, prefix: string): Promise<DataNode[]> {
    const key = `${bucket}\0${prefix}`;
    let level = this.levels.get(key);
    if (!level) { level = await s.s3.listLevel(bucket, prefix); this.levels.set(key, level); }
    const nodes: DataNode[] = [
      ...level.folders.map((f) => ({ kind: 's3Prefix' as const, bucket, prefix: f.prefix, name: f.name })),
      ...level.files.map((file) => ({ kind: 's3Object' as const, bucket, file })),
    ];
    if (level.next) nodes.push({ kind: 's3More', bucket, prefix, parent });
    return nodes.length ? nodes : [{ kind: 'message', item: messageItem('Empty') }];
  }

  /** Appends the next page of an S3 level and redraws its parent. */
  async loadMore(node: Extract<DataNode, { kind: 's3More' }>): Promise<number> {
    const key = `${node.bucket}\0${node.prefix}`;
    const shown = this.levels.get(key);
    if (!shown?.next) return 0;
    const page = await (await this.services()).s3.listLevel(node.bucket, node.prefix, shown.next);
    this.levels.set(key, appendLevel(shown, page));
    this.emitter.fire(node.parent);
    return page.folders.length + page.files.length;
  }

  dispose(): void {
    void this.current?.services.mongo.close();
    this.emitter.dispose();
  }
}
