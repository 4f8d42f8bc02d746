/**
 * What the extension package ships: exactly the bundles, the manifest, the grammar, the icon and
 * the documents (see .vscodeignore). `vsce ls` answers without building a package; a vsix left at
 * the root by `npm run package` is opened and held to the same list, and its README must show its
 * images on the Marketplace and Open VSX, which load them only from absolute URLs.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '../..');
const VSCE = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; icon: string; repository: { url: string } };

const BUNDLES = ['client/dist/extension.js', 'server/dist/server.js', 'server/dist/cli.js', 'server/dist/recheck.js', 'server/dist/mcp.js', 'client/dist/browser/extension.js', 'server/dist/browser/server.js'];
const SHIPPED = ['package.json', ...BUNDLES, 'syntaxes/reqtrace.injection.tmLanguage.json', 'images/icon.png', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/** vsce renames the documents inside the package. */
const NAME_IN_VSIX: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };

/** Asserts that `files` is exactly SHIPPED (names mapped by `rename`). */
function assertShipped(files: string[], rename: (file: string) => string, what: string): void {
  const expected = SHIPPED.map(rename);
  assert.deepEqual(
    files.filter((f) => !expected.includes(f)),
    [],
    `${what} holds files that must not ship`,
  );
  assert.deepEqual(
    expected.filter((f) => !files.includes(f)),
    [],
    `${what} lacks files that must ship`,
  );
  assert.equal(new Set(files).size, files.length, `${what} lists a file twice`);
}

interface ZipEntry {
  name: string;
  /** The entry's bytes, uncompressed. */
  read(): Buffer;
}

/** The entries of a zip file, from its central directory (no zip64: a vsix is small). */
function zipEntries(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  const entries: ZipEntry[] = [];
  for (let at = zip.readUInt32LE(eocd + 16), i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory entry ${i} of ${file}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      read: () => {
        assert.equal(zip.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressedSize);
        assert.ok(method === 0 || method === 8, `${name}: compression method ${method}`);
        return method === 8 ? zlib.inflateRawSync(data) : data;
      },
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('extension package contents', () => {
  before(() => {
    const missing = BUNDLES.filter((f) => !fs.existsSync(path.join(ROOT, f)));
    assert.deepEqual(missing, [], 'the bundles are missing: run npm run build');
  });

  it('vsce lists exactly the bundles, the manifest, the grammar, the icon and the documents', () => {
    const out = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const files = out.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    assertShipped(files, (f) => f, '`vsce ls`');
  });

  /** The vsix `npm run package` left at the root; skips the test when there is none. */
  function packagedVsix(test: Mocha.Context): string {
    const vsix = path.join(ROOT, `reqtrace-${pkg.version}.vsix`);
    if (!fs.existsSync(vsix)) {
      const others = fs.readdirSync(ROOT).filter((f) => /^reqtrace-.*\.vsix$/.test(f));
      const note = others.length > 0 ? ` (only ${others.join(', ')}, of another version)` : '';
      console.log(`      skipped: no ${path.basename(vsix)} at the repository root${note}; npm run package builds it`);
      test.skip();
    }
    return vsix;
  }

  it('the icon is a 128x128 PNG, and the manifest links the repository', () => {
    const png = fs.readFileSync(path.join(ROOT, pkg.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG', `${pkg.icon} is not a PNG (the Marketplace refuses SVG icons)`);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], `${pkg.icon}: width and height`);
    assert.match(pkg.repository.url, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  });

  it('the packaged vsix holds the same files under extension/', function () {
    const vsix = packagedVsix(this);
    const names = zipEntries(vsix)
      .map((e) => e.name)
      .filter((n) => !n.endsWith('/'));
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

  it("the packaged README's images are absolute URLs on the repository", function () {
    const vsix = packagedVsix(this);
    const readme = zipEntries(vsix)
      .find((e) => e.name === 'extension/readme.md')!
      .read()
      .toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    const inRepo = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').match(/!\[[^\]]*\]\(/g) ?? [];
    assert.equal(images.length, inRepo.length, 'the packaged README has other images than the repository one');
    assert.ok(images.length >= 3, 'the screenshots are gone from the README');
    const base = `${pkg.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;
    for (const src of images) {
      assert.ok(src.startsWith(base), `${src} is not on ${base}`);
      assert.ok(fs.existsSync(path.join(ROOT, src.slice(base.length))), `${src}: no such file in the repository`);
    }
  });
});
