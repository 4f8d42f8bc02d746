/**
 * reqtrace_impact through the SDK's client, on a real git repository made
 * by the test (test-fixtures/demo committed, then a requirement's text edited
 * and references added in the working tree): the exact answer, the same
 * content as `reqtrace diff --format json`, its bounds, the git errors as tool
 * errors, and the repository left exactly as it was.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commitAll, git, makeRepo, runCliOn, snapshot, tmp } from '../cli/gitRepo';
import { CLI, McpSession } from './mcpClient';

const DEMO = path.resolve(__dirname, '../../test-fixtures/demo');

/** The demo workspace's files (its expected.json left out), relative path → text. */
function demoFiles(dir = DEMO, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, demoFiles(dir, p));
    else if (p !== 'expected.json') out[p] = fs.readFileSync(path.join(dir, p), 'utf8');
  }
  return out;
}

/** The edits of the working tree: AUTH-001's text, a reference to it and one to an ID no spec defines. */
function edit(repo: string): void {
  const spec = path.join(repo, 'docs/requirements.md');
  fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace('**15 minutes**', '**30 minutes**'));
  fs.appendFileSync(path.join(repo, 'src/auth/login.ts'), '\n// @impl AUTH-001\nexport const LOCK_MINUTES = 30;\n// @impl AUTH-999\n');
}

const suspect = (file: string, line: number, kind: string) => ({ requirement: 'AUTH-001', file, line, kind, fields: ['text'] });

