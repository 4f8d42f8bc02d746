/**
 * The index's own string table against `Map`: any sequence of sets, deletes
 * and clears leaves the same answers for every key, growth and deletions
 * across the end of the arrays included.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashSkipping, StringTable } from '../../server/src/core/index/stringTable';

const RUNS = Number(process.env.REQTRACE_FUZZ_RUNS ?? 300);

describe('StringTable', () => {
  /**
   * Keys (a new set each run, so that they land in new places), and
   * operations on them: sets, deletes, and now and then a clear.
   */
  const keysAndOps = (count: number) =>
    // Mostly keys of one-byte characters (the table keeps their characters itself, in its arena),
    // some with any UTF-16 unit (it compares those as strings); some long, some alike but for their last characters.
    fc.uniqueArray(fc.oneof({ arbitrary: fc.string({ minLength: 0, maxLength: 8 }), weight: 3 }, { arbitrary: fc.string({ minLength: 14, maxLength: 24 }), weight: 3 }, { arbitrary: fc.string({ minLength: 0, maxLength: 4 }).map((tail) => 'REQ-LONG-PREFIX-' + tail), weight: 2 }, fc.string({ minLength: 1, maxLength: 20, unit: 'binary' })), { minLength: count, maxLength: count }).chain((keys) => {
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
      let most = 0;
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
        // Numbers: one per key held, each naming its key and value, and reused after deletes (never more than the most keys held since a clear).
        most = 'clear' in o ? 0 : Math.max(most, map.size);
        const numbers = new Set<number>();
        for (const [k, v] of map) {
          const n = table.numberOf((' ' + k).slice(1));
          assert.ok(n >= 0 && n < table.numbers, `${JSON.stringify(k)}: number ${n} of ${table.numbers}`);
          assert.equal(table.keyAt(n), k);
          assert.equal(table.valueAt(n), v);
          numbers.add(n);
        }
        assert.equal(numbers.size, map.size);
        assert.ok(table.numbers <= most, `${table.numbers} numbers for at most ${most} keys`);
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

  it('keeps finding keys while deleted keys are dropped from its own copy of their characters', () => {
    const table = new StringTable<number>();
    // Churn: each round deletes every key and sets new ones, so that the copies of deleted keys make most of what the table holds.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 200; i++) table.set(`REQ-${round}-${i}`, i);
      for (let i = 0; i < 200; i += 2) assert.equal(table.get(`REQ-${round}-${i}`), i);
      if (round > 0) for (let i = 0; i < 200; i++) assert.ok(table.delete(`REQ-${round - 1}-${i}`));
    }
    for (let i = 0; i < 200; i++) assert.equal(table.get(`REQ-39-${i}`), i);
    assert.equal(table.get('REQ-38-0'), undefined);
    assert.equal(table.size, 200);
  });

  it('finds every key after deleting half of many, in any order', () => {
    const table = new StringTable<string>();
    const many = Array.from({ length: 5000 }, (_, i) => `ID-${(i * 7919) % 5000}`);
    for (const k of many) table.set(k, k);
    for (let i = 0; i < many.length; i += 2) assert.ok(table.delete(many[i]));
    for (let i = 0; i < many.length; i++) assert.equal(table.get(many[i]), i % 2 === 0 ? undefined : many[i]);
    assert.equal(table.size, 2500);
  });

  /**
   * Pairs of different keys of one length with the same 32-bit hash (under
   * this process's seed), found by the birthday bound: a lookup tells them
   * apart only by their characters. At L's 55k IDs such a pair is about as
   * likely as not.
   */
  function collidingPairs(length: number, make: (i: number) => string): Array<[string, string]> {
    const seen = new Map<number, string>();
    const pairs: Array<[string, string]> = [];
    for (let i = 0; pairs.length < 3; i++) {
      const key = make(i);
      assert.equal(key.length, length);
      const h = hashSkipping(key, -1);
      const other = seen.get(h);
      if (other !== undefined) pairs.push([other, key]);
      else seen.set(h, key);
    }
    return pairs;
  }

  const cases: Array<[string, number, (i: number) => string]> = [
    ['one-byte keys', 16, (i) => `REQ-${String(i).padStart(12, '0')}`],
    ['long one-byte keys alike but for their last characters', 24, (i) => `REQ-LONG-PREFIX-${String(i).padStart(8, '0')}`],
    ['keys with a character past a byte', 12, (i) => `ÄŁ-${String(i).padStart(9, '0')}`],
  ];
  for (const [what, length, make] of cases) {
    it(`tells apart keys whose hashes are the same: ${what}`, () => {
      for (const [a, b] of collidingPairs(length, make)) {
        const table = new StringTable<string>();
        table.set(a, 'a');
        assert.equal(table.get(b), undefined, `${b} is not ${a}`);
        table.set(b, 'b');
        assert.equal(table.size, 2);
        assert.equal(table.get((' ' + a).slice(1)), 'a');
        assert.equal(table.get((' ' + b).slice(1)), 'b');
        assert.ok(table.delete(a));
        assert.equal(table.get(a), undefined);
        assert.equal(table.get(b), 'b');
      }
    });
  }
});
