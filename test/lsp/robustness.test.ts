/**
 * The server answers odd requests with neutral values and keeps running:
 * non-file URIs, files outside every folder or not on disk, positions past
 * the end, unsynced documents, cancelled requests, garbage parameters and
 * notifications, and documents far larger than usual. Its process leaves
 * nothing behind, and neither it nor the CLI writes anything unasked.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  createProtocolConnection,
  ErrorCodes,
  InitializeRequest,
  LSPErrorCodes,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import fc from 'fast-check';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol/node';
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { buildReport } from '../../server/src/core/engine/report';
import type { CoverageSummary } from '../../server/src/protocol';
import type { Diagnostic } from '../../server/src/core/types';
import { fuzzParams, fuzzStats } from '../unit/fuzz-support';
import { FIXTURES, positionAt, range } from './fixtures';
import { LspTestClient, REPO_ROOT, SERVER_JS } from './lspClient';

describe('LSP: robustness (lsp-basic)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
  });
  after(async () => {
    await client?.dispose();
  });

  /** Handler failures are logged by the server's guard as `<feature> failed: <stack>`. */
  const handlerFailures = () => client.logs.filter((l) => / failed: /.test(l));

  /** Every position-based and document-based request on `uri`, with the neutral answer expected. */
  async function assertNeutral(uri: string): Promise<void> {
    const doc = { textDocument: { uri } };
    const pos = { ...doc, position: { line: 0, character: 3 } };
    assert.equal(await client.request('textDocument/hover', pos), null, 'hover');
    assert.equal(await client.request('textDocument/definition', pos), null, 'definition');
    assert.equal(await client.request('textDocument/references', { ...pos, context: { includeDeclaration: true } }), null, 'references');
    assert.equal(await client.request('textDocument/implementation', pos), null, 'implementation');
    assert.deepEqual(await client.request('textDocument/completion', pos), [], 'completion');
    assert.deepEqual(await client.request('textDocument/codeLens', doc), [], 'codeLens');
    assert.deepEqual(await client.request('textDocument/inlayHint', { ...doc, range: range(0, 0, 10, 0) }), [], 'inlayHint');
    assert.deepEqual(await client.request('textDocument/documentSymbol', doc), [], 'documentSymbol');
    assert.deepEqual((await client.request<{ data: number[] }>('textDocument/semanticTokens/full', doc)).data, [], 'semanticTokens');
    assert.deepEqual(await client.request('textDocument/codeAction', { ...doc, range: range(0, 0, 0, 1), context: { diagnostics: [] } }), [], 'codeAction');
    assert.equal(await client.request('textDocument/prepareRename', pos), null, 'prepareRename');
    assert.equal(await client.request('textDocument/rename', { ...pos, newName: 'SHOP-100' }), null, 'rename');
  }

  it('answers neutrally for a non-file URI', async () => {
    await assertNeutral('untitled:Untitled-1');
    await assertNeutral('vscode-notebook-cell:/x.ipynb#cell1');
  });

  it('answers neutrally for a file outside every workspace folder', async () => {
    await assertNeutral('file:///definitely/not/in/the/workspace.ts');
  });

  it('answers neutrally for a file of the folder that does not exist', async () => {
    await assertNeutral(client.uri('src/missing.ts'));
  });

  it('answers neutrally for a malformed file URI', async () => {
    await assertNeutral('file://host-without-path');
  });

  it('survives synced documents it does not handle: untitled, unknown languages, outside folders', async () => {
    const untitled = 'untitled:Untitled-2';
    await client.notification('textDocument/didOpen', { textDocument: { uri: untitled, languageId: 'typescript', version: 1, text: '// @impl SHOP-004\n' } });
    await client.notification('textDocument/didChange', {
      textDocument: { uri: untitled, version: 2 },
      contentChanges: [{ range: range(0, 0, 0, 0), text: '// @test SHOP-004\n' }],
    });
    const notes = await client.open('notes.txt', 0, 'SHOP-004 in a text file\n');
    await client.notification('textDocument/didClose', { textDocument: { uri: untitled } });
    await client.close(notes);
    assert.ok(await client.isAlive());
    // Untitled buffers are not part of the workspace: SHOP-004 is still uncovered.
    const spec = client.diagnostics.get(client.uri('docs/spec.md')) ?? [];
    assert.deepEqual(
      spec.map((d) => d.code),
      ['uncovered-requirement'],
    );
  });

  it('answers neutrally for positions past the end of a document', async () => {
    const uri = client.uri('src/app.ts');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 0 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 999 } }), null);
    await client.open('src/app.ts');
    try {
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 999, character: 999 } }), []);
    } finally {
      await client.close(uri);
    }
  });

  it('a cancelled request is answered (result or RequestCancelled) and the server keeps working', async () => {
    const uri = client.uri('src/app.ts');
    const source = new CancellationTokenSource();
    const pending = client.requestCancellable<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 16 } }, source.token);
    source.cancel();
    try {
      const h = await pending;
      // Answered before the cancellation arrived: the full answer, or the guard's neutral one.
      if (h !== null) assert.deepEqual(h.range, range(3, 15, 3, 23));
    } catch (e) {
      assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${e}`);
      assert.equal(e.code, LSPErrorCodes.RequestCancelled);
    }
    // Cancelling many in-flight requests at once does not disturb the ones after.
    const sources = Array.from({ length: 20 }, () => new CancellationTokenSource());
    const many = sources.map((s) =>
      client
        .requestCancellable('workspace/symbol', { query: 'SHOP' }, s.token)
        .then(() => 'answered')
        .catch((e: unknown) => (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `failed: ${e}`)),
    );
    for (const s of sources) s.cancel();
    for (const outcome of await Promise.all(many)) assert.ok(outcome === 'answered' || outcome === 'cancelled', outcome);

    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 16 } });
    assert.ok((h.contents as MarkupContent).value.startsWith('**SHOP-001**'));
  });

  it('no handler threw along the way, and the process is still running', async () => {
    assert.deepEqual(handlerFailures(), []);
    assert.ok(await client.isAlive());
    assert.equal(client.exitCode, undefined);
  });
});

describe('LSP: garbage parameters and notifications', function () {
  this.timeout(60_000);
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
  });
  after(async () => {
    await client?.dispose();
  });

  /** Answers a request may get for garbage: a neutral value, or a protocol error. Never a hang or a crash. */
  async function answer(method: string, params: unknown): Promise<unknown> {
    try {
      return await client.request(method, params);
    } catch (e) {
      assert.ok(e instanceof ResponseError, `${method}: ${e}`);
      return { error: e.code };
    }
  }

  const NEUTRAL = new Set(['null', '[]', '{"data":[]}']);

  it('requests with garbage parameters get neutral answers; a handler exception is logged with its stack', async () => {
    const app = client.uri('src/app.ts');
    const garbage: unknown[] = [
      null,
      {},
      { textDocument: null, position: null },
      { textDocument: { uri: 42 }, position: { line: -1, character: 'x' } },
      { textDocument: { uri: app }, position: { line: 1e12, character: -5 } },
      { textDocument: { uri: 'file:///%E0%A4%A' }, position: { line: 0, character: 0 } },
      { textDocument: { uri: app }, range: { start: { line: 5, character: 0 }, end: { line: 1, character: 0 } }, context: null },
    ];
    const methods = [
      'textDocument/hover',
      'textDocument/definition',
      'textDocument/references',
      'textDocument/implementation',
      'textDocument/completion',
      'textDocument/codeLens',
      'textDocument/inlayHint',
      'textDocument/documentSymbol',
      'textDocument/semanticTokens/full',
      'textDocument/codeAction',
      'textDocument/prepareRename',
      'textDocument/rename',
    ];
    for (const method of methods) {
      for (const params of garbage) {
        const got = await answer(method, params);
        // Semantic tokens carry a result id besides their (empty) data.
        const text = JSON.stringify(got && typeof got === 'object' && 'data' in got ? { data: (got as { data: unknown }).data } : got);
        const isError = typeof got === 'object' && got !== null && 'error' in got;
        // With the real document, requests that only need the document (symbols, lenses, tokens) rightly answer in full.
        const realDocument = JSON.stringify(params).includes(app);
        assert.ok(NEUTRAL.has(text) || isError || realDocument, `${method} ${JSON.stringify(params)} → ${text.slice(0, 300)}`);
      }
    }
    // A valid position with a bad new name: refused with an error, or no edit.
    for (const newName of ['', 'not an id\n', 'x'.repeat(10_000)]) {
      const got = await answer('textDocument/rename', { textDocument: { uri: app }, position: { line: 3, character: 16 }, newName });
      assert.ok(got === null || (typeof got === 'object' && got !== null && 'error' in got), `rename to ${JSON.stringify(newName.slice(0, 20))} → ${JSON.stringify(got).slice(0, 300)}`);
    }
    for (const params of [null, {}, { query: 42 }, { query: 'x'.repeat(100_000) }]) {
      const got = await answer('workspace/symbol', params);
      assert.ok(Array.isArray(got) || (typeof got === 'object' && got !== null && 'error' in got), JSON.stringify(got).slice(0, 200));
    }
    // The guard logged what it caught, with the stack, and answered neutrally.
    assert.ok(client.logs.some((l) => /hover failed: TypeError[^]*\n\s+at /.test(l)), client.logs.slice(-20).join('\n'));
    assert.ok(await client.isAlive());
  });

  it('an unknown request is answered MethodNotFound', async () => {
    await assert.rejects(client.request('reqtrace/noSuchRequest', { x: 1 }), (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.MethodNotFound);
    assert.ok(await client.isAlive());
  });

  it('survives garbage notifications, then still follows edits', async () => {
    const app = client.uri('src/app.ts');
    const notes: Array<[string, unknown]> = [
      ['textDocument/didOpen', {}],
      ['textDocument/didOpen', { textDocument: { uri: 5, text: null } }],
      ['textDocument/didChange', { textDocument: { uri: client.uri('src/never-opened.ts'), version: 2 }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didClose', { textDocument: { uri: client.uri('src/never-opened.ts') } }],
      ['textDocument/didClose', null],
      ['workspace/didChangeWatchedFiles', { changes: null }],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: 5, type: 99 }, { uri: 'not a uri', type: 2 }, { uri: 'file:///nowhere/x.ts', type: 1 }, { uri: app, type: 42 }] }],
      ['workspace/didChangeConfiguration', { settings: 'x' }],
      ['workspace/didChangeWorkspaceFolders', { event: null }],
      ['$/setTrace', { value: 42 }],
      ['reqtrace/noSuchNotification', { x: 1 }],
    ];
    for (const [method, params] of notes) {
      await client.notification(method, params);
      assert.ok(await client.isAlive(), `after ${method} ${JSON.stringify(params)}`);
    }
    // Out-of-range and overlapping edits to an open document.
    const uri = await client.open('src/app.ts');
    await client.notification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: range(500, 0, 600, 0), text: '\n// @impl SHOP-404\n' },
        { range: range(-3, -1, 0, 0), text: '' },
      ],
    });
    assert.ok(await client.isAlive());
    await client.close(uri);
    // Watched-file events the server batches arrive a little later: wait for the batch to be handled.
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(await client.isAlive(), 'the batched garbage watched-file events did not kill the server');
    // Still working: a real edit gives a real diagnostic.
    const doc = await client.open('src/cart.py');
    await client.change(doc, [{ range: range(0, 0, 0, 0), text: '# @impl SHOP-999\n' }]);
    await client.waitForDiagnostics(doc, (d) => d.some((x) => x.code === 'unknown-requirement'));
    await client.close(doc);
  });

  it('a burst of 200 000 watched-file events and a document with 200 000 references', async () => {
    const app = client.uri('src/app.ts');
    await client.watchedFiles(Array.from({ length: 200_000 }, () => ({ uri: app, type: 2 })));
    assert.ok(await client.isAlive());
    const since = client.indexChanges.length;
    const uri = await client.open('src/many.ts', 0, '// @impl ' + 'SHOP-001, '.repeat(200_000) + 'SHOP-001\n');
    await client.indexChangedSince(since, () => true, 20_000);
    assert.ok(!client.logs.some((l) => /failed to analyse|Maximum call stack/.test(l)), client.logs.slice(-5).join('\n').slice(0, 2000));
    assert.deepEqual(client.diagnostics.get(uri) ?? [], []);
    await client.close(uri);
    assert.ok(await client.isAlive());
  });
});

describe('LSP: random incremental edits == a full rebuild (property)', function () {
  this.timeout(0);
  let client: LspTestClient;
  const FILES = ['docs/spec.md', 'docs/more.yaml', 'src/app.ts', 'src/cart.py', 'tests/app.test.ts'];
  const TOKENS = ['//', '/*', '*/', '"', "'", '`', '#', '\n', '\r\n', '\r', ' ', '\0', 'SHOP-001', 'SHOP-002', 'SHOP-009', 'API-010', '@impl ', '@test ', 'Implements: ', 'Parent: ', '## ', '- id: ', 'status: deprecated', '@2', ', '];
  const BOUNDARY = /\/\/|\/\*|\*\/|"|'|`|#|\r\n|\n|\r|[A-Z]+-\d+|@impl|Parent:|^## |- id:/gm;
  const SEVERITY: Record<Diagnostic['severity'], number> = { error: 1, warning: 2, info: 3 };

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    for (const f of FILES) await client.open(f);
  });
  after(async () => {
    await client?.dispose();
  });

  /** The workspace as the server should see it: the disk, with the open editors' text over it. */
  function contents(): Record<string, string> {
    const out: Record<string, string> = {};
    const root = client.folders[0].root;
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else out[path.relative(root, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
      }
    };
    walk(root);
    for (const f of FILES) out[f] = client.text(f);
    return out;
  }

  const key = (d: { range: LspDiagnostic['range']; code?: unknown; message: string }, severity: number | undefined) =>
    `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${severity} ${d.code} ${d.message}`;

  /** The coverage summary counted from scratch: the CLI's report of a fresh engine (it counts exempt requirements as covered). */
  function freshSummary(engine: Engine): Omit<CoverageSummary, 'coverage' | 'indexing'> {
    const r = buildReport(engine).summary;
    return {
      requirements: r.requirements,
      needing: r.requirements - r.exempt,
      covered: r.covered - r.exempt,
      uncovered: r.uncovered,
      references: r.references,
      errors: r.errors,
      warnings: r.warnings,
    };
  }

  it('after each didChange, the pushed diagnostics of every file and the coverage summary equal a fresh engine on the same text', async () => {
    const op = fc.record({ file: fc.nat(), at: fc.nat(), boundary: fc.boolean(), del: fc.nat(10), text: fc.array(fc.constantFrom(...TOKENS), { maxLength: 3 }).map((t) => t.join('')) });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        // Each run starts from the files on disk.
        for (const f of FILES) {
          const disk = fs.readFileSync(client.abs(f), 'utf8');
          const text = client.text(f);
          if (text !== disk) await client.change(client.uri(f), [{ range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) }, text: disk }]);
        }
        const log: string[] = [];
        for (const o of ops) {
          const file = FILES[o.file % FILES.length];
          const text = client.text(file);
          const marks = o.boundary ? [...text.matchAll(BOUNDARY)] : [];
          const at = marks.length > 0 ? marks[o.at % marks.length].index : o.at % (text.length + 1);
          const end = Math.min(text.length, at + o.del);
          await client.change(client.uri(file), [{ range: { start: positionAt(text, at), end: positionAt(text, end) }, text: o.text }]);
          log.push(`${file}@${at} -${end - at} +${JSON.stringify(o.text)}`);
          fuzzStats.inputs++;
          await client.roundTrip();

          const fresh = await createEngine({ host: new MemoryHost(contents()) });
          const want = new Map<string, string[]>();
          for (const d of fresh.diagnostics()) want.set(d.file, [...(want.get(d.file) ?? []), key(d, SEVERITY[d.severity])]);
          for (const f of new Set([...FILES, ...want.keys()])) {
            const got = (client.diagnostics.get(client.uri(f)) ?? []).map((d) => key(d, d.severity));
            assert.deepEqual(got, want.get(f) ?? [], `${f} after:\n  ${log.join('\n  ')}`);
          }
          // The summary is kept as running totals over the files re-checked: it must equal a full count.
          const { coverage: _c, indexing: _i, ...summary } = await client.request<CoverageSummary>('reqtrace/coverage', {});
          assert.deepEqual(summary, freshSummary(fresh), `coverage summary after:\n  ${log.join('\n  ')}`);
        }
      }),
      fuzzParams(15, 1 / 200),
    );
  });
});

