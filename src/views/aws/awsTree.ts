import * as vscode from 'vscode';
import type { ShorelineContext } from '../../commands/shorelineContext';
import { awsSources, type AwsSource } from '../../domain/ecr/awsSources';
import { registryHost } from '../../domain/ecr/ecrReference';
import { errorMessage, ShorelineError } from '../../domain/errors';
import type { EcrApi, ImageInfo, RepositoryInfo } from '../../services/aws/ecrApi';
import type { AwsAccess } from '../../services/aws/ecrSession';
import { CONTEXT } from '../contextValues';
import { messageItem } from '../messageNode';
import { askMfaCode } from './mfaPrompt';

export type AwsNode =
  | { kind: 'source'; source: AwsSource }
  | { kind: 'region'; source: AwsSource; region: string }
  | { kind: 'repository'; source: AwsSource; region: string; repository: RepositoryInfo }
  | { kind: 'image'; source: AwsSource; region: string; repository: RepositoryInfo; image: ImageInfo }
  | { kind: 'policy'; source: AwsSource; region: string; repository: RepositoryInfo }
  | { kind: 'message'; item: vscode.TreeItem };

/** The `shoreline.aws.*` settings the view reads. */
export function awsSettings(): { regions: string[]; ecrEndpoint?: string; registryHost?: string } {
  const c = vscode.workspace.getConfiguration('shoreline');
  const ecrEndpoint = c.get<string>('aws.ecrEndpoint')?.trim();
  const registry = c.get<string>('aws.registryHost')?.trim();
  return { regions: c.get<string[]>('aws.regions') ?? [], ...(ecrEndpoint ? { ecrEndpoint } : {}), ...(registry ? { registryHost: registry } : {}) };
}

/** Who calls ECR for a source row in a region (local mode: the emulator, as that row's emulated account). */
export function accessFor(source: AwsSource, region: string, extra: Pick<AwsAccess, 'profile' | 'roleArn' | 'externalId' | 'mfaSerial'> = {}): AwsAccess {
  const profile = extra.profile ?? source.profile;
  return {
    region,
    ...(profile ? { profile } : {}),
    ...(extra.roleArn ? { roleArn: extra.roleArn } : {}),
    ...(extra.externalId ? { externalId: extra.externalId } : {}),
    ...(extra.mfaSerial ? { mfaSerial: extra.mfaSerial } : {}),
    // asked only when AssumeRole needs a code (this role's MFA device, or a profile's mfa_serial)
    mfaCodeProvider: askMfaCode,
    ...(source.kind === 'local' && source.endpointUrl ? { endpointUrl: source.endpointUrl } : {}),
    ...(source.kind === 'local' && source.accountId ? { localAccountId: source.accountId } : {}),
  };
}

