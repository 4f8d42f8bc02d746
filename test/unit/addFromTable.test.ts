/**
 * A warm start adds the cached files in bulk (WorkspaceIndex.addFromTable):
 * it must build the same index as adding them one by one.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CacheTable } from '../../server/src/core/index/indexCache';
import { packRefs } from '../../server/src/core/index/packedRefs';
import type { RefCandidate, RequirementDef } from '../../server/src/core/types';
import type { FileEntry } from '../../server/src/core/index/fileEntry';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';

const IDS = ['A-1', 'A-2', 'B-1', 'B-7', 'C-3', 'X-9'];
const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 3 } });

function def(id: string, file: string): RequirementDef {
  return { id, title: id, version: 1, tags: [], parents: [], text: '', file, range: at(0), fullRange: at(0), source: 'markdown' };
}

const file = fc.record({
  refs: fc.array(fc.record({ id: fc.constantFrom(...IDS), explicit: fc.boolean(), verbKind: fc.constantFrom(undefined, 'impl', 'test') }), { maxLength: 8 }),
  defines: fc.subarray(['A-1', 'B-1', 'C-3']),
  isTest: fc.boolean(),
});

/** Entries as a loaded cache gives them: strings shared through one table. */
function fromCache(files: Array<{ refs: Array<{ id: string; explicit: boolean; verbKind?: string }>; defines: string[]; isTest: boolean }>): {
  entries: FileEntry[];
  table: CacheTable;
} {
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const indices: number[] = [];
  const starts = [0];
  const entries = files.map((f, i) => {
    const name = `src/f${i}.ts`;
    const cands: RefCandidate[] = f.refs.map((r, line) => ({ id: r.id, range: at(line), explicit: r.explicit, ...(r.verbKind ? { verbKind: r.verbKind } : {}) }));
    const packed = packRefs(cands);
    // NO_REFS (no candidates) is frozen and shared: only real packs get the table's strings.
    const refs = cands.length === 0 ? packed : { ...packed };
    if (cands.length > 0) refs.strings = packed.strings.map((s) => {
      if (!numbers.has(s)) numbers.set(s, strings.push(s) - 1);
      indices.push(numbers.get(s)!);
      return strings[numbers.get(s)!];
    });
    starts.push(indices.length);
    return { file: name, isSpec: f.defines.length > 0, isTest: f.isTest, defs: f.defines.map((id) => def(id, name)), refs, problems: [] };
  });
  return { entries, table: { strings, stringIndices: Int32Array.from(indices), stringStart: Int32Array.from(starts) } };
}

/** What the index answers, as plain data. */
function answers(index: WorkspaceIndex): unknown {
  return {
    files: [...index.files()],
    defined: index.definedIds(),
    references: IDS.map((id) => [id, index.references(id), [...index.coverageCounts(id)]]),
    referencing: [...index.filesReferencing(IDS)],
    undefinedIds: [...index.filesNamingUndefinedIds()],
  };
}

describe('warm start: adding cached files in bulk', () => {
  it('builds the same index as adding them one by one', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 25 }), (files) => {
        const one = fromCache(files);
        const byOne = new WorkspaceIndex();
        for (const e of one.entries) byOne.add(e);
        const bulk = fromCache(files);
        const byTable = new WorkspaceIndex();
        byTable.addFromTable(bulk.entries, bulk.entries.map((_, i) => i), bulk.table);
        assert.deepEqual(answers(byTable), answers(byOne));
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
