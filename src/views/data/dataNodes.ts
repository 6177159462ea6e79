/**
 * Rows of the Data view as plain data (so commands and tests can pass them explicitly), and how each one looks.
 */
import * as vscode from 'vscode';
import type { MongoCollectionInfo, PgColumn, PgIndex, PgPublication, PgRelation, PgReplicationSlot, PgTrigger } from '../../domain/data/dataModel';
import { slotWarning } from '../../domain/data/dataModel';
import { formatBytes, type S3File } from '../../domain/data/s3Listing';
import { CONTEXT } from '../contextValues';

/**
 * `conn` is the name of a user-added connection (`shoreline.data.connections`) the node belongs to; absent for the
 * stack's own servers.
 */
export type DataNode =
  | { kind: 'pgServer'; conn?: string }
  | { kind: 'pgDatabase'; conn?: string; database: string }
  | { kind: 'pgSchema'; conn?: string; database: string; schema: string }
  | { kind: 'pgRelation'; conn?: string; database: string; schema: string; relation: string; info?: PgRelation }
  | { kind: 'pgColumn'; column: PgColumn }
  | { kind: 'pgGroup'; conn?: string; group: 'indexes' | 'triggers'; database: string; schema: string; relation: string; items?: Array<PgIndex | PgTrigger> }
  | { kind: 'pgDetail'; label: string; detail: string; icon: string }
  | { kind: 'pgPublications'; conn?: string; database: string; items: PgPublication[] }
  | { kind: 'pgSlots'; conn?: string; items: PgReplicationSlot[] }
  | { kind: 'pgSlot'; slot: PgReplicationSlot }
  | { kind: 'mongoServer'; conn?: string }
  | { kind: 'mongoDatabase'; conn?: string; database: string }
  | { kind: 'mongoCollection'; conn?: string; database: string; collection: string; info?: MongoCollectionInfo }
  | { kind: 's3Server'; conn?: string }
  | { kind: 's3Bucket'; conn?: string; bucket: string }
  | { kind: 's3Prefix'; conn?: string; bucket: string; prefix: string; name: string }
  | { kind: 's3Object'; conn?: string; bucket: string; file: S3File }
  | { kind: 's3More'; conn?: string; bucket: string; prefix: string; parent: DataNode }
  | { kind: 'connectionInvalid'; name: string; reason: string }
  | { kind: 'message'; item: vscode.TreeItem };

/** Where a server's endpoints are shown: the stack's, and each user connection's URL (no password) by name. */
export interface DataEndpoints { postgres?: string; mongo?: string; s3?: string }

const C = vscode.TreeItemCollapsibleState;

function item(label: string, state: vscode.TreeItemCollapsibleState, opts: { id?: string; description?: string; icon?: string; color?: string; context?: string; tooltip?: string | vscode.MarkdownString }): vscode.TreeItem {
  const t = new vscode.TreeItem(label, state);
  if (opts.id) t.id = opts.id;
  t.description = opts.description;
  if (opts.icon) t.iconPath = new vscode.ThemeIcon(opts.icon, opts.color ? new vscode.ThemeColor(opts.color) : undefined);
  t.contextValue = opts.context;
  t.tooltip = opts.tooltip;
  return t;
}

function columnDescription(c: PgColumn): string {
  return [c.type, c.nullable ? 'null' : 'not null', c.primaryKey ? 'PK' : '', c.references ? `FK → ${c.references}` : ''].filter(Boolean).join(' · ');
}

function slotDescription(s: PgReplicationSlot): string {
  const lag = s.lagBytes !== null ? `lag ${formatBytes(s.lagBytes)}` : s.retainedBytes !== null ? `retains ${formatBytes(s.retainedBytes)}` : '';
  return [s.active ? 'active' : 'inactive', s.plugin ?? s.type, s.database ?? '', lag].filter(Boolean).join(' · ');
}

