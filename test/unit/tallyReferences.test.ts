/**
 * The CLI asks about every requirement at once, in one pass over the files
 * (`WorkspaceIndex.tallyReferences`): the coverage counts it primes and the
 * reference lists of the trace model must be what the walk per ID gives.
 * The random workspaces of the incremental property test compare them too;
 * these are the cases those do not reach.
 */
import * as assert from 'node:assert/strict';
import { referencesById, toTraceReference } from '../../server/src/cli/reporters/traceModel';
import type { Engine } from '../../server/src/core/engine/engine';
import { engineFor } from './engineHelpers';

function walked(engine: Engine, id: string): unknown[] {
  return engine.index.references(id).map(toTraceReference);
}

describe('one pass over every file for every requirement', () => {
  it("lists a file's references by position when a dialect's come after the house scanner's", async () => {
    // The house scanner's candidates are packed first, then StrictDoc's markers: line 3 before line 1.
    const engine = await engineFor({
      'reqtrace.yaml': 'dialects: [strictdoc]\n',
      'docs/spec.md': '# Spec\n\n## REQ-1: Login\n\n## REQ-2: Logout\n',
      'src/a.py': '# @relation(REQ-1, scope=line)\nx = 1\n# @impl REQ-1 and REQ-2\n',
      'src/b.py': '# @test REQ-1\n',
    });
    const lists = referencesById(engine.index);
    assert.deepEqual(
      lists.get('REQ-1')!.map((r) => `${r.file}:${r.line}`),
      ['src/a.py:1', 'src/a.py:3', 'src/b.py:1'],
    );
    for (const id of ['REQ-1', 'REQ-2']) assert.deepEqual(lists.get(id), walked(engine, id), id);
  });

  it('primes the counts of every defined ID, those of no reference and pinned ones included, until the next change', async () => {
    const engine = await engineFor({
      'docs/spec.md': '# Spec\n\n## A-1: One\nVersion: 2\n\n## A-2: Two\n\n## A-3: Unreferenced\n',
      'src/a.ts': '// @impl A-1@2 A-1@1\n// A-2 B-9\n/* @test A-1 */\n',
      'tests/a.test.ts': '// A-1 A-2\n',
    });
    const ids = ['A-1', 'A-2', 'A-3'];
    const counts = () => Object.fromEntries(ids.map((id) => [id, [...engine.index.coverageCounts(id)].sort()]));
    const byWalk = counts();
    assert.deepEqual(byWalk, { 'A-1': [['impl', 2], ['test', 2]], 'A-2': [['impl', 1], ['test', 1]], 'A-3': [] });
    engine.index.primeCoverageCounts();
    assert.deepEqual(counts(), byWalk);
    assert.deepEqual([...engine.index.coverageCounts('A-1', 2)], [['impl', 1]], 'a pinned count is still walked');
    engine.updateText('src/a.ts', '// @impl A-3\n');
    assert.deepEqual(counts(), { 'A-1': [['test', 1]], 'A-2': [['test', 1]], 'A-3': [['impl', 1]] });
  });
});
