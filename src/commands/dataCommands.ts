import * as vscode from 'vscode';
import { dataSourceSpecSchema, parseS3Uri, type DataSourceSpec, type PageRequest } from '../domain/data/dataGrid';
import { toCsv, toMarkdownTable, type QueryResult } from '../domain/data/queryResult';
import type { SqlErrorInfo } from '../domain/data/sqlPosition';
import { ShorelineError } from '../domain/errors';
import { dataConnectionNameError, isValidDataConnection, parseDataConnectionEntry } from '../domain/data/dataConnection';
import type { DataServices } from '../services/data/dataServices';
import type { DataNode } from '../views/data/dataNodes';
import type { DataTreeProvider } from '../views/data/dataTree';
import { DataViewerPanels } from '../webviews/dataViewer/dataViewerPanel';
import { requireTrust, withProgress } from './runCommand';
import type { ShorelineContext } from './shorelineContext';

/** Rows "Preview Table" and "Find Documents" show; exports read at most EXPORT_LIMIT. */
const PREVIEW_LIMIT = 100;
const EXPORT_LIMIT = 10_000;

type RelationNode = Extract<DataNode, { kind: 'pgRelation' }>;
type CollectionNode = Extract<DataNode, { kind: 'mongoCollection' }>;
type ServerNode = Extract<DataNode, { kind: 'pgServer' | 'mongoServer' }> | Extract<DataNode, { kind: 'connectionInvalid' }>;
/** What Add Data Connection saves: a URL for PostgreSQL / MongoDB (the password to SecretStorage), a profile for S3. */
interface NewConnection { name: string; type: 'postgres' | 'mongodb' | 's3'; url?: string; password?: string; profile?: string; region?: string; endpoint?: string }
/** Run SQL's arguments (tests, links): the statement, and the user connection and database it runs on. */
interface SqlArgs { sql: string; database?: string; connection?: string }

async function showText(content: string, language: string): Promise<vscode.TextDocument> {
  const known = await vscode.languages.getLanguages();
  const doc = await vscode.workspace.openTextDocument({ content, language: known.includes(language) ? language : 'plaintext' });
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return doc;
}

function resultMarkdown(title: string, r: QueryResult): string {
  return `# ${title}\n\n${toMarkdownTable(r)}`;
}

function need<K extends DataNode['kind']>(node: DataNode | undefined, kind: K, what: string): Extract<DataNode, { kind: K }> {
  if (node?.kind !== kind) throw new ShorelineError('data.noSelection', `No ${what} selected`, `run the command from a ${what} in the Data view`);
  return node as Extract<DataNode, { kind: K }>;
}

/** The statement to run: the selection if there is one, else the whole .sql document. */
function editorSql(): { sql: string; editor: vscode.TextEditor; start: vscode.Position } {
  const editor = vscode.window.activeTextEditor;
  if (!editor || (editor.document.languageId !== 'sql' && !editor.document.fileName.endsWith('.sql'))) {
    throw new ShorelineError('data.noSqlEditor', 'No SQL editor is active', 'open a .sql file (or select a statement in one) and run "Run SQL" again');
  }
  const sel = editor.selection;
  const sql = sel.isEmpty ? editor.document.getText() : editor.document.getText(sel);
  if (!sql.trim()) throw new ShorelineError('data.emptySql', 'The SQL editor (or selection) is empty', 'type a statement, e.g. select count(*) from address');
  return { sql, editor, start: sel.isEmpty ? new vscode.Position(0, 0) : sel.start };
}

