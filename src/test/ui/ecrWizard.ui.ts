/**
 * UI checks of the ECR push wizard in local mode (phase 2 of .ci/e2e/harness.js): a real AWS emulator (moto) and a
 * real registry (Distribution) of this check's own, the AWS view pointed at them through the user settings, then
 * "Shoreline: Push Image to ECR…" answered step by step in its quick picks and input boxes as a user would, the pushed
 * tag seen in the AWS tree with the registry's digest, and an edited repository policy saved back with
 * "Shoreline: Save Repository Policy" (lint diagnostics first, then a modal confirmation). Everything it starts is
 * removed by its last check.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keepScreenshot, showShoreline, showShorelinePane, type Locator, type UiContext } from './uiContext';

const RUN = 'shoreline-test-ecrui';
const VENDOR = '111222333444';
const CUSTOMER = '999888777666';
const MOTO_PORT = 31466;
const REGISTRY_PORT = 31450;
const IMAGE = `${RUN}/rake-app:1.1.0`;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SETTINGS = ['shoreline.aws.ecrEndpoint', 'shoreline.aws.registryHost', 'shoreline.aws.regions'];

/** The seed's two-statement policy (src/test/fixtures/ecrPolicies.ts), on one line so the editor types it verbatim. */
const SEED_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowPushPull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:user/VendorDev` },
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'] },
    { Sid: 'AllowPull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CUSTOMER}:root` },
      Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'] },
  ],
});