/** The TreeItem for a node. */
export function dataTreeItem(node: DataNode, endpoints: DataEndpoints | undefined, connectionUrl?: (name: string) => string | undefined): vscode.TreeItem {
  // ids of a user connection's rows start with its name, so the stack's rows and each connection's stay apart
  const pg = 'conn' in node && node.conn ? `pg@${node.conn}` : 'pg';
  const mongo = 'conn' in node && node.conn ? `mongo@${node.conn}` : 'mongo';
  const s3 = 'conn' in node && node.conn ? `s3@${node.conn}` : 's3';
  switch (node.kind) {
    case 'message': return node.item;
    case 'pgServer': return node.conn
      ? item(node.conn, C.Collapsed, { id: pg, description: `PostgreSQL · ${connectionUrl?.(node.conn) ?? ''}`, icon: 'database', context: CONTEXT.dataConnection, tooltip: `${node.conn}: ${connectionUrl?.(node.conn) ?? ''} (password in SecretStorage)` })
      : item('PostgreSQL (stack)', C.Collapsed, { id: pg, description: endpoints?.postgres, icon: 'database', context: CONTEXT.dataServer });
    case 'pgDatabase': return item(node.database, C.Collapsed, { id: `${pg}:${node.database}`, icon: 'database', context: CONTEXT.pgDatabase });
    case 'pgSchema': return item(node.schema, C.Collapsed, { id: `${pg}:${node.database}:${node.schema}`, icon: 'symbol-namespace', context: CONTEXT.pgSchema });
    case 'pgRelation': {
      const r = node.info;
      const rows = r ? `${r.exact ? '' : '~'}${r.rows.toLocaleString('en-US')} rows` : undefined;
      const view = r?.kind === 'view' || r?.kind === 'materialized view';
      return item(node.relation, C.Collapsed, {
        id: `${pg}:${node.database}:${node.schema}:${node.relation}`, description: [r && r.kind !== 'table' ? r.kind : '', rows ?? ''].filter(Boolean).join(' · '),
        icon: view ? 'eye' : 'table', context: CONTEXT.pgRelation,
        tooltip: r ? `${node.schema}.${node.relation} (${r.kind}): ${rows}${r.exact ? '' : ' (planner estimate, pg_class.reltuples)'}` : undefined,
      });
    }
    case 'pgColumn': {
      const c = node.column;
      return item(c.name, C.None, { description: columnDescription(c), icon: c.primaryKey ? 'key' : c.references ? 'references' : 'symbol-field', context: CONTEXT.pgColumn,
        tooltip: `${c.name} ${columnDescription(c)}${c.default ? `\ndefault ${c.default}` : ''}` });
    }
    case 'pgGroup': return item(node.group === 'indexes' ? 'Indexes' : 'Triggers', C.Collapsed, {
      id: `${pg}:${node.database}:${node.schema}:${node.relation}:${node.group}`, icon: node.group === 'indexes' ? 'list-tree' : 'zap', context: CONTEXT.group });
    case 'pgDetail': return item(node.label, C.None, { description: node.detail, icon: node.icon, tooltip: node.detail });
    case 'pgPublications': return item(`Publications (${node.items.length})`, node.items.length ? C.Collapsed : C.None, { id: `${pg}:${node.database}:publications`, icon: 'broadcast', context: CONTEXT.group });
    case 'pgSlots': {
      const warn = node.items.filter((s) => slotWarning(s)).length;
      return item(`Replication slots (${node.items.length})`, node.items.length ? C.Collapsed : C.None, {
        id: `${pg}:slots`, icon: warn ? 'warning' : 'plug', color: warn ? 'problemsWarningIcon.foreground' : undefined, context: CONTEXT.group,
        description: warn ? `${warn} inactive holding WAL` : undefined });
    }
    case 'pgSlot': {
      const warning = slotWarning(node.slot);
      return item(node.slot.name, C.None, { description: slotDescription(node.slot), icon: warning ? 'warning' : node.slot.active ? 'pass-filled' : 'circle-outline',
        color: warning ? 'problemsWarningIcon.foreground' : undefined, context: CONTEXT.pgSlot, tooltip: warning ?? slotDescription(node.slot) });
    }
    case 'mongoServer': return node.conn
      ? item(node.conn, C.Collapsed, { id: mongo, description: `MongoDB · ${connectionUrl?.(node.conn) ?? ''}`, icon: 'database', context: CONTEXT.dataConnection, tooltip: `${node.conn}: ${connectionUrl?.(node.conn) ?? ''} (password in SecretStorage)` })
      : item('MongoDB (stack)', C.Collapsed, { id: mongo, description: endpoints?.mongo, icon: 'database', context: CONTEXT.dataServer });
    case 'mongoDatabase': return item(node.database, C.Collapsed, { id: `${mongo}:${node.database}`, icon: 'database', context: CONTEXT.mongoDatabase });
    case 'mongoCollection': {
      const i = node.info;
      const desc = i ? [`${i.count.toLocaleString('en-US')} docs`, i.size !== undefined ? formatBytes(i.size) : ''].filter(Boolean).join(' · ') : undefined;
      return item(node.collection, C.Collapsed, { id: `${mongo}:${node.database}:${node.collection}`, description: desc, icon: 'symbol-array', context: CONTEXT.mongoCollection,
        tooltip: i?.note ? `${desc}\n${i.note}` : desc });
    }
    case 'connectionInvalid': return item(node.name, C.None, { id: `invalid:${node.name}`, description: 'invalid connection', icon: 'warning', color: 'problemsWarningIcon.foreground',
      context: CONTEXT.dataConnectionInvalid, tooltip: node.reason });
    case 's3Server': return node.conn
      ? item(node.conn, C.Collapsed, { id: s3, description: `S3 · ${connectionUrl?.(node.conn) ?? ''}`, icon: 'cloud', context: CONTEXT.dataConnectionS3, tooltip: `${node.conn}: S3 with ${connectionUrl?.(node.conn) ?? ''} (AWS credential chain)` })
      : item('S3 (stack emulator)', C.Collapsed, { id: s3, description: endpoints?.s3, icon: 'cloud', context: CONTEXT.dataServer });
    case 's3Bucket': return item(node.bucket, C.Collapsed, { id: `${s3}:${node.bucket}`, icon: 'archive', context: CONTEXT.s3Bucket });
    case 's3Prefix': return item(node.name, C.Collapsed, { id: `${s3}:${node.bucket}:${node.prefix}`, icon: 'folder', context: CONTEXT.s3Prefix, tooltip: `s3://${node.bucket}/${node.prefix}` });
    case 's3Object': {
      const f = node.file;
      const t = item(f.name, C.None, { id: `${s3}:${node.bucket}:${f.key}`, description: [formatBytes(f.size), f.modified ?? ''].filter(Boolean).join(' · '), icon: 'file', context: CONTEXT.s3Object,
        tooltip: `s3://${node.bucket}/${f.key}` });
      t.command = { command: 'shoreline.data.openS3Object', title: 'Open S3 Object', arguments: [node] };
      return t;
    }
    case 's3More': {
      const t = item('Load more…', C.None, { icon: 'ellipsis', context: CONTEXT.message });
      t.command = { command: 'shoreline.data.s3LoadMore', title: 'Load More', arguments: [node] };
      return t;
    }
  }
}

/** Children of an index/trigger group and of the publications group (already read with the parent). */
export function detailNodes(items: Array<PgIndex | PgTrigger | PgPublication>): DataNode[] {
  return items.map((x) => 'operations' in x
    ? { kind: 'pgDetail', label: x.name, detail: `${x.allTables ? 'all tables' : x.tables.join(', ') || 'no tables'} · ${x.operations.join(', ')}`, icon: 'broadcast' }
    : { kind: 'pgDetail', label: x.name, detail: x.definition, icon: 'unique' in x ? (x.primary ? 'key' : 'list-tree') : 'zap' });
}
