import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Mocha runner loaded inside a real VS Code extension host (same contract as @vscode/test-electron's
 * extensionTestsPath). Writes {passes, failures} to E2E_RESULT_FILE for the harness.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passes = runner.stats?.passes ?? 0;
      if (process.env.E2E_RESULT_FILE) fs.writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify({ passes, failures }));
      if (failures > 0) reject(new Error(`${failures} tests failed.`)); else resolve();
    });
  });
}
