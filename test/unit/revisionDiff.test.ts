/**
 * The diff model (core/compare): two in-memory revisions, the base indexed
 * beside the head from the head's entries, and a change set written by hand
 * as `git diff` would give it. Also the line map and problem matching alone.
 */
import * as assert from 'node:assert/strict';
import { ChangeSet, type FileChange } from '../../server/src/core/compare/changeSet';
import { LineMap, type Hunk } from '../../server/src/core/compare/lineMap';
import { matchProblems, messageKey } from '../../server/src/core/compare/problemMatch';
import { diffJson, diffRevisions } from '../../server/src/core/compare/revisionDiff';
import { Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import type { ReportDiagnostic } from '../../server/src/core/engine/report';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { TreeHost } from '../../server/src/core/workspace/treeHost';

const SPEC = (text: string, extra = '') => `# Requirements

## AUTH-001: Login

Status: approved

${text}

## AUTH-002: Sessions

Parent: AUTH-001

Sessions expire.
${extra}`;

const FILES = {
  'specs/req.md': SPEC('Users log in with a password.'),
  'src/login.ts': '// @impl AUTH-001\nexport const login = 1;\n// @impl AUTH-002\n',
  'tests/login.test.ts': '// @test AUTH-001\n// @test AUTH-002\n',
};

/** Indexes head, then base beside it; `hunks` by head path. */
async function compare(base: Record<string, string>, head: Record<string, string>, files: FileChange[], hunks: Record<string, Hunk[]> = {}) {
  const headEngine = await createEngine({ host: new MemoryHost(head) });
  const baseHost = new MemoryHost(base);
  const baseEngine = new Engine({ host: baseHost });
  await baseEngine.loadConfig();
  const changes = new ChangeSet(files, new Map(Object.entries(hunks).map(([f, h]) => [f, new LineMap(h)])));
  await baseEngine.indexAll(undefined, undefined, { from: headEngine, unchanged: (f) => changes.unchanged(f) });
  const diff = diffRevisions(baseEngine, headEngine, changes);
  return { diff, json: diffJson(diff, 'b'.repeat(40), 'worktree'), baseHost, baseEngine };
}

const modified = (path: string): FileChange => ({ status: 'modified', basePath: path, headPath: path });
const places = (list: Array<{ file: string; line: number; kind: string }>) => list.map((s) => `${s.file}:${s.line} ${s.kind}`);

describe('revision diff', () => {
  it('a text change makes suspects of the untouched references and children, and reads only the changed file at the base', async () => {
    const head = {
      ...FILES,
      'specs/req.md': SPEC('Users log in with a passkey.'),
      // A reference the change wrote is no suspect: its author just looked at it.
      'src/login.ts': '// @impl AUTH-001\nexport const login = 1;\n// @impl AUTH-002\n// @impl AUTH-001 (passkeys)\n',
    };
    const { diff, json, baseHost, baseEngine } = await compare(FILES, head, [modified('specs/req.md'), modified('src/login.ts')], {
      'specs/req.md': [{ oldStart: 7, oldLines: 1, newStart: 7, newLines: 1 }],
      'src/login.ts': [{ oldStart: 3, oldLines: 0, newStart: 4, newLines: 1 }],
    });
    assert.deepEqual(json.requirements, { added: [], removed: [], changed: [{ id: 'AUTH-001', fields: ['text'] }] });
    assert.deepEqual(places(diff.suspects), ['specs/req.md:9 child', 'src/login.ts:1 impl', 'tests/login.test.ts:1 test']);
    assert.ok(diff.suspects.every((s) => s.requirement === 'AUTH-001' && s.fields.join() === 'text'));
    assert.deepEqual(places(diff.references.added), ['src/login.ts:4 impl']);
    assert.deepEqual(diff.references.removed, []);
    assert.deepEqual(baseHost.reads.sort(), ['specs/req.md', 'src/login.ts']);
    assert.equal(baseEngine.lastIndexStats.reused, 1);
  });

  it('a whitespace-only or reflow-only change of the text makes no change and no suspect', async () => {
    const head = { ...FILES, 'specs/req.md': SPEC('Users  log in\n   with a\npassword.') };
    const { diff } = await compare(FILES, head, [modified('specs/req.md')], { 'specs/req.md': [{ oldStart: 7, oldLines: 1, newStart: 7, newLines: 3 }] });
    assert.deepEqual(diff.requirements.changed, []);
    assert.deepEqual(diff.suspects, []);
  });

  it('a status or needs change is suspect, a version or tags change is not', async () => {
    const base = { ...FILES, 'specs/req.md': SPEC('Users log in with a password.').replace('Status: approved', 'Status: approved\nVersion: 1\nTags: a') };
    const head = { ...FILES, 'specs/req.md': SPEC('Users log in with a password.').replace('Status: approved', 'Status: approved\nVersion: 2\nTags: b') };
    const hunks = { 'specs/req.md': [{ oldStart: 6, oldLines: 2, newStart: 6, newLines: 2 }] };
    const quiet = await compare(base, head, [modified('specs/req.md')], hunks);
    assert.deepEqual(quiet.json.requirements.changed, [{ id: 'AUTH-001', fields: ['version', 'tags'] }]);
    assert.deepEqual(quiet.diff.suspects, []);
    const status = await compare(FILES, { ...FILES, 'specs/req.md': SPEC('Users log in with a password.').replace('approved', 'implemented') }, [modified('specs/req.md')], {
      'specs/req.md': [{ oldStart: 5, oldLines: 1, newStart: 5, newLines: 1 }],
    });
    assert.deepEqual(status.json.requirements.changed, [{ id: 'AUTH-001', fields: ['status'] }]);
    assert.equal(status.diff.suspects.length, 3);
  });

  it('a requirement moved to another file is neither added, removed nor changed', async () => {
    const [first, second] = SPEC('Users log in with a password.').split('## AUTH-002');
    const head = { ...FILES, 'specs/req.md': first, 'specs/sessions.md': `# More\n\n## AUTH-002${second}` };
    const { json } = await compare(FILES, head, [modified('specs/req.md'), { status: 'added', headPath: 'specs/sessions.md' }], {
      'specs/req.md': [{ oldStart: 9, oldLines: 6, newStart: 8, newLines: 0 }],
    });
    assert.deepEqual(json.requirements, { added: [], removed: [], changed: [] });
    assert.deepEqual(json.suspects, []);
  });

  it('a removed requirement turns its references into new unknown-requirement problems', async () => {
    const head = { ...FILES, 'specs/req.md': SPEC('Users log in with a password.').split('## AUTH-002')[0] };
    const { json } = await compare(FILES, head, [modified('specs/req.md')], { 'specs/req.md': [{ oldStart: 9, oldLines: 6, newStart: 8, newLines: 0 }] });
    assert.deepEqual(json.requirements.removed, ['AUTH-002']);
    assert.deepEqual(
      json.problems.new.map((d) => `${d.file}:${d.line} ${d.code} ${d.requirement}`),
      ['src/login.ts:3 unknown-requirement AUTH-002', 'tests/login.test.ts:2 unknown-requirement AUTH-002'],
    );
    // Its own uncovered-requirement warning... it had none; nothing else was fixed.
    assert.deepEqual(json.problems.fixed, []);
  });

  it('a renamed source file keeps its references and problems, and its suspects are at the new path', async () => {
    const base = { ...FILES, 'src/login.ts': FILES['src/login.ts'] + '// @impl NOPE-1\n' };
    const head: Record<string, string> = { ...base, 'specs/req.md': SPEC('Users sign in.'), 'src/signin.ts': base['src/login.ts'] };
    delete head['src/login.ts'];
    const { diff, json } = await compare(base, head, [modified('specs/req.md'), { status: 'renamed', basePath: 'src/login.ts', headPath: 'src/signin.ts' }], {
      'specs/req.md': [{ oldStart: 7, oldLines: 1, newStart: 7, newLines: 1 }],
    });
    assert.deepEqual(json.references, { added: [], removed: [] });
    assert.deepEqual(json.problems, { new: [], fixed: [] });
    assert.ok(places(diff.suspects).includes('src/signin.ts:1 impl'));
  });

  it('coverage before and after', async () => {
    const head = { ...FILES, 'tests/login.test.ts': '// @test AUTH-001\n' };
    const { json } = await compare(FILES, head, [modified('tests/login.test.ts')], { 'tests/login.test.ts': [{ oldStart: 2, oldLines: 1, newStart: 1, newLines: 0 }] });
    assert.deepEqual(json.coverage, { base: { needing: 2, covered: 2, coverage: 100 }, head: { needing: 2, covered: 1, coverage: 50 } });
    assert.deepEqual(places(json.references.removed), ['tests/login.test.ts:2 test']);
    assert.deepEqual(json.problems.new.map((d) => d.code), ['uncovered-requirement']);
  });
});

describe('tree host', () => {
  it('indexes a listed tree as a folder, reading each blob once, sizes listed or not', async () => {
    const blobs = new Map(Object.entries(FILES).map(([f, text], i) => [`id${i}`, { f, bytes: Buffer.from(text) }]));
    const asked: string[] = [];
    const listing = new Map([...blobs].map(([id, b], i) => [b.f, i === 0 ? { id, size: b.bytes.length } : { id }]));
    const host = new TreeHost(listing, { read: async (id) => (asked.push(id), blobs.get(id)?.bytes) });
    assert.deepEqual((await host.readDirectory('')).map((e) => `${e.name} ${e.type}`).sort(), ['specs directory', 'src directory', 'tests directory']);
    const engine = await createEngine({ host });
    assert.deepEqual(engine.index.definedIds(), ['AUTH-001', 'AUTH-002']);
    assert.deepEqual(asked.sort(), ['id0', 'id1', 'id2']);
  });
});

describe('line map', () => {
  // Old lines 3-4 replaced by new 3; one line inserted after old 7; old 10 deleted.
  const map = new LineMap([
    { oldStart: 3, oldLines: 2, newStart: 3, newLines: 1 },
    { oldStart: 7, oldLines: 0, newStart: 7, newLines: 1 },
    { oldStart: 10, oldLines: 1, newStart: 9, newLines: 0 },
  ]);

  it('moves untouched lines and names the hunk of touched ones', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11].map((l) => map.toHead(l)), [
      { line: 1 }, { line: 2 }, { hunk: 0 }, { hunk: 0 }, { line: 4 }, { line: 6 }, { line: 8 }, { line: 9 }, { hunk: 2 }, { line: 10 },
    ]);
    assert.deepEqual([3, 4, 6, 7, 8, 10].map((l) => map.toBase(l)), [{ hunk: 0 }, { line: 5 }, { line: 7 }, { hunk: 1 }, { line: 8 }, { line: 11 }]);
    assert.deepEqual([2, 3, 4, 7, 9].map((l) => map.touchedAtHead(l)), [false, true, false, true, false]);
    assert.equal(map.touchesHeadRange(4, 6), false);
    assert.equal(map.touchesHeadRange(4, 7), true);
  });

  it('every line of an added file is touched; none of an unchanged one', () => {
    assert.equal(LineMap.WHOLE.touchedAtHead(1), true);
    assert.equal(LineMap.IDENTITY.touchedAtHead(1), false);
  });
});

