import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lineIndex';

/** A text's UTF-8, as a host's read gives it (a view into a larger buffer, at an offset). */
function bytesOf(text: string): Uint8Array {
  const encoded = new TextEncoder().encode(text);
  const buffer = new Uint8Array(encoded.length + 24);
  buffer.set(encoded, 7);
  return buffer.subarray(7, 7 + encoded.length);
}

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

  it('answers the same when it counts line breaks in the UTF-8 bytes of the text', () => {
    // With bytes whose offsets are the text's (one unit per byte), the cursor counts breaks in them (lineBreaks.ts);
    // other bytes are not used. Long runs of lines without a lookup cross the 16-byte steps of the count.
    // Mostly ASCII with `\n` only, the texts whose bytes are used; some with a `\r` or a wider character, whose are not.
    const ascii = fc.constantFrom('a', 'bcdefghijklmnopq', ' ', '\n', '\n\n', 'x'.repeat(40) + '\n');
    const any = fc.oneof({ arbitrary: ascii, weight: 30 }, { arbitrary: fc.constantFrom('\r\n', '\r', 'é', '😀', '\ufeff', '\ud800'), weight: 1 });
    const text = fc.array(any, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -2, max: 900 }), { maxLength: 30 }), fc.boolean(), fc.boolean(), (t, offsets, sorted, released) => {
        const asked = sorted ? [...offsets].sort((a, b) => a - b) : offsets;
        const table = new LineIndex(t);
        void table.lineCount;
        const counted = new LineIndex(t, bytesOf(t));
        asked.forEach((off, i) => {
          // Released halfway, it goes on from the text alone.
          if (released && i === asked.length >> 1) counted.release();
          assert.deepEqual(counted.positionAt(off), table.positionAt(off), `offset ${off} of ${JSON.stringify(t)}`);
        });
        assert.equal(counted.lineCount, table.lineCount);
      }),
      { seed: 20261207, numRuns: 3000 },
    );
  });

  it('takes bytes for offsets only when every byte is one unit of the text', () => {
    // Latin-1 bytes decoded as UTF-8: each invalid byte is one U+FFFD, so the offsets still agree.
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x78, 0x0a, 0x79]);
    const decoded = new TextDecoder().decode(latin1);
    assert.equal(decoded.length, latin1.length);
    const lines = new LineIndex(decoded, latin1);
    assert.deepEqual(lines.positionAt(5), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(7), { line: 2, character: 0 });
    // Bytes of another length (a multi-byte character before the break) are left unused, not misread.
    const text = 'é\nx\ny';
    const shifted = new LineIndex(text, bytesOf(text));
    assert.deepEqual(shifted.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(shifted.positionAt(4), { line: 2, character: 0 });
  });
});
