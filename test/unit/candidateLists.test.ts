/**
 * The index's per-ID lists of files take added files in batches: whatever
 * is read of them must be what attaching each file at once would give, in
 * the same order, across a batch's end, and mixed with files attached or
 * pulled one by one (the edits of a language server).
 */
import * as assert from 'node:assert/strict';
import { ATTACH_BATCH, CandidateLists } from '../../server/src/core/index/candidateLists';
import type { FileEntry } from '../../server/src/core/index/fileEntry';
import { packRefs } from '../../server/src/core/index/packedRefs';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';

/** A source file naming `ids` (one candidate each, on successive lines). */
function entry(file: string, ...ids: string[]): FileEntry {
  const refs = packRefs(ids.map((id, line) => ({ id, explicit: true, range: { start: { line, character: 0 }, end: { line, character: id.length } } })));
  return { file, isSpec: false, isTest: false, defs: [], refs, problems: [] };
}

function filesOf(lists: CandidateLists, id: string): string[] {
  return (lists.get(id)?.entries ?? []).map((e) => e.file);
}

describe('per-ID lists of files, attached in batches', () => {
  it('show every added file to the next read, each once per ID, in the order added', () => {
    const lists = new CandidateLists();
    lists.addLater(entry('a.ts', 'A-1', 'B-1', 'A-1'));
    lists.addLater(entry('b.ts', 'B-1'));
    lists.addLater(entry('c.ts', 'A-1'));
    assert.deepEqual(filesOf(lists, 'A-1'), ['a.ts', 'c.ts']);
    assert.deepEqual(filesOf(lists, 'B-1'), ['a.ts', 'b.ts']);
    assert.deepEqual([...lists.all().keys()].sort(), ['A-1', 'B-1']);
    assert.equal(lists.get('A-1')!.prefix, 'A');
  });

  it('keep the order across the end of a batch', () => {
    const lists = new CandidateLists();
    const n = ATTACH_BATCH + 10;
    for (let i = 0; i < n; i++) lists.addLater(entry(`f${i}.ts`, `ID-${i % 3}`, 'ALL-1'));
    const all = filesOf(lists, 'ALL-1');
    assert.equal(all.length, n);
    assert.deepEqual(all, Array.from({ length: n }, (_, i) => `f${i}.ts`));
    assert.equal(filesOf(lists, 'ID-1').length, Math.floor((n - 2) / 3) + 1);
  });

  it('put the files still waiting before one attached at once, and pull a waiting file', () => {
    const lists = new CandidateLists();
    const a = entry('a.ts', 'A-1');
    lists.addLater(a);
    lists.addLater(entry('b.ts', 'A-1'));
    const named: string[] = [];
    lists.attach(entry('c.ts', 'A-1', 'C-1'), (id) => named.push(id));
    assert.deepEqual(named, ['A-1', 'C-1']);
    assert.deepEqual(filesOf(lists, 'A-1'), ['a.ts', 'b.ts', 'c.ts']);
    lists.addLater(entry('d.ts', 'D-1'));
    lists.pull('A-1', a);
    assert.deepEqual(filesOf(lists, 'A-1'), ['b.ts', 'c.ts']);
    assert.deepEqual(filesOf(lists, 'D-1'), ['d.ts']);
    assert.equal(lists.empty, false);
    lists.clear();
    assert.equal(lists.empty, true);
  });

  it('answer the index as soon as files are added, and after a file added is removed', () => {
    const index = new WorkspaceIndex();
    index.add(entry('a.ts', 'A-1'));
    index.add(entry('b.ts', 'A-1', 'B-2'));
    assert.deepEqual([...index.filesReferencing(['A-1'])], ['a.ts', 'b.ts']);
    index.remove('a.ts');
    assert.deepEqual(index.references('A-1').map((r) => r.file), ['b.ts']);
    assert.deepEqual([...index.filesNamingUndefinedIds()].sort(), ['b.ts']);
  });
});
