/**
 * The index's per-ID lists of files: each file once per ID it names, in the
 * order the files were attached, and pulled again one by one (the edits of
 * a language server).
 */
import * as assert from 'node:assert/strict';
import { CandidateLists } from '../../server/src/core/index/candidateLists';
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

describe('per-ID lists of files', () => {
  it('show every added file to the next read, each once per ID, in the order added', () => {
    const lists = new CandidateLists();
    lists.attach(entry('a.ts', 'A-1', 'B-1', 'A-1'));
    lists.attach(entry('b.ts', 'B-1'));
    lists.attach(entry('c.ts', 'A-1'));
    assert.deepEqual(filesOf(lists, 'A-1'), ['a.ts', 'c.ts']);
    assert.deepEqual(filesOf(lists, 'B-1'), ['a.ts', 'b.ts']);
    assert.deepEqual([...lists.all().keys()].sort(), ['A-1', 'B-1']);
    assert.equal(lists.get('A-1')!.prefix, 'A');
  });

  it('tell the IDs a file names, and pull a file from a list', () => {
    const lists = new CandidateLists();
    const a = entry('a.ts', 'A-1');
    lists.attach(a);
    lists.attach(entry('b.ts', 'A-1'));
    const named: string[] = [];
    lists.attach(entry('c.ts', 'A-1', 'C-1'), (id) => named.push(id));
    assert.deepEqual(named, ['A-1', 'C-1']);
    assert.deepEqual(filesOf(lists, 'A-1'), ['a.ts', 'b.ts', 'c.ts']);
    lists.attach(entry('d.ts', 'D-1'));
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
