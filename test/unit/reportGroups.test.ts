/**
 * Status for planners: the release attribute in both house formats, roll-up
 * through the parent hierarchy (diamonds and cycles counted once), and
 * grouping by tag, release, status, file and parent.
 */
import * as assert from 'node:assert/strict';
import { hoverMarkdown } from '../../server/src/core/engine/queries';
import { buildReport } from '../../server/src/core/engine/report';
import { groupRequirements } from '../../server/src/core/engine/reportGroups';
import { engineFor } from './engineHelpers';
import { PLAN_CODE, PLAN_SPEC, PLAN_YAML_SPEC } from './planWorkspace';

const YAML_SPEC = `${PLAN_YAML_SPEC}  - id: Y-2
    title: Empty release
    release: ""
`;

async function report() {
  const engine = await engineFor({ 'docs/plan.md': PLAN_SPEC, 'docs/more.yaml': YAML_SPEC, 'src/a.ts': PLAN_CODE });
  return { engine, report: buildReport(engine) };
}

function row(r: Awaited<ReturnType<typeof report>>['report'], id: string) {
  const found = r.requirements.find((x) => x.id === id);
  assert.ok(found, id);
  return found;
}

describe('release attribute', () => {
  it('reads Release: in Markdown and release: in YAML as written (2.10 is not 2.1)', async () => {
    const { report: r } = await report();
    assert.equal(row(r, 'F-1').release, '2.10');
    assert.equal(row(r, 'R-1').release, '2.9');
    assert.equal(row(r, 'R-2').release, null);
    assert.equal(row(r, 'Y-1').release, '2.10');
  });

  it('warns, located, about an empty release', async () => {
    const { engine } = await report();
    const d = engine.diagnostics().filter((x) => x.code === 'invalid-spec');
    assert.deepEqual(
      d.map((x) => `${x.file}:${x.range.start.line + 1} ${x.message}`),
      ['docs/more.yaml:7 Release must be a name or number, such as 2.1 or "Q3"'],
    );
  });

  it('shows in the hover', async () => {
    const { engine } = await report();
    assert.match(hoverMarkdown(engine, 'R-1'), /Version: 1 · Release: 2\.9 · Tags: pay/);
  });
});

describe('roll-up', () => {
  it('counts a requirement and every descendant once, through a diamond', async () => {
    const { report: r } = await report();
    // F-1, R-1 and S-2 covered; R-2 and S-1 not; D-1 a draft that needs none. S-1 is reached twice.
    assert.deepEqual(row(r, 'F-1').rollup, { needing: 5, covered: 3 });
    assert.deepEqual(row(r, 'R-1').rollup, { needing: 3, covered: 2 });
    assert.deepEqual(row(r, 'R-2').rollup, { needing: 2, covered: 0 });
    assert.deepEqual(row(r, 'S-1').rollup, { needing: 1, covered: 0 });
    assert.deepEqual(row(r, 'D-1').rollup, { needing: 0, covered: 0 });
  });

  it('is safe on cycles: each member counts once', async () => {
    const { report: r } = await report();
    assert.deepEqual(row(r, 'C-1').rollup, { needing: 2, covered: 1 });
    assert.deepEqual(row(r, 'C-2').rollup, { needing: 2, covered: 1 });
  });
});

describe('grouping', () => {
  it('by tag: a requirement counts in each of its tags, untagged ones under null, null last', async () => {
    const { report: r } = await report();
    const g = groupRequirements(r.requirements, 'tag');
    assert.deepEqual(
      g.map((x) => [x.key, x.requirements, x.needing, x.covered, x.coverage]),
      [
        ['pay', ['F-1', 'R-1'], 2, 2, 100],
        ['shop', ['F-1'], 1, 1, 100],
        [null, ['Y-1', 'Y-2', 'R-2', 'S-1', 'S-2', 'C-1', 'C-2', 'D-1'], 7, 2, 28.5],
      ],
    );
  });

  it('by release: natural order, 2.9 before 2.10', async () => {
    const { report: r } = await report();
    const g = groupRequirements(r.requirements, 'release');
    assert.deepEqual(g.map((x) => x.key), ['2.9', '2.10', null]);
    assert.deepEqual(g[0], { key: '2.9', requirements: ['R-1', 'S-1'], needing: 2, covered: 1, coverage: 50 });
  });

  it('by parent: each parent is a group, roots under null', async () => {
    const { report: r } = await report();
    const g = groupRequirements(r.requirements, 'parent');
    const byKey = new Map(g.map((x) => [x.key, x.requirements]));
    assert.deepEqual(byKey.get('F-1'), ['R-1', 'R-2', 'D-1']);
    assert.deepEqual(byKey.get('R-1'), ['S-1', 'S-2']);
    assert.deepEqual(byKey.get('R-2'), ['S-1']);
    assert.ok(byKey.get(null)?.includes('F-1'));
  });

  it('by status and by file', async () => {
    const { report: r } = await report();
    assert.deepEqual(groupRequirements(r.requirements, 'status').map((x) => x.key), ['draft', null]);
    assert.deepEqual(groupRequirements(r.requirements, 'file').map((x) => [x.key, x.requirements.length]), [['docs/more.yaml', 2], ['docs/plan.md', 8]]);
  });
});
