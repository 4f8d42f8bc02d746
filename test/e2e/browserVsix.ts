// A package of the extension with only its browser build, for the web e2e suite and the web bench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeVsix } from './vsix';

const ROOT = path.resolve(__dirname, '..', '..');

/** The files of the browser-only package: the browser bundles, the grammar and the icon. */
const BROWSER_FILES = ['client/dist/browser/extension.js', 'server/dist/browser/server.js', 'syntaxes/reqtrace.injection.tmLanguage.json', 'images/icon.png'];

/**
 * A .vsix of the extension without `main`: code-server can only run it in the web-worker
 * extension host, where a Node built-in or a Node server would fail.
 */
export function browserOnlyVsix(dir: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete pkg.main;
  delete pkg.bin;
  delete pkg.scripts;
  delete pkg.dependencies;
  delete pkg.devDependencies;
  assert.equal(pkg.browser, './client/dist/browser/extension.js');
  const files: Record<string, Buffer> = {};
  for (const f of BROWSER_FILES) {
    const file = path.join(ROOT, f);
    assert.ok(fs.existsSync(file), `${f} is missing: run \`npm run build\` first`);
    files[f] = fs.readFileSync(file);
  }
  return writeVsix(path.join(dir, 'reqtrace-browser.vsix'), { packageJson: pkg, files });
}

