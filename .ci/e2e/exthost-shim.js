/*
 * Loaded INSIDE the extension host (code-server's Node 24) as the extensionTestsPath of phase 1 (see harness.js).
 * Tees everything the extension host prints (console.* and process.stdout/stderr.write, e.g. mocha's reporter) into
 * E2E_EXTHOST_LOG, which the harness streams to its stdout, then runs the project's real runner E2E_TESTS_MODULE.
 * In the workbench, extension-host output is indistinguishable from the workbench's own INFO logging, hence the file.
 * Modules must use the global `console` at call time (mocha's reporters capture console.log when mocha is first loaded,
 * which happens after this shim, so they are covered).
 */
'use strict';
const fs = require('fs');
const util = require('util');

const LOG = process.env.E2E_EXTHOST_LOG;
const REAL = process.env.E2E_TESTS_MODULE;
let inTee = false, settled = false;
function tee(s) {
  if (!LOG || settled) return;   // after run() settles the host shuts down noisily; that is not test output
  try { fs.appendFileSync(LOG, s); } catch { /* best effort */ }
}
// The extension host makes console.log & co. non-configurable getters (its console forwarder ignores assignments),
// so the global console object itself is replaced by one that tees and then delegates to the forwarder.
const hostConsole = globalThis.console;
const teeConsole = Object.create(hostConsole);
for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  // defineProperty, not assignment: assignment would hit the inherited no-op setter
  Object.defineProperty(teeConsole, m, {
    configurable: true, writable: true, enumerable: true,
    value: function (...args) {
      tee(util.format(...args) + '\n');
      inTee = true;
      try { return hostConsole[m](...args); } finally { inTee = false; }
    },
  });
}
globalThis.console = teeConsole;
for (const stream of [process.stdout, process.stderr]) {
  const orig = stream.write;
  stream.write = function (chunk, ...rest) {
    if (!inTee) tee(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return orig.call(stream, chunk, ...rest);
  };
}

// VS Code calls run(testsPath, callback) and uses the returned promise if there is one, else the callback.
exports.run = async function run() {
  tee(`[shim] extension host: node ${process.version}, pid ${process.pid}; runner ${REAL}\n`);
  let mod;
  try {
    mod = require(REAL);
  } catch (e) {
    tee(`[shim] cannot load the test runner ${REAL}: ${e && e.stack || e}\n`);
    throw e;
  }
  const runner = typeof mod.run === 'function' ? mod.run : mod.default && typeof mod.default.run === 'function' ? mod.default.run : null;
  if (!runner) { const e = new Error(`${REAL} does not export run()`); tee(`[shim] ${e.message}\n`); throw e; }
  try {
    await new Promise((resolve, reject) => {
      const r = runner(REAL, (err, failures) => (err ? reject(err) : failures ? reject(new Error(`${failures} tests failed.`)) : resolve()));
      if (r && typeof r.then === 'function') r.then(resolve, reject);
    });
  } catch (e) {
    tee(`[shim] run() rejected: ${String(e && e.message || e).split('\n')[0]}\n`);
    settled = true;
    throw e;
  }
  tee('[shim] run() resolved\n');
  settled = true;
};
