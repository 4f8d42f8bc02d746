import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import fc from 'fast-check';
import {
  compareRefStarts,
  packRefs,
  RefPacker,
  refContains,
  refCount,
  refExplicit,
  refId,
  refPin,
  refRange,
  refVerbKind,
  unpackRefs,
} from '../../server/src/core/index/packedRefs';
import type { RefCandidate } from '../../server/src/core/types';
import { fuzzParams } from './fuzz-support';

const position = fc.record({ line: fc.nat(1_000_000), character: fc.nat(100_000) });
const range = fc.record({ start: position, end: position });
const candidate: fc.Arbitrary<RefCandidate> = fc
  .record(
    {
      // Past 16 distinct strings the packer switches from a linear search to a map.
      id: fc.oneof(fc.constantFrom('AUTH-1', 'AUTH-2', 'API-AUTH-12', 'REQ-7', 'X-1'), fc.nat(40).map((n) => `MANY-${n}`)),
      range,
      explicit: fc.boolean(),
      verbKind: fc.constantFrom('impl', 'test', 'verify', 'AUTH-1'),
      pin: fc.nat(999_999_999),
      pinRange: range,
      pinPrefix: fc.constantFrom('@', '+'),
    },
    { requiredKeys: ['id', 'range', 'explicit'] },
  )
  // A pin's range and prefix only exist with a pin.
  .map((generated) => {
    const c = { ...generated, range: structuredClone(generated.range), pinRange: generated.pinRange && structuredClone(generated.pinRange) };
    if (c.pinRange === undefined) delete c.pinRange;
    if (c.pin === undefined) {
      delete c.pinRange;
      delete c.pinPrefix;
    }
    return c;
  });

describe('packed reference candidates', () => {
  it('pack then unpack gives back the same candidates, and each accessor reads its field', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 60 }), (cands) => {
        const packed = packRefs(cands);
        assert.deepEqual(unpackRefs(packed), cands);
        assert.equal(refCount(packed), cands.length);
        assert.equal(new Set(packed.strings).size, packed.strings.length, 'each string once');
        cands.forEach((c, slot) => {
          assert.equal(refId(packed, slot), c.id);
          assert.equal(refExplicit(packed, slot), c.explicit);
          assert.equal(refVerbKind(packed, slot), c.verbKind);
          assert.equal(refPin(packed, slot), c.pin);
          assert.deepEqual(refRange(packed, slot), c.range);
        });
      }),
      fuzzParams(300),
    );
  });

  it('keeps every file its own candidates while files share the slabs their arrays are cut from', () => {
    // Enough files to fill several slabs, some with more candidates than a slab lends (those get an array of their own).
    fc.assert(
      fc.property(fc.array(fc.array(candidate, { maxLength: 40 }), { minLength: 300, maxLength: 600 }), fc.array(candidate, { minLength: 700, maxLength: 800 }), (files, big) => {
        const lists = [...files.slice(0, 150), big, ...files.slice(150)];
        const packed = lists.map(packRefs);
        packed.forEach((p, i) => assert.deepEqual(unpackRefs(p), lists[i], `file ${i}`));
      }),
      fuzzParams(20),
    );
  });

  it('keeps the candidates of packers filled at the same time apart, and of one started after another was dropped', () => {
    // The first packer of a thread writes into a shared scratch: a second one at the same time must not.
    const cands = (prefix: string, n: number, line: number): RefCandidate[] =>
      Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, range: { start: { line: line + i, character: 1 }, end: { line: line + i, character: 5 } }, explicit: i % 2 === 0 }));
    const [a, b] = [cands('A', 700, 0), cands('B', 300, 5000)];
    const pa = new RefPacker();
    const pb = new RefPacker();
    a.forEach((c, i) => {
      pa.addCandidate(c);
      if (i < b.length) pb.addCandidate(b[i]);
    });
    const packedB = pb.finish();
    const third = new RefPacker();
    third.addCandidate(cands('C', 1, 9)[0]);
    assert.deepEqual(unpackRefs(pa.finish()), a);
    assert.deepEqual(unpackRefs(packedB), b);
    assert.deepEqual(unpackRefs(third.finish()), cands('C', 1, 9));
    // After a packer dropped half-way (its scratch given back), the next one packs from empty.
    const dropped = new RefPacker();
    dropped.addCandidate(a[0]);
    dropped.release();
    const next = new RefPacker();
    next.addCandidate(b[0]);
    assert.deepEqual(unpackRefs(next.finish()), [b[0]]);
  });

  it('survives the structured clone that carries it from an index worker and into the cache', () => {
    const cands: RefCandidate[] = [
      { id: 'AUTH-1', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } }, explicit: true, verbKind: 'impl' },
      {
        id: 'AUTH-1',
        range: { start: { line: 9, character: 0 }, end: { line: 9, character: 6 } },
        explicit: false,
        pin: 2,
        pinRange: { start: { line: 9, character: 6 }, end: { line: 9, character: 8 } },
        pinPrefix: '+',
      },
    ];
    const copy = v8.deserialize(v8.serialize(packRefs(cands)));
    assert.deepEqual(unpackRefs(copy), cands);
  });

  it('stores each distinct string once however many candidates share it', () => {
    const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } };
    const packed = packRefs(Array.from({ length: 1000 }, () => ({ id: 'AUTH-1', range: r, explicit: true, verbKind: 'test' })));
    assert.deepEqual(packed.strings, ['AUTH-1', 'test']);
    assert.equal(packed.data.length, 1 + 6000);
  });

  it('answers position questions without unpacking: containment (ends included) and order', () => {
    const packed = packRefs([
      { id: 'A-1', range: { start: { line: 2, character: 5 }, end: { line: 2, character: 8 } }, explicit: false },
      { id: 'A-2', range: { start: { line: 1, character: 9 }, end: { line: 1, character: 12 } }, explicit: false },
    ]);
    assert.equal(refContains(packed, 0, { line: 2, character: 5 }), true);
    assert.equal(refContains(packed, 0, { line: 2, character: 8 }), true);
    assert.equal(refContains(packed, 0, { line: 2, character: 9 }), false);
    assert.equal(refContains(packed, 0, { line: 1, character: 6 }), false);
    assert.ok(compareRefStarts(packed, 1, packed, 0) < 0);
    assert.ok(compareRefStarts(packed, 0, packed, 1) > 0);
  });
});
