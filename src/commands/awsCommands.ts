import * as vscode from 'vscode';
import type { AwsSource } from '../domain/ecr/awsSources';
import { formatImageUri, parseRepositoryName } from '../domain/ecr/ecrReference';
import type { PolicyFinding } from '../domain/ecr/policyLint';
import type { PushWizardState } from '../domain/ecr/pushWizardState';
import { isPolicyTemplateId, POLICY_TEMPLATES, policyFromTemplate, type PolicyTemplateId } from '../domain/ecr/repositoryPolicy';
import { ShorelineError } from '../domain/errors';
import type { EcrPushReport } from '../services/aws/ecrPushFlow';
import { accessFor, type AwsNode, type AwsTreeProvider } from '../views/aws/awsTree';
import type { PolicyDocuments } from '../views/aws/policyDocuments';
import { runPushWithProgress } from './ecrPush/runPush';
import { runPushWizard } from './ecrPush/pushWizard';
import type { ShorelineContext } from './shorelineContext';

/** A repository a command acts on: a row of the AWS view, or `{sourceId, region, repository}` (palette, links, tests). */
export type RepositoryTarget = AwsNode | { sourceId: string; region: string; repository: string };

const isNode = (t: unknown): t is AwsNode => !!t && typeof t === 'object' && 'kind' in t;

async function sourceById(tree: AwsTreeProvider, id: string): Promise<AwsSource> {
  const source = (await tree.loadSources()).find((s) => s.id === id);
  if (!source) throw new ShorelineError('ecr.unknownSource', `there is no AWS view row "${id}"`, `use one of ${tree.sources.map((s) => s.id).join(', ') || '(none)'}`);
  return source;
}

/** Where a row sits: source, region and (for repository-level rows) the repository. */
function prefill(node: AwsNode): PushWizardState {
  if (node.kind === 'message') return {};
  const base: PushWizardState = { sourceId: node.source.id, ...(node.kind !== 'source' ? { region: node.region } : {}) };
  if (node.source.kind === 'local') base.accountId = node.source.accountId;
  if (node.kind === 'repository' || node.kind === 'image' || node.kind === 'policy') Object.assign(base, { accountId: node.repository.registryId, repository: node.repository.name });
  return base;
}

