/**
 * The test runner VS Code loads in the extension host (`--extensionTestsPath`): runs every
 * bundled `*.test.js` next to this file with mocha, in name order. mocha stays external and is
 * required from the repository's node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, grep: process.env.REQTRACE_EXTENSION_TESTS_GREP });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension host test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
