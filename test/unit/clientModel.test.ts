/** The parts of the VS Code client that need no `vscode`: restart policy, tree grouping, wording. */
import * as assert from 'node:assert/strict';
import { coverageLines, coverageSentence, shortCoverage } from '../../client/src/coverageText';
import { CrashTracker } from '../../client/src/crashTracker';
import {
  countsText,
  coverageWords,
  fileDescription,
  groupSpecFiles,
  requirementState,
  shownRequirements,
} from '../../client/src/requirementsModel';
import type { CoverageSummary, RequirementItem, WorkspaceFolderSpecFiles } from '../../server/src/protocol';

function req(id: string, over: Partial<RequirementItem> = {}): RequirementItem {
  return {
    id,
    title: `Title of ${id}`,
    status: 'approved',
    version: 1,
    uri: 'file:///ws/docs/spec.md',
    file: 'docs/spec.md',
    line: 0,
    character: 3,
    covered: true,
    needs: ['impl', 'test'],
    missing: [],
    counts: { impl: 1, test: 1 },
    errors: 0,
    referenceCount: 2,
    release: null,
    tags: [],
    ...over,
  };
}

function summary(over: Partial<CoverageSummary> = {}): CoverageSummary {
  return {
    requirements: 20,
    needing: 16,
    covered: 14,
    uncovered: 2,
    references: 45,
    errors: 1,
    warnings: 3,
    coverage: 87.5,
    indexing: false,
    ...over,
  };
}

describe('client: CrashTracker', () => {
  it('allows 4 restarts within 3 minutes and refuses the 5th', () => {
    let now = 0;
    const tracker = new CrashTracker(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) {
      now += 1000;
      assert.equal(tracker.recordCrash(), true, `crash ${i + 1}`);
    }
    now += 1000;
    assert.equal(tracker.recordCrash(), false);
    assert.equal(tracker.recentCrashes, 5);
  });

  it('forgets crashes older than the window', () => {
    let now = 0;
    const tracker = new CrashTracker(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) tracker.recordCrash();
    now = 180_001;
    assert.equal(tracker.recordCrash(), true);
    assert.equal(tracker.recentCrashes, 1);
  });
});

describe('client: requirement state', () => {
  it('lets errors win, then exemption, then coverage', () => {
    assert.equal(requirementState(req('A-1')), 'covered');
    assert.equal(requirementState(req('A-1', { covered: false, missing: ['test'] })), 'uncovered');
    assert.equal(requirementState(req('A-1', { status: 'draft', needs: [] })), 'exempt');
    assert.equal(requirementState(req('A-1', { status: 'Deprecated', needs: [] })), 'exempt');
    assert.equal(requirementState(req('A-1', { needs: [] })), 'exempt');
    assert.equal(requirementState(req('A-1', { status: 'draft', errors: 1 })), 'error');
    assert.equal(requirementState(req('A-1', { covered: false, errors: 2 })), 'error');
  });

  it('describes coverage in a few words', () => {
    assert.equal(coverageWords(req('A-1')), 'covered');
    assert.equal(coverageWords(req('A-1', { covered: false, missing: ['impl', 'test'] })), 'missing impl, test');
    assert.equal(coverageWords(req('A-1', { status: 'deprecated', needs: [] })), 'needs no coverage');
    assert.equal(countsText({ test: 0, review: 2, impl: 3 }), 'impl 3 · test 0 · review 2');
  });
});

describe('client: the Requirements view, level by level', () => {
  const folder: WorkspaceFolderSpecFiles = {
    folder: 'file:///ws',
    name: 'ws',
    files: [
      { uri: 'file:///ws/docs/b.md', file: 'docs/b.md', requirements: 2, needing: 2, covered: 1 },
      { uri: 'file:///ws/docs/a.md', file: 'docs/a.md', requirements: 2, needing: 1, covered: 1 },
      { uri: 'file:///ws/docs/c.md', file: 'docs/c.md', requirements: 1, needing: 0, covered: 0 },
    ],
  };

  it('lists the spec files sorted by path, with their coverage', () => {
    const [group] = groupSpecFiles([folder], false);
    assert.deepEqual(
      group.files.map((f) => [f.file, fileDescription(f)]),
      [
        ['docs/a.md', '1/1 covered'],
        ['docs/b.md', '1/2 covered'],
        ['docs/c.md', '1 requirement, none needs coverage'],
      ],
    );
  });

  it('keeps only files with an uncovered requirement when filtered, and drops emptied folders', () => {
    const other: WorkspaceFolderSpecFiles = { folder: 'file:///other', name: 'other', files: [{ uri: 'file:///other/x.md', file: 'x.md', requirements: 1, needing: 1, covered: 1 }] };
    const groups = groupSpecFiles([folder, other], true);
    assert.deepEqual(
      groups.map((g) => [g.name, g.files.map((f) => f.file)]),
      [['ws', ['docs/b.md']]],
    );
    // The file's counts still describe the whole file.
    assert.equal(fileDescription(groups[0].files[0]), '1/2 covered');
    // Unfiltered, an empty folder still shows (it says it has no requirements).
    assert.deepEqual(
      groupSpecFiles([{ ...other, files: [] }], false).map((g) => g.name),
      ['other'],
    );
  });

  it("shows a file's requirements by position, only the uncovered ones when filtered", () => {
    const reqs = [
      req('B-2', { line: 4, covered: false, missing: ['test'] }),
      req('B-1', { line: 1 }),
      req('B-0', { line: 1, character: 0, status: 'draft', needs: [] }),
    ];
    assert.deepEqual(
      shownRequirements(reqs, false).map((r) => r.id),
      ['B-0', 'B-1', 'B-2'],
    );
    assert.deepEqual(
      shownRequirements(reqs, true).map((r) => r.id),
      ['B-2'],
    );
  });
});

describe('client: coverage text', () => {
  it('rounds the status bar percentage down', () => {
    assert.equal(shortCoverage(summary({ coverage: 99.9 })), '99%');
    assert.equal(shortCoverage(summary({ coverage: 100 })), '100%');
    assert.equal(shortCoverage(summary({ requirements: 0 })), '—');
  });

  it('breaks the summary down', () => {
    assert.deepEqual(coverageLines(summary()), [
      '20 requirements',
      '14 covered / 2 uncovered of 16 needing coverage',
      '45 references',
      '1 error, 3 warnings',
    ]);
    assert.equal(
      coverageSentence(summary()),
      'Coverage 87.5%: 20 requirements; 14 covered / 2 uncovered of 16 needing coverage; 45 references; 1 error, 3 warnings.',
    );
    assert.equal(coverageSentence(summary({ requirements: 0 })), 'reqtrace found no requirements in this workspace.');
  });
});
