/**
 * The hierarchy the Requirements view walks (top, children, roll-up) and the
 * groups it shows, computed from the index: they must agree with the report's
 * `rollup` and `report --group-by`, on an in-memory workspace with a diamond,
 * a cycle nothing leads into, a draft and a broken parent link.
 */
import * as assert from 'node:assert/strict';
import { definitionsInGroup, groupDefinitions } from '../../server/src/core/engine/definitionGroups';
import { RequirementHierarchy, rollupOf } from '../../server/src/core/engine/hierarchy';
import { buildReport } from '../../server/src/core/engine/report';
import { groupRequirements } from '../../server/src/core/engine/reportGroups';
import { engineFor } from './engineHelpers';
import { PLAN_CODE, PLAN_SPEC, PLAN_YAML_SPEC } from './planWorkspace';

const SPEC = `${PLAN_SPEC}
## O-1: Orphan
Parent: NOPE-1
`;

const workspace = () => engineFor({ 'docs/plan.md': SPEC, 'docs/more.yaml': PLAN_YAML_SPEC, 'src/a.ts': PLAN_CODE });

describe('requirement hierarchy (Requirements view)', () => {
  it('puts at the top every requirement without a defined parent, and the first member of a closed cycle', async () => {
    const h = new RequirementHierarchy(await workspace());
    assert.deepEqual(
      h.roots().map((d) => d.id),
      ['Y-1', 'F-1', 'C-1', 'O-1'],
    );
  });

  it('lists children by location, a child with two parents under each', async () => {
    const h = new RequirementHierarchy(await workspace());
    assert.deepEqual(h.children('F-1'), ['R-1', 'R-2', 'D-1']);
    assert.deepEqual(h.children('R-1'), ['S-1', 'S-2']);
    assert.deepEqual(h.children('R-2'), ['S-1']);
    assert.deepEqual(h.children('S-1'), []);
    assert.deepEqual(h.children('C-1'), ['C-2']);
    assert.deepEqual(h.children('C-2'), ['C-1']);
  });

  it("gives every requirement the report's roll-up (diamond and cycle counted once)", async () => {
    const engine = await workspace();
    const h = new RequirementHierarchy(engine);
    const report = buildReport(engine);
    for (const r of report.requirements) assert.deepEqual(h.rollup(r.id), r.rollup, r.id);
    assert.deepEqual(h.rollup('F-1'), { needing: 5, covered: 3 });
    assert.deepEqual(h.rollup('C-2'), { needing: 2, covered: 1 });
  });

  it('rollupOf reads only the graph it is given', () => {
    const graph = {
      own: (id: string) => ({ a: { needing: true, covered: true }, b: { needing: true, covered: false }, c: { needing: false, covered: false } })[id],
      children: (id: string) => ({ a: ['b', 'c', 'x'], b: ['a'] })[id] ?? [],
    };
    assert.deepEqual(rollupOf('a', graph), { needing: 2, covered: 1 });
    assert.deepEqual(rollupOf('b', graph), { needing: 2, covered: 1 });
    assert.deepEqual(rollupOf('c', graph), { needing: 0, covered: 0 });
  });
});

describe('definition groups (Requirements view by release or tag)', () => {
  for (const by of ['release', 'tag'] as const) {
    it(`by ${by}: the same groups and counts as report --group-by ${by}`, async () => {
      const engine = await workspace();
      const fromIndex = await groupDefinitions(engine, by);
      const fromReport = groupRequirements(buildReport(engine).requirements, by);
      const counts = (gs: typeof fromReport) => gs.map((g) => [g.key, g.requirements.length, g.needing, g.covered]);
      assert.deepEqual(counts(fromIndex), counts(fromReport));
    });
  }

  it('lists one group by location; key null is the requirements without one', async () => {
    const engine = await workspace();
    assert.deepEqual(definitionsInGroup(engine, 'release', '2.9').map((d) => d.id), ['R-1', 'S-1']);
    assert.deepEqual(definitionsInGroup(engine, 'release', '2.10').map((d) => d.id), ['Y-1', 'F-1']);
    assert.deepEqual(definitionsInGroup(engine, 'tag', 'pay').map((d) => d.id), ['F-1', 'R-1']);
    assert.deepEqual(definitionsInGroup(engine, 'tag', null).length, 8);
    assert.deepEqual(definitionsInGroup(engine, 'release', 'none'), []);
  });

  it('pauses between requirements when asked to, and stops when the pause throws', async () => {
    const engine = await workspace();
    let pauses = 0;
    await groupDefinitions(engine, 'release', async () => void pauses++);
    assert.equal(pauses, 10);
    await assert.rejects(groupDefinitions(engine, 'release', async () => Promise.reject(new Error('cancelled'))), /cancelled/);
  });
});