/** AWS view commands. Every command also takes plain arguments so tests and links can run it without prompts. */
export function awsCommands(ctx: ShorelineContext, tree: AwsTreeProvider, policies: PolicyDocuments) {
  return {
    'shoreline.aws.refresh': () => tree.refresh(),
    /**
     * Push Image to ECR. Arguments: none (the wizard asks everything), a row of the AWS view (its source, region and
     * repository are filled in), or a PushWizardState with localImage (nothing is asked; missing optional fields default).
     */
    'shoreline.aws.pushImage': async (arg?: AwsNode | PushWizardState): Promise<EcrPushReport | undefined> => {
      const start = isNode(arg) ? prefill(arg) : { ...arg };
      const explicit = !isNode(arg) && !!arg?.localImage;
      const sources = await tree.loadSources();
      const picked = await runPushWizard(start, {
        sources,
        localImages: () => ctx.engine().listLocalImages(ctx.config().dockerHost),
        repositories: async (source, region, accountId) => {
          try { return await (await tree.api(source, region)).listRepositories(accountId); } catch (e) {
            ctx.log.warn(`push wizard: cannot list the repositories of ${accountId} (${region}): ${e instanceof Error ? e.message : String(e)}`);
            return undefined;
          }
        },
      });
      if (!picked) return undefined;
      const { state, source } = picked;
      const access = accessFor(source, state.region, { ...(state.profile ? { profile: state.profile } : {}), ...(state.roleArn ? { roleArn: state.roleArn } : {}), ...(state.externalId ? { externalId: state.externalId } : {}), ...(state.mfaSerial ? { mfaSerial: state.mfaSerial } : {}) });
      const policy = state.policyTemplate ? JSON.stringify(policyFromTemplate(state.policyTemplate, state.principalAccounts), null, 2) : undefined;
      const target = `${state.accountId}/${state.repository}:${state.tag} (${state.region})`;
      ctx.log.info(`push ${state.localImage} → ${target} as ${source.label}${state.roleArn ? ` assuming ${state.roleArn}` : ''}`);
      const report = await runPushWithProgress(`Shoreline: pushing ${state.localImage} to ${target}`, (l) => ctx.log.info(l), (hooks) =>
        ctx.engine().pushImageToEcr(ctx.config().dockerHost, access, {
          localImage: state.localImage, repository: state.repository, accountId: state.accountId, region: state.region, tag: state.tag, create: state.create,
          ...(source.registryHost ? { registryHostOverride: source.registryHost } : {}), ...(policy ? { policyForCreated: policy } : {}), ...hooks,
        }), { quiet: explicit });
      tree.refresh();
      return report;
    },
    /** Opens a repository's policy as JSON in an untitled editor with the linter's findings as diagnostics. */
    /**
     * A repository without a policy: offers to start one from a template (cross-account pull, or push and pull, for the
     * accounts asked; `start` gives both without asking), opened unsaved for Save Repository Policy.
     */
    'shoreline.aws.openPolicy': async (t?: RepositoryTarget, start?: { template: PolicyTemplateId; principalAccounts: string[] }): Promise<{ policy: string | null; findings: PolicyFinding[]; uri?: string } | undefined> => {
      let source: AwsSource; let region: string; let repository: string; let owner: string | undefined;
      if (isNode(t) && (t.kind === 'repository' || t.kind === 'policy' || t.kind === 'image')) {
        ({ source, region } = t); repository = t.repository.name; owner = t.repository.registryId;
      } else if (t && !isNode(t)) {
        source = await sourceById(tree, t.sourceId); region = t.region; repository = parseRepositoryName(t.repository);
        owner = source.accountId;
      } else {
        throw new ShorelineError('ecr.noRepository', 'Open Repository Policy needs a repository', 'run it from a repository in the AWS view');
      }
      const api = await tree.api(source, region);
      const text = await api.getPolicy(repository, owner);
      if (text === undefined) {
        if (start && !isPolicyTemplateId(String(start.template))) throw new ShorelineError('ecr.badTemplate', `policy template "${String(start.template)}" is not known`, `use one of ${POLICY_TEMPLATES.map((x) => x.id).join(', ')}`);
        const draft = start ?? await askPolicyTemplate(repository);
        if (!draft) return { policy: null, findings: [] };
        const { document, findings } = await policies.show(JSON.stringify(policyFromTemplate(draft.template, draft.principalAccounts), null, 2), owner ?? '', repository, { source, region });
        void vscode.window.showInformationMessage(`Shoreline: ${repository} had no repository policy; edit this draft and run "Save Repository Policy" to set it`);
        return { policy: null, findings, uri: document.uri.toString() };
      }
      let pretty = text;
      try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as is; the linter reports the JSON error */ }
      const { document, findings } = await policies.show(pretty, owner ?? '', repository, { source, region });
      return { policy: pretty, findings, uri: document.uri.toString() };
    },
    /**
     * Save Repository Policy: sends the policy document opened by Open Repository Policy (the active editor, or the
     * document at `arg.uri`) back to its repository. The linter runs first (its findings stay as diagnostics); errors
     * refuse the save, and a modal confirmation names the repository, account and region and any warnings.
     */
    'shoreline.aws.savePolicy': async (arg?: vscode.Uri | { uri?: string; confirmed?: boolean }): Promise<{ saved: boolean; findings: PolicyFinding[] } | undefined> => {
      const uri = arg instanceof vscode.Uri ? arg.toString() : arg?.uri;
      const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : vscode.window.activeTextEditor?.document;
      const origin = document ? policies.repositoryOf(document) : undefined;
      if (!document || !origin?.source || !origin.region) {
        throw new ShorelineError('ecr.noPolicyDocument', 'Save Repository Policy works on a policy opened from the AWS view',
          'open it with "Open Repository Policy" on a repository, edit it, then run Save Repository Policy with that editor active');
      }
      const text = document.getText();
      const findings = policies.lint(document);
      const where = `${origin.repository} (account ${origin.ownerAccountId}, ${origin.region})`;
      const errors = findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) {
        throw new ShorelineError('ecr.policyInvalid', `the policy of ${where} has ${errors.length} error(s), not saved: ${errors[0]!.message}`, errors[0]!.fix);
      }
      const warnings = findings.filter((f) => f.severity === 'warning');
      const detail = warnings.length
        ? `${warnings.length} warning(s) (see the Problems view):\n${warnings.map((f) => `• ${f.message}`).join('\n')}`
        : 'The policy linter found no problems.';
      const confirmed = !(arg instanceof vscode.Uri) && arg?.confirmed === true;
      const pick = confirmed ? 'Save Policy' : await vscode.window.showWarningMessage(`Replace the repository policy of ${where}?`, { modal: true, detail }, 'Save Policy');
      if (pick !== 'Save Policy') return { saved: false, findings };
      const api = await tree.api(origin.source, origin.region);
      await api.setPolicy(origin.repository, text, origin.ownerAccountId || undefined);
      ctx.log.info(`saved the repository policy of ${where}${warnings.length ? ` with ${warnings.length} warning(s)` : ''}`);
      void vscode.window.showInformationMessage(`Shoreline: saved the repository policy of ${where}`);
      tree.refresh();
      return { saved: true, findings };
    },
    /** Copies the ECR URI of an image row (or `{accountId, region, repository, tag}`). */
    'shoreline.aws.copyImageUri': async (t?: AwsNode | { accountId: string; region: string; repository: string; tag?: string }): Promise<string | undefined> => {
      let uri: string | undefined;
      if (isNode(t) && t.kind === 'image') {
        uri = formatImageUri({ accountId: t.repository.registryId, region: t.region, repository: t.repository.name, ...(t.image.tags[0] ? { tag: t.image.tags[0] } : { digest: t.image.digest }) });
      } else if (isNode(t) && t.kind === 'repository') {
        uri = formatImageUri({ accountId: t.repository.registryId, region: t.region, repository: t.repository.name });
      } else if (t && !isNode(t)) {
        uri = formatImageUri({ accountId: t.accountId, region: t.region, repository: t.repository, ...(t.tag ? { tag: t.tag } : {}) });
      }
      if (!uri) throw new ShorelineError('ecr.noImage', 'Copy Image URI needs an image or repository', 'run it from a row of the AWS view');
      await vscode.env.clipboard.writeText(uri);
      return uri;
    },
  };
}

/** Asks whether to start a policy for a repository that has none: which template, and for which accounts. */
async function askPolicyTemplate(repository: string): Promise<{ template: PolicyTemplateId; principalAccounts: string[] } | undefined> {
  const pick = await vscode.window.showQuickPick([
    ...POLICY_TEMPLATES.map((t) => ({ label: t.title, template: t.id as PolicyTemplateId | undefined })),
    { label: 'No policy', description: 'only the repository account\'s own IAM policies apply', template: undefined },
  ], { title: `${repository} has no repository policy`, placeHolder: 'Start one from a template?' });
  if (!pick?.template) return undefined;
  const accounts = await vscode.window.showInputBox({
    title: pick.label, prompt: 'Account IDs to grant (12 digits, comma-separated)', placeHolder: '999888777666',
    validateInput: (v) => { try { policyFromTemplate(pick.template!, v.split(',').map((a) => a.trim()).filter(Boolean)); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (!accounts) return undefined;
  return { template: pick.template, principalAccounts: accounts.split(',').map((a) => a.trim()).filter(Boolean) };
}
