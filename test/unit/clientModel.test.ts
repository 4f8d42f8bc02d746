/** The parts of the VS Code client that need no `vscode`: restart policy, tree grouping, wording. */
import * as assert from 'node:assert/strict';
import { coverageLines, coverageSentence, releaseTable, shortCoverage } from '../../client/src/coverageText';
import { CrashTracker } from '../../client/src/crashTracker';
import {
  countsText,
  coverageWords,
  fileDescription,
  groupDescription,
  groupLabel,
  groupSpecFiles,
  isGrouping,
  moreLabel,
  reportFileName,
  requirementDescription,
  shownGroups,
  shownPage,
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

describe('client: the grouped Requirements view', () => {
  it('names groups: releases, tags, and the requirements without one', () => {
    assert.equal(groupLabel('release', '1.1'), 'Release 1.1');
    assert.equal(groupLabel('release', null), 'No release');
    assert.equal(groupLabel('tag', 'security'), 'security');
    assert.equal(groupLabel('tag', null), 'Untagged');
  });

  it('describes a group by its roll-up counts', () => {
    assert.equal(groupDescription({ requirements: 5, needing: 5, covered: 3 }), '3/5 covered');
    assert.equal(groupDescription({ requirements: 2, needing: 0, covered: 0 }), '2 requirements, none needs coverage');
    assert.equal(groupDescription({ requirements: 1, needing: 0, covered: 0 }), '1 requirement, none needs coverage');
  });

  it('filters groups and pages to what is uncovered, keeping the path to an uncovered descendant', () => {
    const groups = [
      { key: '1.0', requirements: 2, needing: 2, covered: 2 },
      { key: '1.1', requirements: 3, needing: 3, covered: 0 },
    ];
    assert.deepEqual(shownGroups(groups, false).map((g) => g.key), ['1.0', '1.1']);
    assert.deepEqual(shownGroups(groups, true).map((g) => g.key), ['1.1']);
    const page = [
      req('F-1', { rollup: { needing: 3, covered: 2 }, children: 2 }),
      req('F-2', { rollup: { needing: 1, covered: 1 }, children: 0 }),
      req('F-3', { covered: false, missing: ['test'] }),
      req('F-0'),
    ];
    // The server's order (by location) stays: no sorting by line.
    assert.deepEqual(shownPage(page, false).map((r) => r.id), ['F-1', 'F-2', 'F-3', 'F-0']);
    assert.deepEqual(shownPage(page, true).map((r) => r.id), ['F-1', 'F-3']);
  });

  it("shows a parent's roll-up and a requirement's release after the title", () => {
    const parent = req('AUTH-001', { title: 'Login', release: '1.0', rollup: { needing: 3, covered: 2 }, children: 2 });
    assert.equal(requirementDescription(parent, 'hierarchy'), 'Login — 2/3 covered · 1.0');
    assert.equal(requirementDescription(parent, 'release'), 'Login — 2/3 covered');
    assert.equal(requirementDescription(req('X-1', { title: 'Leaf', rollup: { needing: 1, covered: 0 }, children: 0 }), 'hierarchy'), 'Leaf');
    assert.equal(requirementDescription(req('X-1', { title: 'Plain', release: '2.0' }), 'tag'), 'Plain · 2.0');
    assert.equal(requirementDescription(req('X-1', { title: 'Plain', release: '2.0' }), 'file'), 'Plain');
  });

  it('labels the node that holds the next page', () => {
    assert.equal(moreLabel(500, 44_500, 500), 'Next 500 of 44,000 more…');
    assert.equal(moreLabel(500, 700, 500), '200 more…');
  });

  it('knows its groupings, and names the report file safely', () => {
    assert.ok(['file', 'release', 'tag', 'hierarchy'].every(isGrouping));
    assert.equal(isGrouping('status'), false);
    assert.equal(reportFileName('my app'), 'reqtrace-report-my_app.html');
    assert.equal(reportFileName('../..'), 'reqtrace-report.html');
  });
});

describe('client: coverage by release in the status bar', () => {
  it('is a Markdown table of release, covered/needing and percentage, no-release last', () => {
    const table = releaseTable(
      summary({
        releases: [
          { release: '1.0', needing: 2, covered: 2, coverage: 100 },
          { release: '1.1', needing: 3, covered: 1, coverage: 33.3 },
          { release: '2.0', needing: 0, covered: 0, coverage: 100 },
          { release: null, needing: 1, covered: 1, coverage: 100 },
        ],
      }),
    );
    assert.equal(
      table,
      ['| Release | Covered | % |', '|:--|--:|--:|', '| 1\\.0 | 2/2 | 100% |', '| 1\\.1 | 1/3 | 33% |', '| 2\\.0 | 0/0 | — |', '| *no release* | 1/1 | 100% |'].join('\n'),
    );
    assert.equal(releaseTable(summary()), undefined);
    assert.match(releaseTable(summary({ releases: [{ release: 'a|b', needing: 1, covered: 0, coverage: 0 }] }))!, /\| a\\\|b \|/);
  });
});
