import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lineIndex';

describe('LineIndex', () => {
  it('counts lines for \\n, \\r\\n and lone \\r', () => {
    assert.equal(new LineIndex('').lineCount, 1);
    assert.equal(new LineIndex('a').lineCount, 1);
    assert.equal(new LineIndex('a\n').lineCount, 2);
    assert.equal(new LineIndex('a\r\nb\rc\nd').lineCount, 4);
    assert.equal(new LineIndex('\r\n\r\n').lineCount, 3);
    assert.equal(new LineIndex('\n\r').lineCount, 3);
  });

  it('maps offsets to positions with mixed line breaks', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(5), { line: 1, character: 1 });
    assert.deepEqual(idx.positionAt(7), { line: 2, character: 0 });
    assert.deepEqual(idx.positionAt(10), { line: 3, character: 0 });
    assert.deepEqual(idx.positionAt(12), { line: 3, character: 2 });
  });

  it('clamps offsets outside the text', () => {
    const idx = new LineIndex('ab\ncd');
    assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(99), { line: 1, character: 2 });
  });

  it('maps positions back to offsets, clamping to the line content', () => {
    const text = 'ab\r\ncd\ref\ngh';
    const idx = new LineIndex(text);
    for (let off = 0; off <= text.length; off++) {
      const pos = idx.positionAt(off);
      // An offset inside a \r\n pair has no position of its own: it maps to the line end.
      assert.equal(idx.offsetAt(pos), off === 3 ? 2 : off, `offset ${off}`);
    }
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 2 });
    assert.equal(idx.offsetAt({ line: 0, character: 50 }), 2, 'before \\r\\n');
    assert.equal(idx.offsetAt({ line: 1, character: 50 }), 6, 'before lone \\r');
    assert.equal(idx.offsetAt({ line: 2, character: 50 }), 9, 'before \\n');
    assert.equal(idx.offsetAt({ line: 3, character: 50 }), 12, 'end of text');
    assert.equal(idx.offsetAt({ line: 9, character: 0 }), 12);
    assert.equal(idx.offsetAt({ line: -1, character: 3 }), 0);
    assert.equal(idx.offsetAt({ line: 1, character: -3 }), 4);
  });

  it('gives line starts and ends', () => {
    const idx = new LineIndex('ab\r\n\rcd\n');
    assert.deepEqual([0, 1, 2, 3].map((l) => idx.lineStart(l)), [0, 4, 5, 8]);
    assert.deepEqual([0, 1, 2, 3].map((l) => idx.lineEnd(l)), [2, 4, 7, 8]);
  });

  it('counts columns in UTF-16 code units', () => {
    const idx = new LineIndex('é😀x\nz');
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 3 });
    assert.deepEqual(idx.rangeOf(1, 6), { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } });
  });

  it('stays fast on large texts', () => {
    const text = 'line of text\n'.repeat(200_000);
    const start = Date.now();
    const idx = new LineIndex(text);
    for (let i = 0; i < 200_000; i++) idx.positionAt(i * 13 + 5);
    assert.deepEqual(idx.positionAt(13 * 199_999 + 5), { line: 199_999, character: 5 });
    assert.ok(Date.now() - start < 2000);
  });

  it('answers lookups in document order without its line table, the same as with it', () => {
    // Scanners ask in document order, and then the index counts breaks forward instead of building the table.
    // A lookup that goes backwards, or a text with a \r, must fall back to the table with no change in answers.
    const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n\n', '\r\n', '\r', 'é', '😀'), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -2, max: 70 }), { maxLength: 30 }), fc.boolean(), (t, offsets, sorted) => {
        const asked = sorted ? [...offsets].sort((a, b) => a - b) : offsets;
        const table = new LineIndex(t);
        void table.lineCount; // builds the table first
        const cursor = new LineIndex(t);
        for (const off of asked) assert.deepEqual(cursor.positionAt(off), table.positionAt(off), `offset ${off} of ${JSON.stringify(t)}`);
        assert.equal(cursor.lineCount, table.lineCount);
      }),
      { seed: 20261126, numRuns: 2000 },
    );
  });
});
