import { isAccountId } from './ecrReference';

/**
 * The AWS view's first level: where credentials come from. Profiles of the shared config and credentials files (as
 * the SDK's own loader parsed them), the environment's credentials, and local mode (the AWS emulator plus a local
 * registry), one row per emulated account so two accounts stay distinguishable.
 */
export type AwsSourceKind = 'profile' | 'environment' | 'local';

export interface AwsSource {
  /** stable id: profile:<name>, environment, local:<account> */
  id: string;
  kind: AwsSourceKind;
  label: string;
  /** how the credentials are obtained, e.g. "SSO", "role via base", "access keys" */
  description: string;
  profile?: string;
  /** regions to list; empty when neither the settings nor the profile name one */
  regions: string[];
  /** local mode: the emulator's ECR API endpoint */
  endpointUrl?: string;
  /** local mode: the registry host override (one host:port, or account=host:port,...) */
  registryHost?: string;
  /** local mode: the emulated account this row acts as */
  accountId?: string;
}

/** Sections as the SDK's loadSharedConfigFiles returns them (profile names without the "profile " prefix). */
export type IniSections = Record<string, Record<string, string | undefined> | undefined>;

export interface SharedConfigData { configFile: IniSections; credentialsFile: IniSections }

export interface AwsViewSettings {
  /** setting shoreline.aws.regions; empty: each profile's own region */
  regions?: string[];
  /** setting shoreline.aws.ecrEndpoint */
  ecrEndpoint?: string;
  /** setting shoreline.aws.registryHost */
  registryHost?: string;
  env: Record<string, string | undefined>;
}

/** moto's default account, used in local mode when the registry setting names no accounts. */
export const EMULATOR_DEFAULT_ACCOUNT = '123456789012';

// sections of other types (sso-session, services) come back as "<type>.<name>"
const NON_PROFILE_RE = /^(sso-session|services)\./;

/** How a profile gets its credentials, for the row's description. */
export function profileKind(config: Record<string, string | undefined> = {}, creds: Record<string, string | undefined> = {}): string {
  if (config.sso_session || config.sso_start_url) return 'SSO';
  if (config.role_arn) return config.source_profile ? `role via ${config.source_profile}` : config.credential_source ? `role via ${config.credential_source}` : 'role';
  if (config.web_identity_token_file) return 'web identity';
  if (config.credential_process || creds.credential_process) return 'credential process';
  if (creds.aws_access_key_id || config.aws_access_key_id) return creds.aws_session_token || config.aws_session_token ? 'session keys' : 'access keys';
  if (config.login_session) return 'console login';
  return 'settings only';
}

function regionList(settings: AwsViewSettings, own: string | undefined): string[] {
  const configured = (settings.regions ?? []).map((r) => r.trim()).filter(Boolean);
  if (configured.length) return [...new Set(configured)];
  return own ? [own] : [];
}

/** Accounts named by a per-account registry list ("A=host:port,B=host:port"), in order. */
export function localAccounts(registryHost: string | undefined): string[] {
  const v = registryHost?.trim();
  if (!v || !v.includes('=')) return [];
  return [...new Set(v.split(',').map((p) => p.split('=')[0]!.trim()).filter(isAccountId))];
}

/** The rows of the AWS view's first level, sorted: local mode, environment, then profiles by name. */
export function awsSources(files: SharedConfigData, settings: AwsViewSettings): AwsSource[] {
  const out: AwsSource[] = [];
  const env = settings.env;
  const envRegion = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
  const endpoint = settings.ecrEndpoint?.trim();
  const registry = settings.registryHost?.trim();
  if (endpoint || registry) {
    const accounts = localAccounts(registry);
    for (const accountId of accounts.length ? accounts : [EMULATOR_DEFAULT_ACCOUNT]) {
      out.push({
        id: `local:${accountId}`, kind: 'local', label: `local mode (emulator) · ${accountId}`,
        description: endpoint ?? 'shoreline.aws.ecrEndpoint is not set',
        regions: regionList(settings, envRegion ?? 'us-east-1'),
        ...(endpoint ? { endpointUrl: endpoint } : {}), ...(registry ? { registryHost: registry } : {}), accountId,
      });
    }
  }
  if (env.AWS_ACCESS_KEY_ID?.trim()) {
    out.push({ id: 'environment', kind: 'environment', label: 'environment credentials', description: env.AWS_SESSION_TOKEN ? 'AWS_ACCESS_KEY_ID + session token' : 'AWS_ACCESS_KEY_ID', regions: regionList(settings, envRegion) });
  }
  const names = new Set<string>();
  for (const k of Object.keys(files.configFile)) if (!NON_PROFILE_RE.test(k)) names.add(k);
  for (const k of Object.keys(files.credentialsFile)) names.add(k);
  for (const name of [...names].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)))) {
    const config = files.configFile[name] ?? {};
    const creds = files.credentialsFile[name] ?? {};
    const own = config.region?.trim() || creds.region?.trim() || undefined;
    out.push({ id: `profile:${name}`, kind: 'profile', label: name, description: profileKind(config, creds), profile: name, regions: regionList(settings, own ?? (name === 'default' ? envRegion : undefined)) });
  }
  return out;
}