function shortDigest(d: string): string { return d.replace(/^sha256:/, '').slice(0, 12); }
function size(n: number | undefined): string { return n === undefined ? '' : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`; }

/**
 * The AWS view: credential sources (profiles of the shared files, environment credentials, local mode) → regions →
 * ECR repositories → images (tags, digest, size, push date) and the repository policy.
 */
export class AwsTreeProvider implements vscode.TreeDataProvider<AwsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<AwsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly apis = new Map<string, Promise<EcrApi>>();
  /** What the last listing saw per "<source id>|<region>" (repositories) and "<source id>|<region>|<repo>" (images). */
  readonly last = new Map<string, RepositoryInfo[] | ImageInfo[] | { error: string }>();
  /** The source rows of the last refresh. */
  sources: AwsSource[] = [];

  /** Local mode and region settings change what the view lists: it refreshes itself when they change. */
  private readonly settingsListener = vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('shoreline.aws')) this.refresh(); });

  constructor(private readonly ctx: ShorelineContext) {}

  refresh(): void {
    for (const api of this.apis.values()) void api.then((a) => a.close(), () => undefined);
    this.apis.clear();
    this.emitter.fire(undefined);
  }

  /** An ECR API for a source and region, opened once per refresh. */
  api(source: AwsSource, region: string): Promise<EcrApi> {
    const key = `${source.id}|${region}`;
    let api = this.apis.get(key);
    if (!api) {
      api = this.ctx.engine().openEcrApi(accessFor(source, region));
      api.catch(() => this.apis.delete(key));
      this.apis.set(key, api);
    }
    return api;
  }

  async loadSources(): Promise<AwsSource[]> {
    let files = { configFile: {}, credentialsFile: {} };
    try { files = await this.ctx.engine().loadAwsSharedConfig(); } catch (e) { this.ctx.log.warn(`AWS view: cannot read the shared config files: ${errorMessage(e)}`); }
    this.sources = awsSources(files, { ...awsSettings(), env: process.env });
    return this.sources;
  }

  getTreeItem(node: AwsNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'message': return node.item;
      case 'source': {
        const s = node.source;
        const item = new vscode.TreeItem(s.label, s.kind === 'local' ? C.Expanded : C.Collapsed);
        item.id = `aws:${s.id}`;
        item.description = s.description;
        item.iconPath = new vscode.ThemeIcon(s.kind === 'local' ? 'beaker' : s.kind === 'environment' ? 'symbol-variable' : 'account');
        item.contextValue = CONTEXT.awsSource;
        item.tooltip = s.kind === 'local' ? `Emulated account ${s.accountId} at ${s.endpointUrl ?? '(no endpoint)'}; registry ${s.registryHost ?? '(none)'}` : `${s.label}: ${s.description}`;
        return item;
      }
      case 'region': {
        const item = new vscode.TreeItem(node.region, C.Collapsed);
        item.id = `aws:${node.source.id}:${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = CONTEXT.awsRegion;
        return item;
      }
      case 'repository': {
        const r = node.repository;
        const item = new vscode.TreeItem(r.name, C.Collapsed);
        item.id = `aws:${node.source.id}:${node.region}:${r.name}`;
        item.description = r.registryId;
        item.tooltip = `${registryHost(r.registryId, node.region)}/${r.name}${r.createdAt ? `\ncreated ${r.createdAt}` : ''}${r.tagMutability ? `\ntags ${r.tagMutability}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = CONTEXT.ecrRepository;
        return item;
      }
      case 'image': {
        const i = node.image;
        const item = new vscode.TreeItem(i.tags.length ? i.tags.join(', ') : '<untagged>', C.None);
        item.id = `aws:${node.source.id}:${node.region}:${node.repository.name}@${i.digest}`;
        item.description = [shortDigest(i.digest), size(i.sizeBytes), i.pushedAt?.replace('T', ' ').slice(0, 19)].filter(Boolean).join(' · ');
        item.tooltip = `${i.digest}${i.sizeBytes !== undefined ? `\n${size(i.sizeBytes)}` : ''}${i.pushedAt ? `\npushed ${i.pushedAt}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = CONTEXT.ecrImage;
        return item;
      }
      case 'policy': {
        const item = new vscode.TreeItem('Repository policy', C.None);
        item.id = `aws:${node.source.id}:${node.region}:${node.repository.name}:policy`;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = CONTEXT.ecrPolicy;
        item.command = { command: 'shoreline.aws.openPolicy', title: 'Open Repository Policy', arguments: [node] };
        return item;
      }
    }
  }

  async getChildren(node?: AwsNode): Promise<AwsNode[]> {
    if (!node) {
      const sources = await this.loadSources();
      if (sources.length === 0) {
        return [{ kind: 'message', item: messageItem('No AWS profiles, environment credentials or local mode settings', {
          tooltip: 'Add a profile to ~/.aws/config, set AWS_ACCESS_KEY_ID, or set shoreline.aws.ecrEndpoint and shoreline.aws.registryHost for local mode',
          command: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['shoreline.aws'] },
        }) }];
      }
      return sources.map((source) => ({ kind: 'source', source }));
    }
    switch (node.kind) {
      case 'source':
        return node.source.regions.length
          ? node.source.regions.map((region) => ({ kind: 'region', source: node.source, region }))
          : [{ kind: 'message', item: messageItem('No region: set shoreline.aws.regions or the profile\'s region', { command: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['shoreline.aws.regions'] } }) }];
      case 'region': return this.listed(`${node.source.id}|${node.region}`, async () => {
        const api = await this.api(node.source, node.region);
        const repos = await api.listRepositories(node.source.kind === 'local' ? node.source.accountId : undefined);
        return { seen: repos, nodes: repos.length ? repos.map((repository) => ({ kind: 'repository' as const, source: node.source, region: node.region, repository }))
          : [{ kind: 'message' as const, item: messageItem('No repositories', { icon: 'cloud-upload', command: { command: 'shoreline.aws.pushImage', title: 'Push Image to ECR', arguments: [{ sourceId: node.source.id, region: node.region }] } }) }] };
      });
      case 'repository': return this.listed(`${node.source.id}|${node.region}|${node.repository.name}`, async () => {
        const api = await this.api(node.source, node.region);
        const images = await api.listImages(node.repository.name, node.repository.registryId);
        return { seen: images, nodes: [
          { kind: 'policy' as const, source: node.source, region: node.region, repository: node.repository },
          ...images.map((image) => ({ kind: 'image' as const, source: node.source, region: node.region, repository: node.repository, image })),
        ] };
      });
      default: return [];
    }
  }

  private async listed<T extends RepositoryInfo[] | ImageInfo[]>(key: string, load: () => Promise<{ seen: T; nodes: AwsNode[] }>): Promise<AwsNode[]> {
    try {
      const { seen, nodes } = await load();
      this.last.set(key, seen);
      return nodes;
    } catch (e) {
      const msg = e instanceof ShorelineError ? e.oneLine() : errorMessage(e);
      this.last.set(key, { error: msg });
      return [{ kind: 'message', item: messageItem(msg.split('\n')[0]!, { icon: 'warning', color: 'problemsWarningIcon.foreground', tooltip: msg }) }];
    }
  }

  dispose(): void { this.settingsListener.dispose(); this.refresh(); this.emitter.dispose(); }
}
