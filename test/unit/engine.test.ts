import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { recheckPattern } from '../../server/src/node/recheck';
import { hoverMarkdown } from '../../server/src/core/engine/queries';
import { buildReport } from '../../server/src/core/engine/report';
import { diagKeys } from './engineHelpers';

const SPEC = `# Spec

## AUTH-001: Users can log in

Status: approved
Version: 2

Users log in.

## AUTH-002: Sessions expire

Status: approved
Parent: AUTH-001

## AUTH-003: Old login

Status: deprecated
`;


describe('engine (in-memory workspace)', () => {
  it('finds definitions, references and coverage', async () => {
    const host = new MemoryHost({
      'docs/spec.md': SPEC,
      'src/login.ts': '// @impl AUTH-001@2\nconst s = "AUTH-002"; // Implements: AUTH-002\n',
      'tests/login.test.ts': '// AUTH-001\n',
    });
    const engine = await createEngine({ host });
    assert.deepEqual(engine.index.definedIds(), ['AUTH-001', 'AUTH-002', 'AUTH-003']);
    const refs = engine.index.references('AUTH-001');
    assert.deepEqual(
      refs.map((r) => [r.file, r.range.start.line, r.range.start.character, r.kind, r.pin]),
      [
        ['src/login.ts', 0, 9, 'impl', 2],
        ['tests/login.test.ts', 0, 3, 'test', undefined],
      ],
    );
    // The string literal is not a reference; the comment after it is.
    assert.deepEqual(
      engine.index.references('AUTH-002').map((r) => r.range.start),
      [{ line: 1, character: 37 }],
    );
    assert.deepEqual(diagKeys(engine), ['docs/spec.md:10:4 uncovered-requirement']);
    const report = buildReport(engine);
    assert.equal(report.summary.requirements, 3);
    assert.equal(report.summary.covered, 2);
    assert.equal(report.summary.uncovered, 1);
    assert.equal(report.summary.references, 3);
  });

  it('mid-index, hover on an ID not seen yet says the index is not complete instead of calling it unknown', async () => {
    const engine = new Engine({ host: new MemoryHost({ 'docs/spec.md': '## AUTH-001: Login\n', 'src/a.ts': '// @impl AUTH-001, AUTH-01\n' }) });
    await engine.loadConfig();
    const running = engine.indexAll();
    assert.equal(engine.indexing, true);
    assert.match(hoverMarkdown(engine, 'AUTH-01'), /not found yet: the workspace is still being indexed/);
    await running;
    assert.equal(engine.indexing, false);
    assert.match(hoverMarkdown(engine, 'AUTH-01'), /unknown requirement[\s\S]*Did you mean \*\*AUTH-001\*\*/);
  });

  it('mid-index, hover on a requirement says its coverage is so far, as files not read yet may reference it', async () => {
    const engine = await createEngine({ host: new MemoryHost({ 'docs/spec.md': '## AUTH-001: Login\n', 'src/a.ts': '// @impl AUTH-001\n' }) });
    assert.match(hoverMarkdown(engine, 'AUTH-001', Infinity, true), /^Coverage: uncovered: test \(1 impl · 0 test\) — so far: the workspace is still being indexed$/m);
    assert.match(hoverMarkdown(engine, 'AUTH-001'), /^Coverage: uncovered: test \(1 impl · 0 test\)$/m);
  });

  it("tells when an edit changes a requirement's title, which other files' inlay hints show, and not when it changes its text", async () => {
    const spec = (title: string, text: string) => `## A-1: ${title}\n\n${text}\n`;
    const engine = await createEngine({ host: new MemoryHost({ 'docs/spec.md': spec('One', 'First.'), 'src/a.ts': '// @impl A-1\n' }) });
    assert.equal(engine.updateText('docs/spec.md', spec('One', 'First, longer.'))?.titlesChanged, false);
    assert.equal(engine.updateText('docs/spec.md', spec('One, renamed', 'First, longer.'))?.titlesChanged, true);
    assert.equal(engine.updateText('src/a.ts', '// @impl A-1 and more words\n')?.titlesChanged, false);
  });

  it('keeps its cycle table while edits leave IDs and parent links as they were (typing a title), and rebuilds it when they change', async () => {
    const spec = (title: string, parent: string) => `## A-1: ${title}\nParent: A-2\n\n## A-2: Two\nParent: ${parent}\n\n## A-3: Three\n`;
    const engine = await createEngine({ host: new MemoryHost({ 'docs/spec.md': spec('One', 'A-1'), 'src/a.ts': '// @impl A-1, A-02\n' }) });
    const before = engine.index.cycleMembers();
    assert.deepEqual([...before].sort(), ['A-1', 'A-2']);
    engine.updateText('docs/spec.md', spec('One, renamed', 'A-1'));
    assert.equal(engine.index.cycleMembers(), before, 'a title edit keeps the table');
    assert.match(hoverMarkdown(engine, 'A-1'), /One, renamed/);
    engine.updateText('docs/spec.md', spec('One, renamed', 'A-3'));
    assert.deepEqual([...engine.index.cycleMembers()], [], 'a parent edit rebuilds it');
  });

  it('re-checks the files referencing a requirement when its title changes only if their diagnostics show it (deprecated)', async () => {
    const spec = (title: string, status: string) => `## A-1: ${title}\nStatus: ${status}\n`;
    const engine = await createEngine({ host: new MemoryHost({ 'docs/spec.md': spec('One', 'approved'), 'src/a.ts': '// @impl A-1\n' }) });
    let change = engine.updateText('docs/spec.md', spec('One more', 'approved'));
    assert.deepEqual([...engine.affectedFiles('docs/spec.md', change)], ['docs/spec.md']);
    change = engine.updateText('docs/spec.md', spec('One more', 'deprecated'));
    assert.deepEqual([...engine.affectedFiles('docs/spec.md', change)].sort(), ['docs/spec.md', 'src/a.ts']);
    change = engine.updateText('docs/spec.md', spec('Old one', 'deprecated'));
    assert.deepEqual([...engine.affectedFiles('docs/spec.md', change)].sort(), ['docs/spec.md', 'src/a.ts']);
    assert.deepEqual(diagKeys(engine).filter((k) => k.startsWith('src/')), ['src/a.ts:1:10 deprecated-reference']);
    assert.match(engine.diagnosticsFor('src/a.ts')[0].message, /A-1 is deprecated: Old one/);
  });

  it('reads only the files it needs, never gitignored ones or node_modules', async () => {
    const host = new MemoryHost({
      '.gitignore': 'build/\n*.log\n',
      'docs/spec.md': SPEC,
      'build/gen.ts': '// @impl AUTH-999\n',
      'node_modules/x/index.js': '// @impl AUTH-998\n',
      'app/.gitignore': 'secret.ts\n!keep.log\n',
      'app/secret.ts': '// @impl AUTH-997\n',
      'app/keep.log': 'not a source anyway',
      'app/ok.py': '# @impl AUTH-001\n',
      'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
    });
    const engine = await createEngine({ host });
    const read = [...new Set(host.reads)].sort();
    assert.deepEqual(read, ['.gitignore', 'app/.gitignore', 'app/ok.py', 'docs/spec.md']);
    assert.ok(!diagKeys(engine).some((k) => k.includes('unknown-requirement')));
  });

  it('ignores bare IDs of foreign prefixes but flags unknown verb references', async () => {
    const host = new MemoryHost({
      'docs/spec.md': SPEC,
      'src/a.ts': '// TODO(JIRA-123) fix\n// AUTH-01 typo\n// @impl JIRA-7\n',
    });
    const engine = await createEngine({ host });
    const diags = engine.diagnostics().filter((d) => d.code === 'unknown-requirement');
    assert.deepEqual(
      diags.map((d) => [d.requirement, d.range.start.line, d.message]),
      [
        ['AUTH-01', 1, 'unknown requirement AUTH-01; did you mean AUTH-001?'],
        ['JIRA-7', 2, 'unknown requirement JIRA-7'],
      ],
    );
  });

  it('reports stale pins, deprecated references, broken links, cycles and duplicates', async () => {
    const host = new MemoryHost({
      'docs/spec.md': SPEC,
      'docs/more.md': '## A-1: One\nParent: A-2\n\n## A-2: Two\nParent: A-1\n\n## B-1: Orphan\nParent: NOPE-1\n\n## AUTH-002: Again\n',
      'src/a.ts': '// @impl AUTH-001@1 and AUTH-003\n',
    });
    const engine = await createEngine({ host });
    const codes = engine.diagnostics().map((d) => `${d.code} ${d.requirement}`);
    for (const expected of [
      'stale-reference AUTH-001',
      'deprecated-reference AUTH-003',
      'broken-link B-1',
      'link-cycle A-1',
      'link-cycle A-2',
      'duplicate-requirement AUTH-002',
    ]) {
      assert.ok(codes.includes(expected), `missing ${expected} in ${codes.join(', ')}`);
    }
    assert.equal(codes.filter((c) => c === 'duplicate-requirement AUTH-002').length, 2);
  });

  it('updates incrementally: an unsaved edit clears uncovered-requirement on the spec', async () => {
    const host = new MemoryHost({ 'docs/spec.md': SPEC, 'src/a.ts': '// @impl AUTH-001\n', 'tests/a.test.ts': '// AUTH-001\n' });
    const engine = await createEngine({ host });
    assert.deepEqual(diagKeys(engine), ['docs/spec.md:10:4 uncovered-requirement']);
    host.reads.length = 0;
    const change = engine.updateText('src/a.ts', '// @impl AUTH-001\n// @impl AUTH-002\n// @test AUTH-002\n');
    assert.deepEqual(host.reads, [], 'an edit must not read the workspace');
    assert.ok(engine.affectedFiles('src/a.ts', change).has('docs/spec.md'));
    assert.deepEqual(diagKeys(engine), []);
    engine.updateText('src/a.ts', '// @impl AUTH-001\n');
    assert.deepEqual(diagKeys(engine), ['docs/spec.md:10:4 uncovered-requirement']);
  });

  it('applies severity overrides and reports an invalid config at its line', async () => {
    const host = new MemoryHost({
      'reqtrace.yaml': 'severity:\n  uncovered-requirement: error\n  stale-reference: off\nbogus: 1\n',
      'docs/spec.md': SPEC,
      'src/a.ts': '// @impl AUTH-001@1\n',
    });
    const engine = await createEngine({ host });
    const diags = engine.diagnostics();
    assert.ok(diags.every((d) => d.code !== 'stale-reference'));
    assert.ok(diags.filter((d) => d.code === 'uncovered-requirement').every((d) => d.severity === 'error'));
    const cfg = diags.filter((d) => d.code === 'invalid-config');
    assert.deepEqual(cfg.map((d) => [d.file, d.range.start.line, d.message]), [['reqtrace.yaml', 3, "unknown setting 'bogus' (known: specs, sources, exclude, tests, idPattern, needs, severity, maxFileSize, dialects, release)"]]);
  });

  it('rejects a catastrophic idPattern and keeps the default', async () => {
    const host = new MemoryHost({ 'reqtrace.yaml': 'idPattern: "(A+)+-[0-9]+"\n', 'docs/spec.md': SPEC });
    const engine = await createEngine({ host, checkPattern: recheckPattern });
    assert.equal(engine.configProblems.length, 1);
    assert.match(engine.configProblems[0].message, /exponential/);
    assert.deepEqual(engine.index.definedIds(), ['AUTH-001', 'AUTH-002', 'AUTH-003']);
  });

  it('without a ReDoS checker (the browser build), rejects any custom idPattern and keeps the default', async () => {
    const host = new MemoryHost({ 'reqtrace.yaml': 'idPattern: "req_[0-9]+"\n', 'docs/spec.md': SPEC });
    const engine = await createEngine({ host });
    assert.deepEqual(
      engine.configProblems.map((p) => p.message),
      ["'idPattern' rejected: custom ID patterns are not checked in this build (the browser build has no ReDoS checker): use the desktop extension or the CLI for them"],
    );
    assert.deepEqual(engine.index.definedIds(), ['AUTH-001', 'AUTH-002', 'AUTH-003']);
  });

  it('honours a custom idPattern, specs/sources globs and needs', async () => {
    const host = new MemoryHost({
      'reqtrace.yaml': 'idPattern: "req_[0-9]+"\nspecs: ["reqs/**"]\nsources: ["src/**"]\nneeds: [impl]\n',
      'reqs/r.md': '## req_1: Lower-case ids\n',
      'docs/other.md': '## req_2: Not a spec here\n',
      'src/a.c': '/* req_1 */\n',
      'lib/b.c': '/* @impl req_3 */\n',
    });
    const engine = await createEngine({ host, checkPattern: recheckPattern });
    assert.deepEqual(engine.index.definedIds(), ['req_1']);
    assert.deepEqual(engine.diagnostics(), []);
  });
});
