// For the web e2e suite and the web bench: a package of the extension with only its browser
// build, and a generated workspace of 10,001 files.
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


/** Files of the generated workspace: SPECS spec files of 10 requirements, and sources with a reference each. */
export const SPECS = 100;
export const SOURCES = 9_900;

/** Writes the generated workspace (10,001 files and reqtrace.yaml): a.ts first in the explorer, then docs/ and src/. */
export function writeLargeWorkspace(dir: string, sources = SOURCES): void {
  fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'a.ts'), '// The first file.\n// @impl REQ-0001\nexport const a = 1;\n');
  fs.writeFileSync(path.join(dir, 'reqtrace.yaml'), 'specs:\n  - "docs/**/*.md"\nneeds: [impl]\n');
  for (let s = 0; s < SPECS; s++) {
    const reqs = Array.from({ length: 10 }, (_, i) => `## REQ-${String(s * 10 + i + 1).padStart(4, '0')}: Requirement ${s * 10 + i + 1}\n\nThe system does thing ${s * 10 + i + 1}.\n`);
    fs.writeFileSync(path.join(dir, 'docs', `spec${String(s).padStart(3, '0')}.md`), `# Spec ${s}\n\n${reqs.join('\n')}`);
  }
  for (let f = 0; f < sources; f++) {
    const sub = path.join(dir, 'src', `m${String(f % 99).padStart(2, '0')}`);
    if (f < 99) fs.mkdirSync(sub, { recursive: true });
    const id = `REQ-${String((f % (SPECS * 10)) + 1).padStart(4, '0')}`;
    fs.writeFileSync(path.join(sub, `f${f}.ts`), `// @impl ${id}\nexport function f${f}(): number {\n  return ${f};\n}\n`);
  }
}