describe('reqtrace mcp: reqtrace_impact', () => {
  let repo: string;
  let unchanged: ReturnType<typeof snapshot>;
  let mcp: McpSession;

  before(async () => {
    repo = makeRepo(demoFiles(), 'mcp-impact');
    edit(repo);
    // A file whose stat changed and content did not: a git diff that refreshes the index would rewrite it here.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(repo, 'src/billing/invoice.rs'), later, later);
    unchanged = snapshot(repo);
    mcp = await McpSession.start(repo);
  });
  after(async () => {
    await mcp?.close();
    // Status, every file under the repository (.git included) and the index's bytes.
    assert.deepEqual(snapshot(repo), unchanged, 'the repository changed');
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('is listed, read-only, with base, head and limit', async () => {
    const tool = (await mcp.client.listTools()).tools.find((t) => t.name === 'reqtrace_impact');
    assert.ok(tool);
    assert.equal(tool.annotations?.readOnlyHint, true);
    assert.deepEqual(Object.keys(tool.inputSchema.properties ?? {}).sort(), ['base', 'head', 'limit']);
    assert.equal(tool.inputSchema.required, undefined);
  });

  it('by default, the working tree against HEAD: the changed fields, the suspects, the new reference and problem', async () => {
    const a = await mcp.call('reqtrace_impact');
    assert.equal(a.isError, false, a.text);
    const s = a.structured;
    assert.equal(s.base, git(repo, 'rev-parse', 'HEAD').trim());
    assert.equal(s.head, 'worktree');
    assert.deepEqual(s.requirements, { added: [], removed: [], changed: [{ id: 'AUTH-001', title: 'Users can log in with email and password', fields: ['text'] }] });
    assert.deepEqual(s.suspects, [
      suspect('docs/requirements.md', 15, 'child'),
      suspect('docs/requirements.md', 22, 'child'),
      suspect('src/auth/login.ts', 9, 'impl'),
      suspect('tests/login.test.ts', 3, 'test'),
      suspect('web/index.html', 3, 'impl'),
    ]);
    assert.deepEqual(s.references, {
      added: [
        { requirement: 'AUTH-001', file: 'src/auth/login.ts', line: 27, kind: 'impl' },
        { requirement: 'AUTH-999', file: 'src/auth/login.ts', line: 29, kind: 'impl' },
      ],
      removed: [],
    });
    assert.deepEqual(
      s.problems.new.map((d: { file: string; line: number; code: string; message: string }) => `${d.file}:${d.line} ${d.code} ${d.message}`),
      ['src/auth/login.ts:29 unknown-requirement unknown requirement AUTH-999'],
    );
    assert.deepEqual(s.problems.fixed, []);
    assert.deepEqual(s.coverage, { base: { needing: 6, covered: 3, coverage: 50 }, head: { needing: 6, covered: 3, coverage: 50 } });
    assert.equal(s.truncated, 0);
    assert.deepEqual(s.counts.suspects, { total: 5, truncated: 0 });

    const short = s.base.slice(0, 12);
    assert.deepEqual(a.text.split('\n'), [
      `Impact of the working tree against HEAD (${short}):`,
      'AUTH-001 changed (text): Users can log in with email and password',
      '5 suspect references to review: docs/requirements.md:15 (child AUTH-001: text changed); docs/requirements.md:22 (child AUTH-001: text changed); ' +
        'src/auth/login.ts:9 (impl AUTH-001: text changed); tests/login.test.ts:3 (test AUTH-001: text changed); web/index.html:3 (impl AUTH-001: text changed)',
      '2 references added: src/auth/login.ts:27 impl AUTH-001; src/auth/login.ts:29 impl AUTH-999',
      '1 new problem: src/auth/login.ts:29:10: error unknown-requirement unknown requirement AUTH-999',
      'coverage 50% → 50% (3/6 → 3/6 requirements covered)',
    ]);
  });

  it('holds the same content as reqtrace diff --format json', async () => {
    const s = (await mcp.call('reqtrace_impact', { base: 'HEAD', limit: 200 })).structured;
    const cli = JSON.parse(runCliOn(repo, ['diff', 'HEAD', '--format', 'json']).stdout);
    const { counts: _counts, truncated: _truncated, ...content } = s;
    content.requirements.changed = content.requirements.changed.map((c: { id: string; fields: string[] }) => ({ id: c.id, fields: c.fields }));
    assert.deepEqual(content, cli);
  });

  it('is bounded: each list cut to limit, with how many were left out', async () => {
    const a = await mcp.call('reqtrace_impact', { limit: 2 });
    const s = a.structured;
    assert.deepEqual(
      s.suspects.map((x: { file: string; line: number }) => `${x.file}:${x.line}`),
      ['docs/requirements.md:15', 'docs/requirements.md:22'],
    );
    assert.deepEqual(s.counts.suspects, { total: 5, truncated: 3 });
    assert.deepEqual(s.counts.referencesAdded, { total: 2, truncated: 0 });
    assert.equal(s.truncated, 3);
    assert.match(a.text, /^5 suspect references to review: docs\/requirements\.md:15 \(child AUTH-001: text changed\); docs\/requirements\.md:22 \(child AUTH-001: text changed\) … truncated: 3 more$/m);
    assert.match(a.text, /\n… truncated: 3 more items in all; pass a larger limit \(at most 200\)$/);
  });

  it('compares two revisions with head; nothing between a commit and itself', async () => {
    const sha = git(repo, 'rev-parse', 'HEAD').trim();
    const a = await mcp.call('reqtrace_impact', { base: 'HEAD', head: sha });
    assert.equal(a.isError, false, a.text);
    assert.equal(a.structured.head, sha);
    assert.deepEqual(a.structured.requirements, { added: [], removed: [], changed: [] });
    assert.deepEqual([a.structured.suspects, a.structured.problems.new], [[], []]);
    assert.deepEqual(a.text.split('\n'), [
      `Impact of ${sha.slice(0, 12)} against HEAD (${sha.slice(0, 12)}):`,
      'no requirement, reference or problem changed',
      'coverage 50% → 50% (3/6 → 3/6 requirements covered)',
    ]);
  });

  it('answers a bad revision with a tool error of one line, and goes on answering', async () => {
    const bad = await mcp.call('reqtrace_impact', { base: 'no-such-branch' });
    assert.equal(bad.isError, true);
    assert.equal(bad.text, `base 'no-such-branch' does not exist: no such commit in the repository at ${fs.realpathSync(repo)}`);
    const badHead = await mcp.call('reqtrace_impact', { head: '--output=x' });
    assert.deepEqual([badHead.isError, badHead.text], [true, "head '--output=x' is not a git revision"]);
    assert.equal(fs.existsSync(path.join(repo, 'x')), false);
    assert.equal((await mcp.call('reqtrace_impact')).isError, false);
  });
});

describe('reqtrace mcp: reqtrace_impact outside a git repository', () => {
  it('is a tool error with the line reqtrace diff prints', async () => {
    const dir = tmp('mcp-nogit');
    fs.cpSync(DEMO, dir, { recursive: true });
    const mcp = await McpSession.start(dir);
    try {
      const a = await mcp.call('reqtrace_impact');
      assert.equal(a.isError, true);
      assert.equal(a.text, `${dir} is not in a git repository`);
      const cli = spawnSync(process.execPath, [CLI, 'diff', 'HEAD'], { cwd: dir, encoding: 'utf8' });
      assert.deepEqual([cli.status, cli.stderr], [2, `reqtrace: diff: ${a.text}\n`]);
      assert.equal(fs.existsSync(path.join(dir, '.git')), false);
      // The other tools still answer.
      assert.equal((await mcp.call('reqtrace_check', { file: 'src/auth/login.ts' })).isError, false);
    } finally {
      await mcp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reqtrace mcp: reqtrace_impact in a shallow clone', () => {
  it('names the fetch that brings a base the clone cut off', async function () {
    this.timeout(60000);
    const origin = makeRepo(demoFiles(), 'mcp-origin');
    edit(origin);
    commitAll(origin, 'second');
    const clone = path.join(tmp('mcp-shallow'), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    const mcp = await McpSession.start(clone);
    try {
      const a = await mcp.call('reqtrace_impact', { base: 'HEAD~1' });
      assert.deepEqual([a.isError, a.text], [true, "base 'HEAD~1' is not in this shallow clone; fetch it with: git fetch --unshallow"]);
      // What is in the clone compares: the working tree against its one commit.
      assert.equal((await mcp.call('reqtrace_impact')).isError, false);
    } finally {
      await mcp.close();
      fs.rmSync(path.dirname(clone), { recursive: true, force: true });
      fs.rmSync(origin, { recursive: true, force: true });
    }
  });
});
