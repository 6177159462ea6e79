#!/usr/bin/env node
// Runs the extension-host suite (out/test/vscode) in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code. On the project's offline machines the code-server harness
// (harness.js) runs the same suite.
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '..', '..');
runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
}).catch((e) => {
  console.error(`VS Code tests failed: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