describe('problem matching', () => {
  const d = (file: string, line: number, message = 'unknown requirement X-1', code = 'unknown-requirement'): ReportDiagnostic => ({
    severity: 'error', code, message, file, line, column: 1, endLine: line, endColumn: 4, requirement: 'X-1',
  });

  it('matches by code, requirement, file and message; a moved line still matches, the line it moved to first', () => {
    const base = [d('a.ts', 3), d('a.ts', 10)];
    const head = [d('a.ts', 1), d('a.ts', 12), d('a.ts', 20), d('b.ts', 3)];
    const m = matchProblems(base, head, { lineAtHead: (_f, l) => (l === 10 ? 12 : undefined) });
    assert.deepEqual(m.existing, [true, true, false, false]);
    assert.deepEqual(m.fixed, []);
    assert.deepEqual(matchProblems([d('a.ts', 3, 'other')], head).fixed.map((x) => x.message), ['other']);
  });

  it('leaves the line numbers a message names out, and follows renamed files', () => {
    assert.equal(messageKey('X-1 is defined 2 times (also at specs/a.md:12, b.md:3)'), 'X-1 is defined 2 times (also at specs/a.md, b.md)');
    const m = matchProblems([d('old.ts', 5, 'X-1 is defined 2 times (also at s.md:4)')], [d('new.ts', 9, 'X-1 is defined 2 times (also at s.md:40)')], {
      fileAtHead: (f) => (f === 'old.ts' ? 'new.ts' : f),
    });
    assert.deepEqual(m.existing, [true]);
  });
});
