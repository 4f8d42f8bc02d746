/**
 * `reqtrace mcp` on a workspace generated in a temp folder: every answer is
 * bounded however many requirements and references there are, filters by
 * tag work, and a file written to disk after the start changes the next answer.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpSession } from './mcpClient';

const COUNT = 600;
const id = (n: number) => `GEN-${String(n).padStart(3, '0')}`;

function generate(root: string): void {
  const spec: string[] = ['# Generated requirements', ''];
  for (let n = 1; n <= COUNT; n++) {
    const title = n === 2 ? `A very long title ${'word '.repeat(200)}` : `Generated requirement number ${n}`;
    spec.push(`## ${id(n)}: ${title}`, '', 'Status: approved', `Tags: ${n % 2 ? 'odd' : 'even'}${n % 100 === 0 ? ', hundred' : ''}`, '');
    spec.push(n === 1 ? 'Long text. '.repeat(1000) : `Text of requirement ${n}.`, '');
  }
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'docs/spec.md'), spec.join('\n'));
  fs.mkdirSync(path.join(root, 'src'));
  // GEN-001 is implemented in 299 places and tested in one; the others are referenced nowhere.
  fs.writeFileSync(path.join(root, 'src/one.ts'), [...Array.from({ length: 299 }, (_, i) => `// @impl GEN-001 (${i})`), '// @test GEN-001'].join('\n') + '\n');
  // 400 references to IDs no spec defines: 400 errors.
  fs.writeFileSync(path.join(root, 'src/unknown.ts'), Array.from({ length: 400 }, (_, i) => `// @impl NOPE-${i + 1}`).join('\n') + '\n');
}

/** The size of an answer as the client receives it. */
function size(a: { text: string; structured: unknown }): number {
  return a.text.length + JSON.stringify(a.structured).length;
}