function run(cmd: string, args: string[], timeout = 120_000): Promise<string> {
  return new Promise((resolve, reject) => execFile(cmd, args, { timeout, maxBuffer: 8 << 20 }, (err, stdout, stderr) =>
    (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).trim()}`)) : resolve(stdout.trim()))));
}
const docker = (...args: string[]) => run('docker', args);
const clean = (s: string | null): string => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
const ciImage = (name: string) => `shoreline-ci/${name}:${fs.readFileSync(path.join(REPO_ROOT, '.ci', 'images', name, 'tag'), 'utf8').trim()}`;

async function removeAll(): Promise<void> {
  await docker('rm', '-f', '-v', `${RUN}-moto`, `${RUN}-registry`).catch(() => undefined);
  await docker('network', 'rm', RUN).catch(() => undefined);
  await docker('rmi', IMAGE, `127.0.0.1:${REGISTRY_PORT}/rake-app:1.1.0`).catch(() => undefined);
}

/**
 * Changes user settings as a user does: "Preferences: Open User Settings (JSON)", the whole text replaced, saved
 * (code-server does not notice a settings file written behind its back). Returns once the file on disk has the change.
 */
async function updateUserSettings(ctx: UiContext, patch: Record<string, unknown>): Promise<void> {
  if (!ctx.userDataDir) throw new Error('the harness gave no userDataDir');
  const file = path.join(ctx.userDataDir, 'User', 'settings.json');
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) { if (v === undefined) delete current[k]; else current[k] = v; }
  await ctx.palette('Preferences: Open User Settings (JSON)');
  const editor = ctx.page.locator('.editor-instance .monaco-editor .view-lines').first();
  await editor.waitFor({ timeout: 20_000 });
  await editor.click();
  await ctx.page.keyboard.press('Control+A');
  await insertText(ctx, JSON.stringify(current));
  await ctx.page.keyboard.press('Control+S');
  const want = JSON.stringify(current);
  await ctx.waitFor(async () => { try { return JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) === want; } catch { return false; } }, 15_000, 'the saved user settings');
  await ctx.palette('View: Close Editor');
}

/** Replaces the focused editor's text; whatever the editor auto-closed after the cursor is deleted again. */
async function insertText(ctx: UiContext, text: string): Promise<void> {
  await (ctx.page.keyboard as unknown as { insertText(t: string): Promise<void> }).insertText(text);
  await ctx.page.keyboard.press('Control+Shift+End');
  await ctx.page.keyboard.press('Delete');
}

/** The quick input's current question: its placeholder and its message (an input box's prompt) and title. */
async function question(ctx: UiContext): Promise<string | undefined> {
  const widget = ctx.page.locator('.quick-input-widget');
  if (!(await widget.first().evaluate((e) => (e as HTMLElement).style.display !== 'none' && (e as HTMLElement).offsetParent !== null).catch(() => false))) return undefined;
  return widget.first().evaluate((e) => {
    const input = e.querySelector('input');
    const msg = e.querySelector('.quick-input-message');
    const title = e.querySelector('.quick-input-title');
    return `${title?.textContent ?? ''} | ${input?.getAttribute('placeholder') ?? ''} | ${msg?.textContent ?? ''}`;
  });
}

/** One answer of the wizard: the question it matches, and what to type (then Enter). */
interface Answer { when: RegExp; type: string }

export function register(ctx: UiContext): void {
  const input = (): Locator => ctx.page.locator('.quick-input-widget input').first();
  let digest = '';

  ctx.test('ECR local mode: an emulator and a registry of its own, the AWS view pointed at them', async () => {
    await removeAll();
    await docker('network', 'create', '--label', 'dev.shoreline.managed=true', '--label', `dev.shoreline.test-run=${RUN}`, RUN);
    const start = async (name: string, image: string, host: number, port: number) => {
      await docker('run', '-d', '--name', `${RUN}-${name}`, '--network', RUN, '--label', 'dev.shoreline.managed=true', '--label', `dev.shoreline.test-run=${RUN}`,
        '-p', `127.0.0.1:${host}:${port}`, image);
      await ctx.waitFor(async () => (await docker('inspect', '-f', '{{.State.Health.Status}}', `${RUN}-${name}`).catch(() => '')) === 'healthy', 90_000, `${name} healthy`);
    };
    await Promise.all([start('moto', ciImage('moto'), MOTO_PORT, 4566), start('registry', ciImage('registry'), REGISTRY_PORT, 5000)]);
    await docker('tag', ciImage('registry'), IMAGE);
    await updateUserSettings(ctx, {
      'shoreline.aws.ecrEndpoint': `http://127.0.0.1:${MOTO_PORT}`,
      'shoreline.aws.registryHost': `${VENDOR}=127.0.0.1:${REGISTRY_PORT}`,
      'shoreline.aws.regions': ['us-east-2'],
    });
    await showShorelinePane(ctx, 'AWS');
    // the refresh picks up the settings; the local row shows the emulated vendor account
    await ctx.waitFor(async () => {
      await ctx.palette('Shoreline: Refresh AWS View').catch(() => undefined);
      return (await ctx.page.locator('[id="workbench.parts.sidebar"] .monaco-list-row', { hasText: `local mode (emulator) · ${VENDOR}` }).count()) > 0;
    }, 30_000, 'the local mode row in the AWS view');
  }, { timeout: 150_000 });

  ctx.test('"Push Image to ECR…" answered step by step creates rake-app with a pull policy and pushes 1.1.0', async () => {
    const answers: Answer[] = [
      { when: /Local image to push/, type: IMAGE },
      { when: /AWS profile, environment credentials or local mode/, type: VENDOR },
      { when: /Target region/, type: 'us-east-2' },
      { when: /Repository in account/, type: 'Create a new repository' },
      { when: /New repository in account/, type: 'rake-app' },
      { when: /Cross-account access to the new repository/, type: 'Let account X pull' },
      { when: /Account\(s\) to grant/, type: CUSTOMER },
      { when: /Credentials for the push/, type: 'the emulator' },
      { when: /Tag in /, type: '1.1.0' },
    ];
    await ctx.palette('Shoreline: Push Image to ECR…');
    const asked: string[] = [];
    let previous = '';
    const end = Date.now() + 90_000;
    for (;;) {
      const q = await question(ctx);
      if (q === undefined) {
        // closed: the wizard is done once the last step was answered
        if (asked.some((a) => /Tag in /.test(a))) break;
      } else if (q !== previous) {
        const answer = answers.find((a) => a.when.test(q));
        if (!answer) throw new Error(`the wizard asked something unexpected: "${q}" (answered so far: ${asked.join(' / ')})`);
        await input().fill(answer.type);
        // a quick pick filters as it is typed into; give it a moment before Enter takes the active row
        await new Promise((r) => setTimeout(r, 400));
        await input().press('Enter');
        asked.push(q);
        previous = q;
      }
      if (Date.now() > end) throw new Error(`the wizard did not finish; answered: ${asked.join(' / ')}; now: ${q ?? '(closed)'}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    ctx.log(`wizard steps: ${asked.length}`);
    const toast = await ctx.toast(`pushed ${VENDOR}.dkr.ecr.us-east-2.amazonaws.com/rake-app:1.1.0`, { timeout: 120_000 });
    const text = clean(await toast.textContent());
    const res = await fetch(`http://127.0.0.1:${REGISTRY_PORT}/v2/rake-app/manifests/1.1.0`, {
      method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' } });
    digest = res.headers.get('docker-content-digest') ?? '';
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new Error(`the registry serves no rake-app:1.1.0 (HTTP ${res.status})`);
    if (!text.includes(digest)) throw new Error(`the result says "${text}", the registry's digest is ${digest}`);
  }, { timeout: 240_000 });

  ctx.test('the AWS tree shows rake-app with tag 1.1.0 and the registry\'s digest', async () => {
    if (!digest) throw new Error('nothing was pushed');
    await showShoreline(ctx);
    const row = (t: string) => ctx.page.locator('[id="workbench.parts.sidebar"] .monaco-list-row', { hasText: t }).first();
    const expand = async (l: Locator) => { if ((await l.evaluate((e) => e.getAttribute('aria-expanded'))) !== 'true') await l.click(); };
    await ctx.waitFor(async () => {
      if ((await row('us-east-2').count()) > 0) return true;
      await ctx.palette('Shoreline: Refresh AWS View').catch(() => undefined);
      return false;
    }, 30_000, 'the region row');
    await expand(row('us-east-2'));
    await row('rake-app').waitFor({ timeout: 30_000 });
    await expand(row('rake-app'));
    const tag = ctx.page.locator('[id="workbench.parts.sidebar"] .monaco-list-row', { hasText: /^\s*1\.1\.0/ }).first();
    await tag.waitFor({ timeout: 30_000 });
    const text = clean(await tag.textContent());
    const short = digest.replace('sha256:', '').slice(0, 12);
    if (!text.includes(short)) throw new Error(`the tag row says "${text}", expected digest ${short}`);
    await row('Repository policy').waitFor({ timeout: 10_000 });
    await keepScreenshot(ctx, 'ecr-wizard-tag');
  }, { timeout: 90_000 });

  ctx.test('"Save Repository Policy" lints the edited policy, asks in a modal, and the emulator returns both statements', async () => {
    await ctx.page.locator('[id="workbench.parts.sidebar"] .monaco-list-row', { hasText: 'Repository policy' }).first().click();
    const editor = ctx.page.locator('.editor-instance .monaco-editor .view-lines').first();
    await ctx.waitFor(async () => /AllowCrossAccountPull/.test(clean(await editor.textContent().catch(() => ''))), 30_000, 'the policy in an editor');
    await editor.click();
    await ctx.page.keyboard.press('Control+A');
    await insertText(ctx, SEED_POLICY);
    // diagnostics first: the linter marks ecr:GetAuthorizationToken (it has no effect in a repository policy)
    await ctx.page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor({ timeout: 20_000 });
    await ctx.palette('Shoreline: Save Repository Policy');
    const dialog = ctx.page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ timeout: 15_000 });
    const asked = clean(await dialog.textContent());
    if (!asked.includes(`rake-app (account ${VENDOR}, us-east-2)`) || !/GetAuthorizationToken/.test(asked)) throw new Error(`the confirmation says "${asked}"`);
    await ctx.screenshot('ecr-save-policy-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Save Policy' }).first().click();
    await ctx.toast('saved the repository policy of rake-app', { timeout: 30_000 });
    const out = await run(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'ecr', 'policy', 'get', 'rake-app',
      '--account', VENDOR, '--region', 'us-east-2', '--endpoint-url', `http://127.0.0.1:${MOTO_PORT}`, '--json']);
    const got = JSON.parse(out) as { policy: { Statement: Array<{ Sid: string }> }; findings: Array<{ code: string; action?: string }> };
    const sids = got.policy.Statement.map((s) => s.Sid).join(',');
    if (sids !== 'AllowPushPull,AllowPull') throw new Error(`the emulator holds statements ${sids}`);
    if (!got.findings.some((f) => f.code === 'noEffectAction' && f.action === 'ecr:GetAuthorizationToken')) throw new Error(`lint of the saved policy: ${JSON.stringify(got.findings)}`);
  }, { timeout: 120_000 });

  ctx.test('the ECR wizard check leaves no container, network or setting behind', async () => {
    // the edited policy is an untitled editor: revert it so closing asks nothing
    await ctx.palette('View: Revert and Close Editor').catch(() => undefined);
    await updateUserSettings(ctx, Object.fromEntries(SETTINGS.map((k) => [k, undefined]))).catch((e: unknown) => ctx.log(`settings not restored: ${String(e)}`));
    await removeAll();
    const left = await docker('ps', '-a', '--filter', `label=dev.shoreline.test-run=${RUN}`, '--format', '{{.Names}}');
    if (left) throw new Error(`left behind: ${left}`);
  }, { timeout: 60_000 });
}