describe('LSP: the server process', function () {
  this.timeout(30_000);

  /** Starts the built server on stdio with a bare connection (no fixture, no folders). */
  async function bareServer(processId: number | null) {
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    connection.onError(() => undefined);
    connection.onClose(() => undefined);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, { processId, rootUri: null, workspaceFolders: null, capabilities: {} });
    return { proc, exited, connection };
  }

  /** Pids whose parent is `pid` (Linux /proc). */
  function childrenOf(pid: number): number[] {
    const out: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) out.push(Number(entry));
      } catch {
        // The process ended while we looked.
      }
    }
    return out;
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('killing the server mid-session leaves no child process behind', async function () {
    if (process.platform !== 'linux') this.skip();
    const client = await LspTestClient.start({ fixtures: ['demo'] });
    try {
      const server = childrenOf(process.pid).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server.js'));
      assert.ok(server, 'the server process');
      const descendants: number[] = [];
      const walk = (pid: number) => {
        for (const c of childrenOf(pid)) {
          descendants.push(c);
          walk(c);
        }
      };
      walk(server);
      const uri = await client.open('src/auth/login.ts');
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      process.kill(server, 'SIGKILL');
      const deadline = Date.now() + 5000;
      while (alive(server) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(!alive(server), 'the server is gone');
      for (const pid of descendants) assert.ok(!alive(pid), `child ${pid} of the killed server is still running`);
    } finally {
      await client.dispose();
    }
  });

  it('exits by itself when the editor goes away: its stdin closes, or the process it was started for ends', async () => {
    const a = await bareServer(process.pid);
    a.proc.stdin!.end();
    a.proc.stdout!.resume();
    assert.notEqual(await withTimeout(a.exited, 10_000, 'exit after stdin closed'), undefined);
    a.connection.dispose();

    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const b = await bareServer(parent.pid!);
    parent.kill('SIGKILL');
    // vscode-languageserver checks the client's process every few seconds.
    await withTimeout(b.exited, 15_000, 'exit after the client process ended');
    b.connection.dispose();
  });
});

