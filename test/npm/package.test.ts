/**
 * The npm package `reqtrace` as a user gets it: `npm run pack:npm` packs it, the tarball is
 * installed into an empty folder without the network, and both commands run from
 * node_modules/.bin — `reqtrace check` on a copy of the demo, and `reqtrace-language-server`
 * answering `initialize` and a hover over stdio.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../lsp/lspClient';
import { packNpm, ROOT } from './tarball';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const DEMO = path.join(ROOT, 'test-fixtures', 'demo');
const BUNDLES = ['server/dist/cli.js', 'server/dist/server.js', 'server/dist/recheck.js', 'server/dist/reqtrace-language-server.js', 'server/dist/mcp.js'];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin: Record<string, string>;
  dependencies?: object;
  optionalDependencies?: object;
  peerDependencies?: object;
  scripts?: object;
  repository?: { url: string };
}

describe('npm package', function () {
  this.timeout(60000);
  let tarball: string;
  let packOutput: string;
  let dir: string;
  let bin: (name: string) => string;

  before(function () {
    ({ tarball, stdout: packOutput } = packNpm());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-npm-'));
    // A package.json of its own, so that npm installs here and not into a project above.
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "reqtrace-npm-test", "private": true }\n');
    // --offline: the package has no dependencies left to fetch, so nothing may need the network.
    const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, `npm install of the tarball failed:\n${r.stdout}\n${r.stderr}`);
    bin = (name) => path.join(dir, 'node_modules', '.bin', name);
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const installed = (): Manifest => JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'reqtrace', 'package.json'), 'utf8')) as Manifest;

  it('npm run pack:npm prints the path of reqtrace-VERSION.tgz as its last line', () => {
    assert.equal(path.basename(tarball), `reqtrace-${pkg.version}.tgz`);
    assert.match(packOutput, new RegExp(`reqtrace@${pkg.version.replace(/\./g, '\\.')}: 9 files`));
  });

  it('holds only the bundles, the README, LICENSE, CHANGELOG and its package.json', () => {
    const r = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').filter((l) => l && !l.endsWith('/')).sort();
    const expected = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...BUNDLES].map((f) => `package/${f}`).sort();
    assert.deepEqual(files, expected);
  });

  it('declares both commands and nothing to install with it', () => {
    const m = installed();
    assert.equal(m.name, 'reqtrace');
    assert.equal(m.version, pkg.version);
    assert.notEqual(m.private, true);
    assert.deepEqual(m.bin, { reqtrace: 'server/dist/cli.js', 'reqtrace-language-server': 'server/dist/reqtrace-language-server.js' });
    assert.equal(m.dependencies, undefined);
    assert.equal(m.optionalDependencies, undefined);
    assert.equal(m.peerDependencies, undefined);
    assert.equal(m.scripts, undefined, 'install scripts would run on every user machine');
    assert.match(m.repository?.url ?? '', /^https:\/\/github\.com\//);
    const tree = fs.readdirSync(path.join(dir, 'node_modules')).filter((e) => !e.startsWith('.'));
    assert.deepEqual(tree, ['reqtrace'], 'installing the package brought other packages');
  });

  it("the README's images and links are absolute URLs, as npmjs.com needs", () => {
    const readme = fs.readFileSync(path.join(dir, 'node_modules', 'reqtrace', 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 3, `expected the README's screenshots, found ${images.length} images`);
    for (const src of images) assert.match(src, /^https:\/\/github\.com\/[^/]+\/[^/]+\/raw\/HEAD\/docs\/images\/[\w-]+\.png$/);
    const links = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(
      links.filter((href) => !/^(https:\/\/|#)/.test(href)),
      [],
      'relative links, which npmjs.com cannot follow',
    );
    assert.ok(links.some((href) => /\/blob\/HEAD\/docs\/release\.md$/.test(href)), 'the link to docs/release.md');
  });

  it('reqtrace check on a copy of the demo reports its diagnostics and exits 1', () => {
    const demo = path.join(dir, 'demo');
    fs.cpSync(DEMO, demo, { recursive: true });
    const expected = JSON.parse(fs.readFileSync(path.join(DEMO, 'expected.json'), 'utf8')) as { exitCode: number; diagnostics: string[] };
    const r = spawnSync(bin('reqtrace'), ['check', 'demo', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, expected.exitCode, r.stderr);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; code: string }> };
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
      expected.diagnostics,
    );
    const version = spawnSync(bin('reqtrace'), ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout.trim(), pkg.version);
  });

  it('reqtrace-language-server without a transport prints how to call it and exits 2', () => {
    const r = spawnSync(bin('reqtrace-language-server'), [], { encoding: 'utf8', input: '' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^reqtrace-language-server: no transport given\nusage: reqtrace-language-server --stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\n$/);
    const bad = spawnSync(bin('reqtrace-language-server'), ['--socket=http'], { encoding: 'utf8', input: '' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--socket needs a port number/);
    assert.doesNotMatch(r.stderr + bad.stderr, /\n\s+at /, 'a stack trace');
    assert.equal(spawnSync(bin('reqtrace-language-server'), ['--version'], { encoding: 'utf8' }).stdout.trim(), pkg.version);
  });

  it('reqtrace-language-server --stdio answers initialize and a hover', async () => {
    const client = await LspTestClient.start({ fixtures: ['demo'], server: { command: bin('reqtrace-language-server'), args: ['--stdio'] } });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'reqtrace');
      assert.ok(client.initializeResult.capabilities.hoverProvider);
      const uri = client.uri('src/auth/login.ts');
      const at = client.rangeOf('src/auth/login.ts', 'AUTH-001').start;
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 2 } });
      assert.ok(hover, 'no hover on AUTH-001');
      assert.match((hover.contents as MarkupContent).value, /Users can log in with email and password/);
    } finally {
      await client.dispose();
    }
  });
});
