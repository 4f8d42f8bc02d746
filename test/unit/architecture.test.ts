/**
 * The architecture's invariants, read off the sources' imports: no import
 * circles (type-only imports included), the core's folders import only
 * downwards, the core imports no front and nothing of Node (it runs in a web
 * worker too), the fronts reach the core only through its public surface
 * (core/index.ts), and the browser entries never reach the Node-only code (server/src/node/,
 * git, the Node client).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const core = path.join(root, 'server/src/core');
/** What only Node has (NodeHost, worker threads, the index cache file, recheck): the Node fronts give it to the core through its interfaces. */
const nodeOnly = path.join(root, 'server/src/node');

/** The core's layers, lowest first: a file may import its own layer and the ones before it. */
const LAYERS = ['', 'parse', 'dialects', 'workspace', 'index', 'check', 'engine', 'compare', 'surface'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base + '.ts', path.join(base, 'index.ts'), base]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return undefined;
}

/** Every module a file names in an import, an export-from, an `import type` or a dynamic import. */
function imports(file: string): { resolved: string[]; packages: string[] } {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const resolved: string[] = [];
  const packages: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (fileName.startsWith('.')) {
      const r = resolveRelative(file, fileName);
      assert.ok(r, `${path.relative(root, file)} imports '${fileName}', which does not resolve`);
      resolved.push(r);
    } else packages.push(fileName);
  }
  return { resolved, packages };
}

function layerOf(file: string): number {
  const rel = path.relative(core, file);
  if (rel === 'index.ts') return LAYERS.indexOf('surface');
  const folder = rel.includes(path.sep) ? rel.split(path.sep)[0] : '';
  const layer = LAYERS.indexOf(folder);
  assert.ok(layer >= 0, `core/${rel} is in a folder with no layer: add it to LAYERS and to the README's Layout`);
  return layer;
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Node's globals: used as values (not as a property name or a key), they tie a file to Node. */
const NODE_GLOBALS = new Set(['require', '__dirname', '__filename', 'process', 'Buffer']);

/** Every Node built-in a file (named `file` in the findings) imports and every Node global it uses, as `file imports x` / `file:line uses x`. */
function nodeUses(file: string, text: string, packages: string[]): string[] {
  const out = packages.filter((p) => NODE_BUILTINS.has(p)).map((p) => `${file} imports ${p}`);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node);
      if (!isName) out.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} uses ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const files = [...sourceFiles(path.join(root, 'server/src')), ...sourceFiles(path.join(root, 'client/src'))];
const graph = new Map(files.map((f) => [f, imports(f)]));
const rel = (f: string) => path.relative(root, f);

describe('architecture', () => {
  it('has no import circles, type-only imports included', () => {
    // Depth-first search with colours; the stack gives the circle's path for the message.
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const circles: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const next of graph.get(f)?.resolved ?? []) {
        if (state.get(next) === 'open') circles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    assert.deepEqual(circles, []);
  });

  it(`core folders import only their own layer and the ones below (${LAYERS.slice(1).join(' < ')})`, () => {
    const upward: string[] = [];
    for (const [f, { resolved }] of graph) {
      if (!f.startsWith(core + path.sep)) continue;
      for (const to of resolved) {
        assert.ok(to.startsWith(core + path.sep), `${rel(f)} imports ${rel(to)}, outside the core`);
        if (layerOf(to) > layerOf(f)) upward.push(`${rel(f)} -> ${rel(to)}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('the core imports no editor or protocol package (vscode*, the MCP SDK)', () => {
    const bad: string[] = [];
    for (const [f, { packages }] of graph) {
      if (!f.startsWith(core + path.sep)) continue;
      for (const p of packages) if (/^(vscode|@modelcontextprotocol\/)/.test(p)) bad.push(`${rel(f)} -> ${p}`);
    }
    assert.deepEqual(bad, []);
  });

  it('the core imports no Node built-in module and uses no Node global (require, __dirname, process, Buffer)', () => {
    const bad: string[] = [];
    for (const f of files) if (f.startsWith(core + path.sep)) bad.push(...nodeUses(rel(f), fs.readFileSync(f, 'utf8'), graph.get(f)!.packages));
    assert.deepEqual(bad, []);
  });

  it('the Node check finds each kind of Node use', () => {
    const text = [
      "import * as fs from 'fs';",
      "import { join } from 'node:path';",
      "export { Worker } from 'node:worker_threads';",
      "const r = require('recheck');",
      'const here = __dirname;',
      'const env = process.env.X;',
      "const b = Buffer.from('x');",
      '// Buffer, process.env and require( in a comment are fine, and so are a.process.x and ArrayBuffer.',
      'const ok = { process: 1, Buffer: 2 }.process + new ArrayBuffer(1).byteLength;',
    ].join('\n');
    const packages = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
    assert.deepEqual(nodeUses('x.ts', text, packages), ['x.ts imports fs', 'x.ts imports node:path', 'x.ts imports node:worker_threads', 'x.ts:4 uses require', 'x.ts:5 uses __dirname', 'x.ts:6 uses process', 'x.ts:7 uses Buffer']);
  });

  /** The import paths from `entry` to any file `banned` says is Node-only. */
  const reaching = (entry: string, banned: (f: string) => boolean): string[] => {
    const seen = new Set<string>();
    const paths: string[] = [];
    const visit = (f: string, via: string[]) => {
      if (seen.has(f)) return;
      seen.add(f);
      if (banned(f)) paths.push([...via, f].map(rel).join(' -> '));
      for (const next of graph.get(f)?.resolved ?? []) visit(next, [...via, f]);
    };
    visit(path.join(root, entry), []);
    return paths;
  };

  it('the browser server never reaches server/src/node/ nor git (server/src/git/)', () => {
    const git = path.join(root, 'server/src/git');
    assert.deepEqual(reaching('server/src/browser/server.ts', (f) => f.startsWith(nodeOnly + path.sep) || f.startsWith(git + path.sep)), []);
  });

  it('the browser client never reaches the Node client (client/src/nodeClient.ts)', () => {
    assert.deepEqual(reaching('client/src/browser/extension.ts', (f) => f === path.join(root, 'client/src/nodeClient.ts')), []);
  });

  it('the fronts reach the core only through core/index.ts', () => {
    const deep: string[] = [];
    for (const [f, { resolved }] of graph) {
      if (f.startsWith(core + path.sep)) continue;
      for (const to of resolved) if (to.startsWith(core + path.sep) && to !== path.join(core, 'index.ts')) deep.push(`${rel(f)} -> ${rel(to)}`);
    }
    assert.deepEqual(deep, []);
  });

  it('every source file opens with a comment saying what it is for, and stays under 500 lines', () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      if (!/^\s*(\/\*|\/\/)/.test(text)) bad.push(`${rel(f)}: no opening comment`);
      const lines = text.split('\n').length;
      if (lines > 500) bad.push(`${rel(f)}: ${lines} lines`);
    }
    assert.deepEqual(bad, []);
  });
});