describe('nothing written unasked (CLI and language server)', function () {
  this.timeout(60_000);

  /** Every file and folder under `root` with a hash of its content (links as their target). */
  function tree(root: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        const rel = path.relative(root, p).split(path.sep).join('/');
        if (e.isSymbolicLink()) out.set(rel, `link ${fs.readlinkSync(p)}`);
        else if (e.isDirectory()) {
          out.set(rel + '/', 'dir');
          walk(p);
        } else out.set(rel, createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
      }
    };
    walk(root);
    return out;
  }

  function assertSameTree(before: Map<string, string>, after: Map<string, string>, what: string): void {
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    assert.deepEqual(changed, [], `${what} changed, added or removed files`);
  }

  it('the CLI (check, list, trace, report to stdout) leaves the workspace byte-identical', () => {
    const root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-nowrite-'))), 'demo');
    try {
      fs.cpSync(path.join(FIXTURES, 'demo'), root, { recursive: true });
      const before = tree(root);
      const cli = path.join(REPO_ROOT, 'server', 'dist', 'cli.js');
      const runs = [
        ['check', root],
        ['check', root, '--format', 'json'],
        ['check', root, '--fail-on', 'never'],
        ['list', root],
        ['trace', 'AUTH-001', root],
      ];
      for (const args of runs) {
        // From inside the workspace too: the current folder is no place for state either.
        const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
        assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
      }
      assertSameTree(before, tree(root), 'the CLI');
    } finally {
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
    }
  });

  it('a language-server session (open, edit, close, rename and quick-fix requests not applied) leaves the workspace byte-identical', async () => {
    const before = tree(path.join(FIXTURES, 'demo'));
    const client = await LspTestClient.start({ fixtures: ['demo'] });
    try {
      const login = await client.open('src/auth/login.ts');
      await client.change(login, [{ range: range(0, 0, 0, 0), text: '// @impl AUTH-777\n' }]);
      await client.waitForDiagnostics(login, (d) => d.some((x) => x.code === 'unknown-requirement' && x.range.start.line === 0));
      const pos = { textDocument: { uri: login }, position: client.rangeOf('src/auth/login.ts', 'AUTH-777').start };
      await client.request('textDocument/hover', pos);
      // Renaming an undefined ID is refused; renaming a defined one returns edits the client may apply (this one does not).
      const refused = (e: unknown) => assert.ok(e instanceof ResponseError, String(e));
      await client.request('textDocument/prepareRename', pos).catch(refused);
      await client.request('textDocument/rename', { ...pos, newName: 'AUTH-778' }).catch(refused);
      const defined = { textDocument: { uri: login }, position: client.rangeOf('src/auth/login.ts', 'AUTH-001').start };
      const edit = await client.request<{ changes?: Record<string, unknown[]> } | null>('textDocument/rename', { ...defined, newName: 'AUTH-100' });
      assert.ok(edit && Object.keys(edit.changes ?? {}).length > 0, 'the rename is answered with edits');
      const diags = client.diagnostics.get(login) ?? [];
      await client.request('textDocument/codeAction', { textDocument: { uri: login }, range: range(0, 0, 30, 0), context: { diagnostics: diags } });
      await client.request('textDocument/codeLens', { textDocument: { uri: client.uri('docs/requirements.md') } });
      await client.close(login);
      // The config edited unsaved, then closed: a re-index each time.
      const config = await client.open('reqtrace.yaml');
      const since = client.indexChanges.length;
      await client.change(config, [{ range: range(0, 0, 0, 0), text: '# edited\n' }]);
      await client.indexChangedSince(since);
      await client.close(config);
      await client.watchedFiles([{ uri: client.uri('src/auth/login.ts'), type: 2 }]);
      assert.ok(await client.isAlive());
      assertSameTree(before, tree(client.folders[0].root), 'the language server');
    } finally {
      await client.dispose();
    }
  });
});

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
