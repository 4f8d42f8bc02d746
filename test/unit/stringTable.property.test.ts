/**
 * The index's own string table against `Map`: any sequence of sets, deletes
 * and clears leaves the same answers for every key, growth and deletions
 * across the end of the arrays included.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { StringTable } from '../../server/src/core/index/stringTable';

const RUNS = Number(process.env.REQTRACE_FUZZ_RUNS ?? 300);

describe('StringTable', () => {
  /**
   * Keys (a new set each run, so that they land in new places), and
   * operations on them: sets, deletes, and now and then a clear.
   */
  const keysAndOps = (count: number) =>
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: count, maxLength: count }).chain((keys) => {
      const key = fc.constantFrom(...keys);
      const op = fc.oneof(
        { arbitrary: fc.record({ set: key, value: fc.integer() }), weight: 6 },
        { arbitrary: fc.record({ del: key }), weight: 4 },
        { arbitrary: fc.constant({ clear: true as const }), weight: 1 },
      );
      return fc.tuple(fc.constant(keys), fc.array(op, { minLength: 100, maxLength: 600 }));
    });

  const sameAsMap = (count: number) =>
    fc.property(keysAndOps(count), ([keys, ops]) => {
      const table = new StringTable<number>();
      const map = new Map<string, number>();
      for (const o of ops) {
        if ('set' in o) {
          table.set(o.set, o.value);
          map.set(o.set, o.value);
        } else if ('del' in o) {
          assert.equal(table.delete(o.del), map.delete(o.del));
        } else {
          table.clear();
          map.clear();
        }
        // Fresh copies of the keys: the table compares strings by content, not identity.
        for (const k of keys) assert.equal(table.get((' ' + k).slice(1)), map.get(k), JSON.stringify(k));
      }
      assert.equal(table.size, map.size);
    });

  it('answers as a Map does after any sets, deletes and clears: a small table, crowded, so that runs of keys wrap around its end', () => {
    // 32 keys fill a 64-slot table to its limit: long runs, some crossing the end.
    fc.assert(sameAsMap(32), { numRuns: RUNS });
  });

  it('answers as a Map does while the table grows', () => {
    fc.assert(sameAsMap(300), { numRuns: Math.ceil(RUNS / 10) });
  });

  it('finds every key after deleting half of many, in any order', () => {
    const table = new StringTable<string>();
    const many = Array.from({ length: 5000 }, (_, i) => `ID-${(i * 7919) % 5000}`);
    for (const k of many) table.set(k, k);
    for (let i = 0; i < many.length; i += 2) assert.ok(table.delete(many[i]));
    for (let i = 0; i < many.length; i++) assert.equal(table.get(many[i]), i % 2 === 0 ? undefined : many[i]);
    assert.equal(table.size, 2500);
  });
});