/** Moves the cursor to where PostgreSQL says the statement went wrong. */
function revealErrorPosition(editor: vscode.TextEditor, start: vscode.Position, info: SqlErrorInfo): void {
  if (!info.position) return;
  const line = start.line + info.position.line - 1;
  const character = (info.position.line === 1 ? start.character : 0) + info.position.column - 1;
  const pos = editor.document.validatePosition(new vscode.Position(line, character));
  const range = editor.document.getWordRangeAtPosition(pos) ?? new vscode.Range(pos, pos);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** What "Open in Data Viewer" opens for a tree row, a spec passed by a test or link, or (without either) asks for. */
async function viewerSpec(arg: unknown): Promise<DataSourceSpec | undefined> {
  const node = arg as DataNode | undefined;
  const connection = node && 'conn' in node && node.conn ? { connection: node.conn } : {};
  if (node?.kind === 'pgRelation') return { kind: 'pgTable', ...connection, database: node.database, schema: node.schema, table: node.relation };
  if (node?.kind === 'mongoCollection') return { kind: 'mongo', ...connection, database: node.database, collection: node.collection, filter: '' };
  if (node?.kind === 's3Object') return { kind: 's3', ...connection, bucket: node.bucket, key: node.file.key };
  if (arg !== undefined) {
    const parsed = dataSourceSpecSchema.safeParse(arg);
    if (!parsed.success) throw new ShorelineError('data.badViewerSource', `Cannot open ${JSON.stringify(arg).slice(0, 200)} in the Data viewer: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`, 'pass a table, view, collection or S3 object row of the Data view');
    return parsed.data;
  }
  const kinds = [
    { label: 'PostgreSQL table or view', source: 'pgTable' as const, prompt: 'Table as [database:]schema.table (database pagila when left out)', placeHolder: 'public.address' },
    { label: 'MongoDB collection', source: 'mongo' as const, prompt: 'Collection as database.collection (the first dot ends the database name)', placeHolder: 'orders.customer.orders' },
    { label: 'S3 object (Parquet, JSON Lines, JSON, CSV)', source: 's3' as const, prompt: 'Object address', placeHolder: 's3://bucket/key.parquet' },
  ];
  const pick = await vscode.window.showQuickPick(kinds, { placeHolder: 'What to open in the Data viewer' });
  if (!pick) return undefined;
  const text = (await vscode.window.showInputBox({ prompt: pick.prompt, placeHolder: pick.placeHolder }))?.trim();
  if (!text) return undefined;
  if (pick.source === 's3') {
    try { return { kind: 's3', ...parseS3Uri(text) }; } catch (e) { throw new ShorelineError('data.badS3Address', (e as Error).message, 'type s3://bucket/key'); }
  }
  if (pick.source === 'mongo') {
    const dot = text.indexOf('.');
    if (dot <= 0 || dot === text.length - 1) throw new ShorelineError('data.badCollection', `"${text}" is not database.collection`, 'type e.g. orders.customer.orders');
    return { kind: 'mongo', database: text.slice(0, dot), collection: text.slice(dot + 1), filter: '' };
  }
  const m = /^(?:([^:]+):)?([^.]+)\.(.+)$/.exec(text);
  if (!m) throw new ShorelineError('data.badTable', `"${text}" is not schema.table`, 'type e.g. public.address or pagila:public.address');
  return { kind: 'pgTable', database: m[1] ?? 'pagila', schema: m[2]!, table: m[3]! };
}

/** Data view commands. Each returns what it showed, so tests can call them with explicit arguments. */
export function dataCommands(ctx: ShorelineContext, tree: DataTreeProvider) {
  const viewers = new DataViewerPanels(ctx, (spec) => tree.services(spec.connection));
  ctx.extension.subscriptions.push(viewers);
  const pgPreview = async (node: RelationNode, limit: number) =>
    (await tree.services(node.conn)).pg.preview(node.database, node.schema, node.relation, limit);
  const mongoFind = async (node: CollectionNode, filterText: string | undefined, limit: number) => {
    const s = await tree.services(node.conn);
    const filter = await ctx.engine().parseMongoFilter(filterText);
    return s.mongo.find(node.database, node.collection, filter, limit);
  };
  /** The server (the stack's or a user connection) and database a statement runs on: from the arguments, else asked. */
  const sqlTarget = async (args?: SqlArgs): Promise<{ s: DataServices; connection?: string; database: string } | undefined> => {
    let connection = args?.connection;
    if (connection === undefined && args?.database === undefined) {
      const users = tree.connections.list().filter(isValidDataConnection).filter((c) => c.type === 'postgres');
      if (users.length) {
        const pick = await vscode.window.showQuickPick([{ label: 'PostgreSQL (stack)', name: undefined as string | undefined }, ...users.map((c) => ({ label: c.name, description: c.url, name: c.name as string | undefined }))],
          { placeHolder: 'Server to run the statement on' });
        if (!pick) return undefined;
        connection = pick.name;
      }
    }
    const kind = connection !== undefined ? tree.connections.find(connection).type : 'postgres';
    if (kind !== 'postgres') {
      throw new ShorelineError('data.notPostgres', `Connection "${connection}" is ${kind === 's3' ? 'an S3' : 'a MongoDB'} connection`, 'run SQL on the stack\'s PostgreSQL or on a PostgreSQL connection');
    }
    const s = await tree.services(connection);
    let database = args?.database;
    if (!database) {
      const dbs = await s.pg.databases();
      const first = connection ? tree.connections.find(connection).pg?.database : 'pagila';
      database = dbs.length <= 1 ? dbs[0] ?? first
        : await vscode.window.showQuickPick([...dbs.filter((d) => d === first), ...dbs.filter((d) => d !== first)], { placeHolder: `Database on ${s.endpoints.postgres}` });
      if (!database) return undefined;
    }
    return { s, ...(connection ? { connection } : {}), database };
  };
  const exportAs = (format: 'csv' | 'json') => async (node?: DataNode) => {
    let r: QueryResult;
    if (node?.kind === 'pgRelation') r = await pgPreview(node, EXPORT_LIMIT);
    else if (node?.kind === 'mongoCollection') r = await mongoFind(node, undefined, EXPORT_LIMIT);
    else throw new ShorelineError('data.noSelection', 'No table or collection selected', 'run the command from a table, view or collection in the Data view');
    if (r.truncated) void vscode.window.showWarningMessage(`Shoreline: exported the first ${r.rows.length} rows only.`);
    await showText(format === 'csv' ? toCsv(r) : JSON.stringify(r.rows, null, 2), format === 'csv' ? 'csv' : 'json');
    return r;
  };
  return {
    /** Refreshes the view (or one node) and returns the labels of its children, which tests read. */
    'shoreline.data.refresh': async (node?: DataNode) => {
      tree.refresh(node);
      const kids = await tree.getChildren(node);
      return kids.map((k) => String(tree.getTreeItem(k).label ?? ''));
    },
    'shoreline.data.runSql': async (args?: SqlArgs) => {
      requireTrust('run SQL');
      const fromEditor = args?.sql === undefined ? editorSql() : undefined;
      const sql = args?.sql ?? fromEditor!.sql;
      const target = await sqlTarget(args);
      if (!target) return undefined;
      const { s, database: db } = target;
      try {
        const r = await withProgress(`Running SQL on ${db}`, () => s.pg.query(db, sql));
        ctx.log.info(`sql on ${db}: ${r.command ?? ''} ${r.rowCount} row(s)`);
        await showText(resultMarkdown(`${db}: ${sql.trim().split('\n')[0]!.slice(0, 80)}`, r), 'markdown');
        tree.refresh();
        return r;
      } catch (e) {
        const info = (e as { info?: SqlErrorInfo }).info;
        if (info && fromEditor) revealErrorPosition(fromEditor.editor, fromEditor.start, info);
        throw e;
      }
    },
    /** Opens a table, collection or S3 object in the Data viewer; returns the first page's snapshot. */
    'shoreline.data.openInViewer': async (arg?: unknown, page?: Partial<PageRequest>) => {
      const spec = await viewerSpec(arg);
      return spec ? viewers.open(spec, page) : undefined;
    },
    /** Runs the SQL editor's statement (or `args.sql`) and shows the result in the Data viewer, paged on the server. */
    'shoreline.data.runSqlInViewer': async (args?: SqlArgs) => {
      requireTrust('run SQL');
      const sql = args?.sql ?? editorSql().sql;
      const target = await sqlTarget(args);
      if (!target) return undefined;
      return viewers.open({ kind: 'sql', ...(target.connection ? { connection: target.connection } : {}), database: target.database, sql });
    },
    'shoreline.data.previewTable': async (node?: DataNode) => {
      const n = need(node, 'pgRelation', 'table or view');
      const r = await pgPreview(n, PREVIEW_LIMIT);
      await showText(resultMarkdown(`${n.database}: ${n.schema}.${n.relation} (first ${PREVIEW_LIMIT} rows)`, r), 'markdown');
      return r;
    },
    'shoreline.data.findDocuments': async (node?: DataNode, filterText?: string) => {
      const n = need(node, 'mongoCollection', 'collection');
      const text = filterText ?? await vscode.window.showInputBox({
        prompt: `Filter for ${n.database}.${n.collection} (JSON, Extended JSON allowed; empty for all)`, placeHolder: '{"name.lastName": "Doe"}',
      });
      if (text === undefined) return undefined;
      const r = await mongoFind(n, text, PREVIEW_LIMIT);
      await showText(JSON.stringify(r.rows, null, 2), 'json');
      if (r.truncated) void vscode.window.showInformationMessage(`Shoreline: showing the first ${PREVIEW_LIMIT} documents.`);
      return r;
    },
    'shoreline.data.openS3Object': async (node?: DataNode) => {
      const n = need(node, 's3Object', 'S3 object');
      const s = await tree.services(n.conn);
      const decoded = await withProgress(`Reading s3://${n.bucket}/${n.file.key}`, async () =>
        ctx.engine().decodeObject(n.file.key, await s.s3.get(n.bucket, n.file.key), `s3://${n.bucket}/${n.file.key}`));
      const text = decoded.documents.map((d) => (decoded.format === 'text' ? String(d) : JSON.stringify(d))).join('\n');
      await showText(text, decoded.format === 'text' ? 'plaintext' : 'jsonl');
      return decoded;
    },
    /** Adds a PostgreSQL, MongoDB or S3 connection (asked step by step, or all given by a test); returns its name. */
    'shoreline.data.addConnection': async (given?: NewConnection) => {
      const entry = given ?? await addConnectionWizard(tree.connections.list().map((c) => c.name));
      if (!entry) return undefined;
      const { password, ...fields } = entry;
      const added = await tree.connections.add(fields, password);
      ctx.log.info(`data: added ${added.type} connection "${added.name}" (${added.url})`);
      tree.refresh();
      return added.name;
    },
    'shoreline.data.setConnectionPassword': async (node?: ServerNode | { conn: string }, password?: string) => {
      const name = connectionName(node);
      const conn = tree.connections.find(name);
      const pw = password ?? await vscode.window.showInputBox({ prompt: `Password for ${conn.url} (kept in VS Code's SecretStorage; empty removes it)`, password: true });
      if (pw === undefined) return false;
      await tree.connections.setPassword(name, pw);
      tree.refresh();
      return true;
    },
    /** Removes a connection from the settings and its password from SecretStorage, after a confirmation (its data is untouched). */
    'shoreline.data.removeConnection': async (node?: ServerNode | { conn: string }, confirmed?: boolean) => {
      const name = connectionName(node);
      if (!confirmed) {
        const ok = await vscode.window.showWarningMessage(`Remove the data connection "${name}" from your settings and its password from SecretStorage? Nothing on the server is changed.`, { modal: true }, 'Remove');
        if (ok !== 'Remove') return false;
      }
      const removed = await tree.connections.remove(name);
      tree.refresh();
      return removed;
    },
    'shoreline.data.s3LoadMore': (node?: DataNode) => tree.loadMore(need(node, 's3More', 'S3 "Load more" row')),
    'shoreline.data.exportCsv': exportAs('csv'),
    'shoreline.data.exportJson': exportAs('json'),
  };
}

/** The connection a command runs on: a connection row of the Data view, or `{ conn }` from a test. */
function connectionName(node: unknown): string {
  const n = node as { kind?: string; conn?: unknown; name?: unknown } | undefined;
  const name = n?.kind === 'connectionInvalid' ? n.name : n?.conn;
  if (typeof name !== 'string' || !name) throw new ShorelineError('data.noSelection', 'No data connection selected', 'run the command from a connection row in the Data view');
  return name;
}

/** Add Data Connection: kind → name → URL (no password) → password (to SecretStorage); for S3: profile → region → endpoint. */
async function addConnectionWizard(existing: string[]): Promise<NewConnection | undefined> {
  const kind = await vscode.window.showQuickPick([
    { label: 'PostgreSQL', type: 'postgres' as const, placeHolder: 'postgres://app@db.example.com:5432/app?sslmode=require' },
    { label: 'MongoDB', type: 'mongodb' as const, placeHolder: 'mongodb://app@mongo.example.com:27017/?authSource=admin' },
    { label: 'S3 (AWS profile)', type: 's3' as const, placeHolder: '', description: 'buckets with an AWS profile\'s credentials, or an S3-compatible endpoint' },
  ], { title: 'Add data connection (1/4)', placeHolder: 'Kind of server' });
  if (!kind) return undefined;
  const name = await vscode.window.showInputBox({
    title: 'Add data connection (2/4)', prompt: 'A name for the connection', placeHolder: kind.type === 's3' ? 'data-lake' : 'orders-db',
    validateInput: (v) => { const e = dataConnectionNameError(v); return e ? `The name ${e}` : existing.includes(v) ? `"${v}" is already in shoreline.data.connections` : undefined; },
  });
  if (!name) return undefined;
  const check = (entry: Record<string, unknown>) => { try { parseDataConnectionEntry(entry, existing.length); return undefined; } catch (e) { return `${(e as Error).message} — ${(e as ShorelineError).fix ?? ''}`; } };
  if (kind.type === 's3') {
    const profile = await vscode.window.showInputBox({ title: 'Add data connection (3/4)', prompt: 'AWS profile (empty: the default credential chain)', placeHolder: 'default' });
    if (profile === undefined) return undefined;
    const region = await vscode.window.showInputBox({ title: 'Add data connection (4/4)', prompt: 'Region', value: 'us-east-1', validateInput: (v) => check({ name, type: 's3', region: v }) });
    if (!region) return undefined;
    return { name, type: 's3', region: region.trim(), ...(profile.trim() ? { profile: profile.trim() } : {}) };
  }
  const url = await vscode.window.showInputBox({
    title: 'Add data connection (3/4)', prompt: 'Connection URL, without the password', placeHolder: kind.placeHolder,
    validateInput: (v) => check({ name, type: kind.type, url: v }),
  });
  if (!url) return undefined;
  const password = await vscode.window.showInputBox({ title: 'Add data connection (4/4)', prompt: 'Password (kept in VS Code\'s SecretStorage, never in settings; empty for none)', password: true });
  if (password === undefined) return undefined;
  return { name, type: kind.type, url: url.trim(), ...(password ? { password } : {}) };
}
