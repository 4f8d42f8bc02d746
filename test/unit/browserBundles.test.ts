/**
 * The browser bundles (esbuild.mjs `browserBuilds`) run in web workers, where no Node built-in
 * module exists: they are built here, in memory, and must name none (`require("fs")`,
 * `require("node:path")`, an `import` of one), and the server bundle must carry none of the
 * Node-only packages (chokidar, recheck) nor any file of server/src/node/ (the Node side of the
 * core's interfaces) or server/src/git/, the client not the Node client, and neither stubs a module
 * out. Also: the extension manifest points at them.
 */
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { gzipSync } from '../../server/src/browser/shims/zlib';

const ROOT = path.resolve(__dirname, '../..');

interface Built {
  text: string;
  inputs: string[];
}

async function buildAll(): Promise<Map<string, Built>> {
  // esbuild.mjs is an ES module; tsx loads it through a dynamic import.
  const config = (await import(path.join(ROOT, 'esbuild.mjs'))) as {
    browserCommon: esbuild.BuildOptions;
    browserBuilds: esbuild.BuildOptions[];
  };
  const out = new Map<string, Built>();
  for (const b of config.browserBuilds) {
    const result = await esbuild.build({ ...config.browserCommon, ...b, write: false, sourcemap: false, minify: false, metafile: true, logLevel: 'silent' });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    assert.ok(js, `no output for ${b.outfile}`);
    out.set(b.outfile as string, { text: js.text, inputs: Object.keys(result.metafile.inputs) });
  }
  return out;
}

/** Every way a bundle can name a Node built-in: require("x"), import "x", from "x", import("x"). */
function builtinReferences(text: string): string[] {
  const names = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:require\(|import\(|\bfrom\s*|\bimport\s*)\s*["']([^"']+)["']/g)) if (names.has(m[1])) found.add(m[1]);
  return [...found].sort();
}

describe('browser bundles', function () {
  this.timeout(60_000);
  let built: Map<string, Built>;

  before(async () => {
    built = await buildAll();
  });

  it('are the client (CommonJS, vscode external) and the server (a worker script)', () => {
    assert.deepEqual([...built.keys()].sort(), ['client/dist/browser/extension.js', 'server/dist/browser/server.js']);
  });

  it('name no Node built-in module', () => {
    for (const [file, { text }] of built) assert.deepEqual(builtinReferences(text), [], `${file} names Node built-ins`);
  });

  it('the check finds a Node built-in when one is there', () => {
    assert.deepEqual(builtinReferences('var fs = require("fs"); import("node:path"); import x from "worker_threads";'), ['fs', 'node:path', 'worker_threads']);
  });

  it('the server bundle leaves the Node-only packages out', () => {
    const { inputs, text } = built.get('server/dist/browser/server.js')!;
    for (const pkg of ['chokidar', 'recheck', 'vscode-languageserver/lib/node', 'vscode-jsonrpc/lib/node']) {
      assert.ok(!inputs.some((i) => i.includes(`node_modules/${pkg}/`)), `${pkg} is in the server bundle`);
    }
    assert.ok(inputs.some((i) => i.includes('vscode-languageserver/lib/browser/')), 'the server uses vscode-languageserver/browser');
    // The client's only external: the editor's API.
    assert.doesNotMatch(text, /require\("vscode"\)/);
    assert.match(built.get('client/dist/browser/extension.js')!.text, /require\("vscode"\)/);
  });

  it('the server bundle holds no file of server/src/node/ nor of server/src/git/', () => {
    const { inputs } = built.get('server/dist/browser/server.js')!;
    assert.deepEqual(
      inputs.filter((i) => i.startsWith('server/src/node/') || i.startsWith('server/src/git/')),
      [],
      'Node-only files in the browser server',
    );
    assert.ok(inputs.some((i) => i.startsWith('server/src/core/engine/')), 'the check looks at the right paths');
    assert.ok(inputs.some((i) => i.startsWith('server/src/lsp/suspects')), 'the check looks at the right paths');
  });

  it('the client bundle holds no Node client (client/src/nodeClient.ts)', () => {
    const { inputs } = built.get('client/dist/browser/extension.js')!;
    assert.ok(!inputs.includes('client/src/nodeClient.ts'), 'the Node client is in the browser client');
    assert.ok(inputs.includes('client/src/activation.ts'), 'the check looks at the right paths');
  });

  it('neither bundle swaps a module for a stand-in of nothing', () => {
    // Every input is a real file: a plugin's namespace (`ns:name`, as the empty module of Node-only
    // imports once was) or a package's `browser: {"fs": false}` (esbuild's `(disabled):`) would
    // mean code that runs in the bundle but fails when called.
    for (const [file, { inputs }] of built) {
      assert.deepEqual(
        inputs.filter((i) => /^\(disabled\)|^[\w-]+:/.test(i)),
        [],
        `${file} stubs modules out`,
      );
    }
  });

  it('the server bundle carries the HTML report page script as text, not esbuild to build it', () => {
    const { inputs } = built.get('server/dist/browser/server.js')!;
    assert.ok(!inputs.some((i) => i.includes('node_modules/esbuild/')), 'esbuild is in the server bundle');
    assert.ok(inputs.some((i) => i.includes('node_modules/fflate/')), 'the zlib shim (fflate) is not in the server bundle');
  });

  it('the zlib shim gzips as Node does: Node gunzip reads it back', () => {
    const text = `{"ids":["AUTH-001"],"title":"Anmeldung — ✓"}`.repeat(2000);
    const packed = gzipSync(text);
    assert.ok(Buffer.isBuffer(packed) && packed.length < text.length / 10);
    assert.equal(zlib.gunzipSync(packed).toString('utf8'), text);
  });

  it('package.json points `browser` at the client bundle, and .vscodeignore ships both', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { browser?: string; main?: string };
    assert.equal(pkg.browser, './client/dist/browser/extension.js');
    assert.equal(pkg.main, './client/dist/extension.js');
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const f of ['!client/dist/browser/extension.js', '!server/dist/browser/server.js']) assert.ok(ignore.includes(f), f);
  });
});
