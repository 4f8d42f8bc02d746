/**
 * The WebAssembly byte count behind LineIndex's cursor: the module is the
 * text its comment gives, it counts as a loop over the bytes would, and
 * where WebAssembly is missing the line index still answers.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import wabt from 'wabt';
import { BYTE_COUNT_MODULE, countByte } from '../../server/src/core/lineBreaks';

const ROOT = path.join(__dirname, '../..');
const SOURCE = path.join(ROOT, 'server/src/core/lineBreaks.ts');

function naiveCount(bytes: Uint8Array, byte: number, from: number, to: number): number {
  let n = 0;
  for (let i = Math.max(0, from); i < Math.min(to, bytes.length); i++) if (bytes[i] === byte) n++;
  return n;
}

describe('lineBreaks', () => {
  it('holds the module its comment writes out, as wabt assembles it', async () => {
    const comment = /\(a unit test assembles it again and\n \* compares\):\n \*\n([\s\S]*?)\n \*\/\nexport const BYTE_COUNT_MODULE/.exec(fs.readFileSync(SOURCE, 'utf8'));
    assert.ok(comment, 'the module text in lineBreaks.ts');
    const wat = comment[1]
      .split('\n')
      .map((l) => l.replace(/^ \* {3}/, ''))
      .join('\n');
    const module = (await wabt()).parseWat('lineBreaks.wat', wat);
    const { buffer } = module.toBinary({});
    module.destroy();
    assert.equal(Buffer.from(buffer).toString('hex'), BYTE_COUNT_MODULE);
  });

  it('counts a byte in any range of any view, as a loop over the bytes does', () => {
    const byte = fc.constantFrom(10, 13, 0, 255);
    const bytes = fc.uint8Array({ maxLength: 300 }).chain((b) =>
      // Some bytes made the counted one, so that runs of 16 hold several; the view starts anywhere in its buffer.
      fc.tuple(fc.constant(b), fc.array(fc.nat(), { maxLength: 60 }), fc.nat({ max: 40 })),
    );
    fc.assert(
      fc.property(bytes, byte, fc.integer({ min: -5, max: 320 }), fc.integer({ min: -5, max: 320 }), ([raw, hits, shift], b, from, to) => {
        const buffer = new Uint8Array(raw.length + shift);
        buffer.set(raw, shift);
        for (const h of hits) if (raw.length > 0) buffer[shift + (h % raw.length)] = b;
        const view = buffer.subarray(shift);
        assert.equal(countByte(view, b, from, to), naiveCount(view, b, from, to));
      }),
      { seed: 20261207, numRuns: 3000 },
    );
  });

  it('counts in bytes larger than its memory was, and again after other bytes were counted', () => {
    const big = new Uint8Array(300_000).fill(0x61);
    for (let i = 5; i < big.length; i += 97) big[i] = 10;
    const small = new Uint8Array([10, 10, 97, 10]);
    assert.equal(countByte(small, 10, 0, 4), 3);
    assert.equal(countByte(big, 10, 0, big.length), naiveCount(big, 10, 0, big.length));
    assert.equal(countByte(big, 10, 70_001, 299_999), naiveCount(big, 10, 70_001, 299_999));
    assert.equal(countByte(small, 10, 1, 4), 2);
  });

  it('leaves the counting to the text where WebAssembly is missing', () => {
    // V8 without its WebAssembly global: the module cannot be made, countByte says so, and the line index counts itself.
    const script = `
      const { countByte } = require('./server/src/core/lineBreaks');
      const { LineIndex } = require('./server/src/core/lineIndex');
      const text = 'ab\\n'.repeat(40) + 'end';
      const bytes = new TextEncoder().encode(text);
      const lines = new LineIndex(text, bytes);
      console.log(JSON.stringify({ count: countByte(bytes, 10, 0, bytes.length) ?? null, wasm: typeof WebAssembly, at: [3, 60, 123].map((o) => lines.positionAt(o)) }));`;
    const r = spawnSync(process.execPath, ['--no-expose-wasm', '-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      count: null,
      wasm: 'undefined',
      at: [
        { line: 1, character: 0 },
        { line: 20, character: 0 },
        { line: 40, character: 3 },
      ],
    });
  });
});
