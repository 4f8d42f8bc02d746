/**
 * What the extension package ships: exactly the bundles, the manifest, the grammar and the
 * documents (see .vscodeignore). `vsce ls` answers without building a package; a vsix left at
 * the root by `npm run package` is opened and held to the same list.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

const BUNDLES = ['client/dist/extension.js', 'server/dist/server.js', 'server/dist/cli.js', 'server/dist/recheck.js', 'server/dist/mcp.js'];
const SHIPPED = ['package.json', ...BUNDLES, 'syntaxes/reqtrace.injection.tmLanguage.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/** vsce renames the documents inside the package. */
const NAME_IN_VSIX: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };

/** Files under images/ may ship (a README picture, an icon), but only ones the repository has. */
function imagesInRepo(): string[] {
  const dir = path.join(ROOT, 'images');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Asserts that `files` is SHIPPED (names mapped by `rename`) plus only existing images/ files. */
function assertShipped(files: string[], rename: (file: string) => string, what: string): void {
  const images = new Set(imagesInRepo().map(rename));
  const expected = SHIPPED.map(rename);
  const extra = files.filter((f) => !expected.includes(f) && !images.has(f));
  assert.deepEqual(extra, [], `${what} holds files that must not ship`);
  assert.deepEqual(
    expected.filter((f) => !files.includes(f)),
    [],
    `${what} lacks files that must ship`,
  );
  assert.equal(new Set(files).size, files.length, `${what} lists a file twice`);
}

/** The entry names of a zip file, read from its central directory (no zip64: a vsix is small). */
function zipEntryNames(file: string): string[] {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  const names: string[] = [];
  for (let at = zip.readUInt32LE(eocd + 16), i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory entry ${i} of ${file}`);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe('extension package contents', () => {
  before(() => {
    const missing = BUNDLES.filter((f) => !fs.existsSync(path.join(ROOT, f)));
    assert.deepEqual(missing, [], 'the bundles are missing: run npm run build');
  });

  it('vsce lists exactly the bundles, the manifest, the grammar and the documents', () => {
    const out = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const files = out.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    assertShipped(files, (f) => f, '`vsce ls`');
  });

  it('the packaged vsix holds the same files under extension/', function () {
    const vsix = path.join(ROOT, `reqtrace-${pkg.version}.vsix`);
    if (!fs.existsSync(vsix)) {
      const others = fs.readdirSync(ROOT).filter((f) => /^reqtrace-.*\.vsix$/.test(f));
      const note = others.length > 0 ? ` (only ${others.join(', ')}, of another version)` : '';
      console.log(`      skipped: no ${path.basename(vsix)} at the repository root${note}; npm run package builds it`);
      this.skip();
    }
    const names = zipEntryNames(vsix).filter((n) => !n.endsWith('/'));
    const meta = ['extension.vsixmanifest', '[Content_Types].xml'];
    assert.deepEqual(
      meta.filter((m) => !names.includes(m)),
      [],
      `${path.basename(vsix)} lacks the package metadata`,
    );
    const files = names.filter((n) => !meta.includes(n));
    const outside = files.filter((n) => !n.startsWith('extension/'));
    assert.deepEqual(outside, [], `${path.basename(vsix)} holds files outside extension/`);
    assertShipped(
      files.map((n) => n.slice('extension/'.length)),
      (f) => NAME_IN_VSIX[f] ?? f,
      path.basename(vsix),
    );
  });
});
