// Bundles the extension host, the CLI, the VS Code test runner and the webviews with esbuild.
// Heavy clients (kafkajs, pg, mongodb, AWS SDK) are bundled but loaded lazily by the code that needs them.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// Optional native/peer modules that the clients require inside try/catch.
const optional = ['cpu-features', 'pg-native', 'kerberos', '@mongodb-js/zstd', 'snappy', 'mongodb-client-encryption',
  'gcp-metadata', 'socks', 'aws4', '@aws-sdk/credential-providers', 'bufferutil', 'utf-8-validate'];
// AWS's MSK IAM signer and the AWS credential chain it needs (~7 MB) are their own bundle, dist/mskIamSigner.js, loaded
// only when an MSK IAM cluster connects (src/services/kafka/kafkajsConfig.ts); the VSIX carries no node_modules.
const mskSigner = 'aws-msk-iam-sasl-signer-js';
// zstd-codec (Kafka zstd compression) carries an asm.js fallback for engines without WebAssembly, 5 MB once bundled;
// Node always has WebAssembly, so the fallback is replaced by a stub that says so.
const noAsmJsZstd = {
  name: 'no-asmjs-zstd',
  setup(b) {
    b.onResolve({ filter: /zstd-codec-binding\.js$/ }, () => ({ path: 'zstd-codec-asmjs', namespace: 'shoreline-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'shoreline-stub' }, () => ({ contents: 'module.exports = () => { throw new Error("zstd-codec: the asm.js fallback is not bundled (WebAssembly is required)"); };' }));
  },
};

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (p.endsWith('.test.ts') || p.endsWith('.ui.ts')) out.push(p);
  }
  return out;
}

const node = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production,
  external: ['vscode', '*.node', ...optional], logLevel: 'warning', legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose require('./impl/…') calls esbuild cannot follow: bundle its ESM build.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: [noAsmJsZstd],
};
mkdirSync('dist', { recursive: true });
const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { engine: 'src/services/engineBundle.ts' }, outdir: 'dist', external: [...node.external, mskSigner] },
  // Connector authoring (parser, validator catalog, form model, templates, SMT preview): loaded on first use.
  { ...node, entryPoints: { authoring: 'src/domain/connect/authoring.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, external: [...node.external, mskSigner] },
  { ...node, entryPoints: { mskIamSigner: mskSigner }, outdir: 'dist', external: ['vscode', '*.node', ...optional.filter((m) => m !== '@aws-sdk/credential-providers')] },
  // The VS Code test tier: runner + test files, compiled as separate modules mocha loads inside the extension host.
  { ...node, entryPoints: ['src/test/vscode/index.ts', ...testFiles('src/test/vscode')], outdir: 'out/test/vscode', bundle: false, external: undefined, alias: undefined, sourcemap: true },
  // UI checks (phase 2 of .ci/e2e/harness.js): run in the harness's Node process and drive the workbench.
  // index.js registers every *.ui.js (the harness takes one --ui module).
  { ...node, entryPoints: ['src/test/ui/index.ts', 'src/test/ui/uiContext.ts', 'src/test/ui/trustRefusals.ts', ...testFiles('src/test/ui')], outdir: 'out/test/ui', bundle: false, external: undefined, alias: undefined, sourcemap: true },
];
// Webviews (STYLE.md §3): webview/<panel>/<panel-in-kebab-case>.ts (the root custom element) becomes
// webview/dist/<panel>.js and webview/<panel>/<panel>.css becomes webview/dist/<panel>.css. Browser bundles, always
// minified and without maps: the VSIX ships webview/dist only.
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const webviewEntries = readdirSync('webview').filter((d) => d !== 'shared' && d !== 'dist' && statSync(join('webview', d)).isDirectory())
  .flatMap((d) => [join('webview', d, `${kebab(d)}.ts`), join('webview', d, `${d}.css`)].filter((f) => existsSync(f)).map((f) => ({ in: f, out: d })));
builds.push({
  bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, sourcemap: false, legalComments: 'none', logLevel: 'warning',
  entryPoints: webviewEntries, outdir: 'webview/dist', alias: node.alias,
});
/** dist/connector.schema.json (package.json jsonValidation for *.connector.json), generated from the offline catalog. */
async function writeConnectorSchema() {
  const out = await esbuild.build({ ...node, entryPoints: ['src/domain/connect/connectorJsonSchema.ts'], write: false, sourcemap: false, minify: false });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, () => { throw new Error('the schema module must be pure'); });
  writeFileSync('dist/connector.schema.json', JSON.stringify(mod.exports.buildConnectorJsonSchema(), null, 1));
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const t0 = Date.now();
  await Promise.all([...builds.map((b) => esbuild.build(b)), writeConnectorSchema()]);
  console.log(`[build] bundles written in ${Date.now() - t0} ms`);
}