describe('reqtrace mcp on a generated workspace', function () {
  this.timeout(60000);
  let root: string;
  let mcp: McpSession;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-mcp-'));
    generate(root);
    mcp = await McpSession.start(root);
  });
  after(async () => {
    await mcp?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('caps every list at its limit (50 by default, 200 at most) and says how many it left out', async () => {
    const uncovered = await mcp.call('reqtrace_uncovered');
    assert.deepEqual([uncovered.structured.total, uncovered.structured.truncated, uncovered.structured.requirements.length], [COUNT - 1, COUNT - 51, 50]);
    assert.match(uncovered.text, /… truncated: 549 more requirements \(50 of 599 shown; pass a larger limit \(at most 200\) or filter by file, tag or release\)/);
    const most = await mcp.call('reqtrace_uncovered', { limit: 100000 });
    assert.equal(most.structured.requirements.length, 200);

    const check = await mcp.call('reqtrace_check');
    assert.deepEqual([check.structured.errors, check.structured.total, check.structured.diagnostics.length], [400, 400 + COUNT - 1, 50]);
    assert.ok(check.structured.diagnostics.every((d: { severity: string }) => d.severity === 'error'), 'errors first');

    const search = await mcp.call('reqtrace_search', { query: 'GEN', limit: 10 });
    assert.deepEqual([search.structured.total, search.structured.matches.length], [COUNT, 10]);
    const refs = await mcp.call('reqtrace_references', { id: 'GEN-001' });
    assert.deepEqual([refs.structured.total, refs.structured.truncated, refs.structured.references.length], [300, 250, 50]);
    for (const a of [uncovered, check, search, refs]) assert.ok(size(a) < 40_000, `${size(a)} characters`);
    assert.ok(size(most) < 120_000, `${size(most)} characters`);
  });

  it('clips long text and titles, and lists 20 references with a requirement', async () => {
    const one = await mcp.call('reqtrace_requirement', { id: 'GEN-001' });
    assert.equal(one.structured.textTruncated, true);
    assert.ok(one.structured.text.length < 2100, String(one.structured.text.length));
    assert.match(one.structured.text, /… \(8999 more characters\)$/);
    assert.deepEqual([one.structured.referenceCount, one.structured.references.length, one.structured.referencesTruncated], [300, 20, 280]);
    assert.match(one.text, /… truncated: 280 more references/);
    assert.ok(size(one) < 12_000, `${size(one)} characters`);
    const two = await mcp.call('reqtrace_requirement', { id: 'GEN-002' });
    assert.match(two.structured.title, /^A very long title (word ){50}.*… \(\d+ more characters\)$/);
    assert.ok(two.structured.title.length < 340);
  });

  it('filters uncovered requirements by tag', async () => {
    const hundred = await mcp.call('reqtrace_uncovered', { tag: 'Hundred' });
    assert.deepEqual(hundred.structured.requirements.map((r: { id: string }) => r.id), ['GEN-100', 'GEN-200', 'GEN-300', 'GEN-400', 'GEN-500', 'GEN-600']);
    assert.equal((await mcp.call('reqtrace_uncovered', { tag: 'odd' })).structured.total, COUNT / 2 - 1);
  });

  it('takes paths through links by where they lead: into the workspace yes, out of it no', async () => {
    const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-mcp-outside-'));
    try {
      fs.writeFileSync(path.join(outsideDir, 'secret.ts'), '// @impl GEN-001\n');
      fs.symlinkSync(root, path.join(outsideDir, 'ws'));
      fs.symlinkSync(outsideDir, path.join(root, 'out'));
      const viaLink = await mcp.call('reqtrace_check', { file: path.join(outsideDir, 'ws/src/unknown.ts'), limit: 1 });
      assert.deepEqual([viaLink.isError, viaLink.structured.scope, viaLink.structured.errors], [false, 'src/unknown.ts', 400]);
      const out = await mcp.call('reqtrace_check', { file: 'out/secret.ts' });
      assert.deepEqual([out.isError, out.text], [true, `out/secret.ts is outside the workspace ${root}; give a path relative to it`]);
    } finally {
      fs.rmSync(path.join(root, 'out'));
      fs.rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it('answers from files written after the start: new, changed and deleted, code and spec', async () => {
    const before = (await mcp.call('reqtrace_requirement', { id: 'GEN-599' })).structured;
    assert.deepEqual(before.coverage.counts, { impl: 0, test: 0 });

    fs.writeFileSync(path.join(root, 'src/late.ts'), '// @impl GEN-599\n');
    fs.mkdirSync(path.join(root, 'test'));
    fs.writeFileSync(path.join(root, 'test/late.test.ts'), '// @test GEN-599\n');
    const after = (await mcp.call('reqtrace_requirement', { id: 'GEN-599' })).structured;
    assert.deepEqual(after.coverage.counts, { impl: 1, test: 1 });
    assert.deepEqual(after.references.map((r: { file: string }) => r.file), ['src/late.ts', 'test/late.test.ts']);
    assert.equal((await mcp.call('reqtrace_uncovered')).structured.total, COUNT - 2);

    // Same size, written at once: the answer must still change.
    fs.writeFileSync(path.join(root, 'src/late.ts'), '// @impl GEN-598\n');
    assert.deepEqual((await mcp.call('reqtrace_references', { id: 'GEN-598' })).structured.references.map((r: { file: string }) => r.file), ['src/late.ts']);

    fs.writeFileSync(path.join(root, 'docs/more.md'), '## LATE-001: Written after the start\n');
    const found = (await mcp.call('reqtrace_search', { query: 'after the start' })).structured.matches;
    assert.deepEqual(found.map((m: { id: string; file: string }) => `${m.id} ${m.file}`), ['LATE-001 docs/more.md']);

    fs.rmSync(path.join(root, 'docs/more.md'));
    const gone = await mcp.call('reqtrace_requirement', { id: 'LATE-001' });
    assert.equal(gone.isError, true);
    assert.match(mcp.stderr, /re-read \d+ changed files?/);
  });
});
