import type { AwsSource } from '../../domain/ecr/awsSources';
import { checkPushState, type PushWizardState, type ValidPushState } from '../../domain/ecr/pushWizardState';
import { ShorelineError } from '../../domain/errors';
import type { RepositoryInfo } from '../../services/aws/ecrApi';
import type { LocalImage } from '../../services/aws/ecrWorkbench';
import { pickCredentials } from './pickCredentials';
import { pickLocalImage } from './pickLocalImage';
import { pickAccount, pickRegion, pickRepository, pickSource } from './pickTarget';
import { pickTag } from './pickTag';

/** What the wizard reads from the outside world; the command passes the real ones, tests may pass fakes. */
export interface PushWizardIo {
  sources: AwsSource[];
  localImages(): Promise<LocalImage[]>;
  /** repositories of the target account, or undefined when they cannot be listed (the name is then typed in) */
  repositories(source: AwsSource, region: string, accountId: string): Promise<RepositoryInfo[] | undefined>;
}

/**
 * Push Image to ECR: local image → source, region, account, repository (or create, with a cross-account policy
 * template) → credentials → tag. Only the fields missing from `start` are asked for; with complete explicit
 * arguments no prompt appears. Returns undefined when the user backs out; throws when the answers break a rule.
 */
export async function runPushWizard(start: PushWizardState, io: PushWizardIo): Promise<{ state: ValidPushState; source: AwsSource } | undefined> {
  const s: PushWizardState = { ...start };
  if (s.sourceId && !io.sources.some((x) => x.id === s.sourceId)) {
    throw new ShorelineError('ecr.unknownSource', `there is no AWS view row "${s.sourceId}"`, `use one of ${io.sources.map((x) => x.id).join(', ') || '(none: add a profile or local mode settings)'}`);
  }
  if (io.sources.length === 0) throw new ShorelineError('ecr.noSources', 'no AWS profiles, environment credentials or local mode settings', 'add a profile to ~/.aws/config or set shoreline.aws.ecrEndpoint and shoreline.aws.registryHost');
  s.localImage ??= await pickLocalImage(await io.localImages(), '1/5');
  if (!s.localImage) return undefined;
  const source = s.sourceId ? io.sources.find((x) => x.id === s.sourceId) : await pickSource(io.sources, '2/5');
  if (!source) return undefined;
  s.sourceId = source.id;
  s.region ??= await pickRegion(source, '2/5');
  if (!s.region) return undefined;
  s.accountId ??= await pickAccount(source, '2/5');
  if (!s.accountId) return undefined;
  if (!s.repository) {
    const repo = await pickRepository(await io.repositories(source, s.region, s.accountId), s.accountId, '2/5');
    if (!repo) return undefined;
    Object.assign(s, repo);
  }
  if (start.profile === undefined && start.roleArn === undefined && !start.localImage) {
    const creds = await pickCredentials(source, io.sources.filter((x) => x.kind === 'profile').map((x) => x.profile!), s.accountId, '3/5');
    if (!creds) return undefined;
    Object.assign(s, creds);
  }
  if (!s.tag && !start.localImage) {
    s.tag = await pickTag(s.localImage, `${s.accountId}/${s.repository}`, '4/5');
    if (!s.tag) return undefined;
  }
  const checked = checkPushState(s);
  if (!checked.ok) {
    throw new ShorelineError('ecr.badPushRequest', `cannot push: ${checked.problems[0]}`, checked.problems.length > 1 ? `also: ${checked.problems.slice(1).join('; ')}` : 'fix the value and run the command again');
  }
  return { state: checked.value, source };
}
