/**
 * `reqtrace mcp` on test-fixtures/demo through the SDK's client: the tools it
 * lists, each tool's answer on known data (exact IDs, files, lines), and bad
 * input answered as tool errors by a server that goes on answering.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../package.json';
import { CLI, McpSession } from './mcpClient';

const DEMO = path.resolve(__dirname, '../../test-fixtures/demo');

describe('reqtrace mcp on the demo workspace', () => {
  let mcp: McpSession;

  before(async () => {
    mcp = await McpSession.start(DEMO);
  });
  after(() => mcp?.close());

  it('names itself, says where the workspace is, and lists the read-only tools with their schemas', async () => {
    assert.deepEqual(mcp.client.getServerVersion(), { name: 'reqtrace', version });
    assert.ok(mcp.client.getInstructions()?.includes(DEMO), mcp.client.getInstructions());
    const { tools } = await mcp.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['reqtrace_check', 'reqtrace_impact', 'reqtrace_references', 'reqtrace_requirement', 'reqtrace_search', 'reqtrace_uncovered']);
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.equal(t.outputSchema?.type, 'object', t.name);
      assert.ok(t.description && t.description.length > 40, t.name);
    }
    const requirement = tools.find((t) => t.name === 'reqtrace_requirement')!;
    assert.deepEqual(requirement.inputSchema.required, ['id']);
  });

  it('reqtrace_requirement: title, text, status, version, coverage, definition and references', async () => {
    const a = await mcp.call('reqtrace_requirement', { id: 'AUTH-001' });
    assert.equal(a.isError, false, a.text);
    const s = a.structured;
    assert.equal(s.title, 'Users can log in with email and password');
    assert.equal(s.status, 'approved');
    assert.equal(s.version, 2);
    assert.equal(s.release, '1.0');
    assert.deepEqual(s.tags, ['security', 'login']);
    assert.deepEqual(s.children, ['AUTH-002', 'AUTH-003']);
    assert.match(s.text, /^A registered user signs in .*\n.*locked for \*\*15 minutes\*\*\.$/);
    assert.deepEqual(s.coverage, { covered: true, exempt: false, needs: ['impl', 'test'], missing: [], counts: { impl: 2, test: 1 }, summary: '2 impl · 1 test' });
    assert.deepEqual(s.definitions, [{ file: 'docs/requirements.md', line: 6, column: 4 }]);
    assert.deepEqual(s.references, [
      { file: 'src/auth/login.ts', line: 9, column: 10, kind: 'impl', pin: 2 },
      { file: 'tests/login.test.ts', line: 3, column: 14, kind: 'test', pin: null },
      { file: 'web/index.html', line: 3, column: 26, kind: 'impl', pin: null },
    ]);
    assert.equal(s.referenceCount, 3);
    assert.match(a.text, /^\*\*AUTH-001\*\*: Users can log in/);
    assert.match(a.text, /- src\/auth\/login\.ts:9:10: impl \(pinned @2\)/);

    const uncovered = (await mcp.call('reqtrace_requirement', { id: 'API-002' })).structured;
    assert.deepEqual([uncovered.coverage.covered, uncovered.coverage.missing, uncovered.parents], [false, ['test'], ['API-001']]);
    assert.deepEqual(uncovered.definitions, [{ file: 'docs/api.yaml', line: 8, column: 9 }]);
  });

  it('reqtrace_references: every reference, by kind, with definitions, and for an ID defined nowhere', async () => {
    const all = (await mcp.call('reqtrace_references', { id: 'AUTH-002', includeDefinitions: true })).structured;
    assert.equal(all.defined, true);
    assert.deepEqual(all.definitions, [{ file: 'docs/requirements.md', line: 15, column: 4 }]);
    assert.deepEqual(
      all.references.map((r: { file: string; line: number; pin: number | null }) => `${r.file}:${r.line}@${r.pin}`),
      ['src/auth/session.py:7@0', 'src/auth/session.py:11@null'],
    );
    const tests = (await mcp.call('reqtrace_references', { id: 'AUTH-001', kind: 'test' })).structured;
    assert.deepEqual(tests.references, [{ file: 'tests/login.test.ts', line: 3, column: 14, kind: 'test', pin: null }]);
    const unknown = await mcp.call('reqtrace_references', { id: 'AUTH-01' });
    assert.equal(unknown.isError, false);
    assert.equal(unknown.structured.defined, false);
    assert.deepEqual(unknown.structured.references, [{ file: 'src/auth/login.ts', line: 22, column: 46, kind: 'impl', pin: null }]);
  });

  it('reqtrace_uncovered: what each uncovered requirement lacks, by file', async () => {
    const all = await mcp.call('reqtrace_uncovered');
    assert.deepEqual(
      all.structured.requirements.map((r: { id: string; file: string; line: number; missing: string[] }) => `${r.id} ${r.file}:${r.line} ${r.missing}`),
      ['API-002 docs/api.yaml:8 test', 'AUTH-002 docs/requirements.md:15 test', 'BILL-001 docs/requirements.md:42 test'],
    );
    assert.equal(all.structured.truncated, 0);
    assert.match(all.text, /^3 uncovered requirements:\nAPI-002: Rate limiting — no test coverage \(1 impl · 0 test\) docs\/api\.yaml:8$/m);
    const inFile = (await mcp.call('reqtrace_uncovered', { file: 'docs/api.yaml' })).structured;
    assert.deepEqual(inFile.requirements.map((r: { id: string }) => r.id), ['API-002']);
    const inFolder = (await mcp.call('reqtrace_uncovered', { file: path.join(DEMO, 'docs') })).structured;
    assert.equal(inFolder.total, 3);
    const inRelease = (await mcp.call('reqtrace_uncovered', { release: '1.1' })).structured;
    assert.deepEqual(inRelease.requirements.map((r: { id: string }) => r.id), ['API-002', 'AUTH-002', 'BILL-001']);
    const done = await mcp.call('reqtrace_uncovered', { release: '1.0' });
    assert.equal(done.structured.total, 0);
    assert.match(done.text, /^0 uncovered requirements \(release 1\.0\)/);
  });

  it('reqtrace_check: a file, errors first; the workspace with its coverage summary', async () => {
    const file = await mcp.call('reqtrace_check', { file: 'src/auth/login.ts' });
    assert.deepEqual(file.text.split('\n'), [
      'src/auth/login.ts: 1 error, 1 warning',
      'src/auth/login.ts:22:46: error unknown-requirement unknown requirement AUTH-01; did you mean AUTH-001?',
      'src/auth/login.ts:17:47: warning deprecated-reference AUTH-005 is deprecated: Remember-me cookie',
    ]);
    assert.deepEqual(file.structured.diagnostics[0], {
      severity: 'error',
      code: 'unknown-requirement',
      message: 'unknown requirement AUTH-01; did you mean AUTH-001?',
      file: 'src/auth/login.ts',
      line: 22,
      column: 46,
      endLine: 22,
      endColumn: 53,
      requirement: 'AUTH-01',
    });
    const ws = (await mcp.call('reqtrace_check')).structured;
    assert.deepEqual([ws.scope, ws.errors, ws.warnings, ws.total], ['workspace', 2, 5, 7]);
    assert.deepEqual(ws.summary, { requirements: 8, covered: 5, uncovered: 3, exempt: 2, references: 13, coverage: 50 });
    assert.deepEqual(
      ws.diagnostics.map((d: { file: string; line: number; code: string }) => `${d.file}:${d.line} ${d.code}`).slice(0, 3),
      ['docs/requirements.md:45 broken-link', 'src/auth/login.ts:22 unknown-requirement', 'docs/api.yaml:8 uncovered-requirement'],
    );
    const errors = (await mcp.call('reqtrace_check', { minSeverity: 'error' })).structured;
    assert.equal(errors.total, 2);
    const stale = (await mcp.call('reqtrace_check', { code: 'stale-reference' })).structured;
    assert.deepEqual(stale.diagnostics.map((d: { file: string; line: number }) => `${d.file}:${d.line}`), ['src/auth/session.py:7']);
    const notRead = await mcp.call('reqtrace_check', { file: 'expected.json' });
    assert.equal(notRead.structured.total, 0);
    assert.match(notRead.text, /reqtrace does not read expected\.json/);
  });

  it('reqtrace_search: ID prefix first, then title, then every word in any order', async () => {
    const ids = async (query: string) => (await mcp.call('reqtrace_search', { query })).structured.matches.map((m: { id: string }) => m.id);
    assert.deepEqual(await ids('auth-00'), ['AUTH-001', 'AUTH-002', 'AUTH-003', 'AUTH-004', 'AUTH-005']);
    assert.deepEqual(await ids('session'), ['AUTH-002']);
    assert.deepEqual(await ids('password email'), ['AUTH-001']);
    assert.deepEqual(await ids('api.yaml'), ['API-001', 'API-002']);
    const one = await mcp.call('reqtrace_search', { query: 'invoices' });
    assert.deepEqual(one.structured.matches, [{ id: 'BILL-001', title: 'Invoices are numbered without gaps', status: 'approved', file: 'docs/requirements.md', line: 42, column: 4 }]);
    assert.equal((await mcp.call('reqtrace_search', { query: 'nothing like this' })).structured.total, 0);
  });

  it('answers bad input with a tool error that says what is wrong, and goes on answering', async () => {
    const unknown = await mcp.call('reqtrace_requirement', { id: 'AUTH-01' });
    assert.equal(unknown.isError, true);
    assert.equal(unknown.text, 'unknown requirement AUTH-01: no spec defines it; it is referenced 1 time (reqtrace_references lists where); did you mean AUTH-001 (Users can log in with email and password)?');
    const notAnId = await mcp.call('reqtrace_requirement', { id: 'no such thing' });
    assert.match(notAnId.text, /^'no such thing' is not a requirement ID/);
    const outside = await mcp.call('reqtrace_check', { file: '../cli' });
    assert.equal(outside.isError, true);
    assert.equal(outside.text, `../cli is outside the workspace ${DEMO}; give a path relative to it`);
    const absent = await mcp.call('reqtrace_uncovered', { file: 'docs/none.md' });
    assert.deepEqual([absent.isError, absent.text], [true, 'no such file or folder in the workspace: docs/none.md']);
    const missing = await mcp.call('reqtrace_requirement', {});
    assert.equal(missing.isError, true);
    assert.match(missing.text, /Input validation error.*id/);
    const badLimit = await mcp.call('reqtrace_search', { query: 'a', limit: 0 });
    assert.equal(badLimit.isError, true);
    const neither = await mcp.call('reqtrace_references', { id: 'ZZZ-999' });
    assert.match(neither.text, /^unknown requirement ZZZ-999: no spec defines it$/);
    assert.equal((await mcp.call('reqtrace_requirement', { id: 'AUTH-003' })).isError, false);
    assert.doesNotMatch(mcp.stderr, /internal error|Error:/);
  });
});

describe('reqtrace mcp as a command', () => {
  it('refuses a workspace that is not a folder: exit 2, one line, no stack', () => {
    for (const [arg, message] of [
      ['no/such/folder', 'reqtrace: no such folder: no/such/folder\n'],
      [path.join(DEMO, 'reqtrace.yaml'), `reqtrace: ${path.join(DEMO, 'reqtrace.yaml')} is not a folder: give the workspace folder\n`],
    ]) {
      const r = spawnSync(process.execPath, [CLI, 'mcp', arg], { encoding: 'utf8', input: '' });
      assert.deepEqual([r.status, r.stderr, r.stdout], [2, message, '']);
    }
  });

  it('takes --config FILE instead of the workspace reqtrace.yaml', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-mcp-config-'));
    fs.writeFileSync(path.join(dir, 'impl-only.yaml'), 'needs: [impl]\n');
    const mcp = await McpSession.start(DEMO, ['--config', path.join(dir, 'impl-only.yaml')]);
    try {
      assert.equal((await mcp.call('reqtrace_uncovered')).structured.total, 0);
    } finally {
      await mcp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits by itself, with code 0, when the client closes its input', async () => {
    const child = spawn(process.execPath, [CLI, 'mcp', DEMO], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end();
    assert.equal(await exited, 0);
  });
});
