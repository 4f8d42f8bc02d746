/**
 * The index's per-ID lists of files: each file once per ID it names, in the
 * order the files were attached, and pulled again one by one (the edits of
 * a language server).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CandidateLists } from '../../server/src/core/index/candidateLists';
import type { FileEntry } from '../../server/src/core/index/fileEntry';
import { packRefs } from '../../server/src/core/index/packedRefs';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';

const RUNS = Number(process.env.REQTRACE_FUZZ_RUNS ?? 300);

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

  it('keep more waiting (file, ID) pairs than one chunk holds (65,536), each file in its lists in order', () => {
    const lists = new CandidateLists();
    // 50,000 files of 3 IDs each: 150,000 pairs, three chunks; a second batch after a read starts the chunks again.
    for (let i = 0; i < 50_000; i++) lists.attach(entry(`f${i}.ts`, `ALL-1`, `MOD-${i % 7}`, `ONE-${i}`));
    assert.equal(lists.get('ALL-1')!.entries.length, 50_000);
    assert.deepEqual(filesOf(lists, 'MOD-3').slice(0, 3), ['f3.ts', 'f10.ts', 'f17.ts']);
    assert.equal(filesOf(lists, 'MOD-3').length, 7143);
    assert.deepEqual(filesOf(lists, 'ONE-49999'), ['f49999.ts']);
    assert.deepEqual(filesOf(lists, 'ONE-32768'), ['f32768.ts']);
    for (let i = 0; i < 40_000; i++) lists.attach(entry(`g${i}.ts`, `MOD-${i % 7}`, `TWO-${i}`));
    assert.equal(filesOf(lists, 'MOD-3').length, 7143 + 5714);
    assert.deepEqual(filesOf(lists, 'MOD-3').slice(7142, 7145), ['f49997.ts', 'g3.ts', 'g10.ts']);
    assert.deepEqual(filesOf(lists, 'TWO-39999'), ['g39999.ts']);
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

  it('give every read what attaching each file at once would, whatever comes between (waiting files, edits, pulls, clears)', () => {
    const ids = ['A-1', 'A-2', 'B-1', 'C-1', 'C-22'];
    const op = fc.oneof(
      { arbitrary: fc.record({ add: fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 }) }), weight: 8 },
      { arbitrary: fc.record({ edit: fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }) }), weight: 2 },
      { arbitrary: fc.record({ pull: fc.nat(), id: fc.constantFrom(...ids) }), weight: 2 },
      { arbitrary: fc.record({ read: fc.constantFrom(...ids) }), weight: 2 },
      { arbitrary: fc.constant({ flush: true as const }), weight: 1 },
      { arbitrary: fc.constant({ clear: true as const }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 120 }), (ops) => {
        const lists = new CandidateLists();
        // The model: each ID's files in the order attached, and every file attached so far.
        const model = new Map<string, FileEntry[]>();
        const added: FileEntry[] = [];
        const same = () => {
          const all = lists.all();
          assert.deepEqual([...all.keys()].sort(), [...model.keys()].filter((id) => model.get(id)!.length > 0).sort());
          for (const [id, files] of model) assert.deepEqual((lists.get(id)?.entries ?? []).map((e) => e.file), files.map((e) => e.file), id);
        };
        ops.forEach((o, i) => {
          if ('add' in o || 'edit' in o) {
            const e = entry(`f${i}.ts`, ...('add' in o ? o.add : o.edit));
            const named: string[] = [];
            if ('add' in o) lists.attach(e);
            else lists.attach(e, (id) => named.push(id));
            for (const id of new Set('add' in o ? o.add : o.edit)) model.set(id, [...(model.get(id) ?? []), e]);
            if ('edit' in o) assert.deepEqual(named, [...new Set(o.edit)]);
            added.push(e);
          } else if ('pull' in o) {
            if (added.length === 0) return;
            const gone = added[o.pull % added.length];
            lists.pull(o.id, gone);
            model.set(o.id, (model.get(o.id) ?? []).filter((e) => e !== gone));
          } else if ('read' in o) {
            assert.deepEqual((lists.get(o.read)?.entries ?? []).map((e) => e.file), (model.get(o.read) ?? []).map((e) => e.file));
          } else if ('flush' in o) {
            lists.flush();
          } else {
            lists.clear();
            model.clear();
            added.length = 0;
          }
        });
        same();
      }),
      { numRuns: RUNS },
    );
  });
});

