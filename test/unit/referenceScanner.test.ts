import * as assert from 'node:assert/strict';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import fc from 'fast-check';
import { scanReferences, VERB_RE, verbEndingAt } from '../../server/src/core/parse/referenceScanner';
import { fuzzParams } from './fuzz-support';

/** `[id, line, column, explicit, verbKind, pin]` of each candidate in a TypeScript text. */
function scan(text: string): Array<[string, number, number, boolean, string | undefined, number | undefined]> {
  return scanReferences(text, lexComments(text, 'typescript'), createIdMatcher(), new LineIndex(text)).map((c) => [
    c.id,
    c.range.start.line,
    c.range.start.character,
    c.explicit,
    c.verbKind,
    c.pin,
  ]);
}

describe('reference scanner: verbs, lists and pins', () => {
  it('tells bare IDs from the IDs a verb names, with the verb kind', () => {
    assert.deepEqual(scan('// see AUTH-1\n// @impl AUTH-2\n// Verifies: AUTH-3\n'), [
      ['AUTH-1', 0, 7, false, undefined, undefined],
      ['AUTH-2', 1, 9, true, 'impl', undefined],
      ['AUTH-3', 2, 13, true, 'test', undefined],
    ]);
  });

  it('makes an ID explicit under a verb that leaves the kind to the file (covers, req, refs, trace)', () => {
    assert.deepEqual(scan('// Covers: JIRA-1\n// @req JIRA-2\n// Refs: JIRA-3\n'), [
      ['JIRA-1', 0, 11, true, undefined, undefined],
      ['JIRA-2', 1, 8, true, undefined, undefined],
      ['JIRA-3', 2, 9, true, undefined, undefined],
    ]);
  });

  it('follows a list after a verb through spaces, commas, "and", "&" and pins, and stops at the first word that is not an ID', () => {
    assert.deepEqual(scan('/* Implements: A-1, A-2@3 and A-3 & A-4 then A-5 */'), [
      ['A-1', 0, 15, true, 'impl', undefined],
      ['A-2', 0, 20, true, 'impl', 3],
      ['A-3', 0, 30, true, 'impl', undefined],
      ['A-4', 0, 36, true, 'impl', undefined],
      ['A-5', 0, 45, false, undefined, undefined],
    ]);
  });

  it('reads a word before a colon as a verb only when it is one', () => {
    assert.deepEqual(scan('// Note: A-1, Tests: A-2'), [
      ['A-1', 0, 9, false, undefined, undefined],
      ['A-2', 0, 21, true, 'test', undefined],
    ]);
  });

  it('takes no key an object inherits for a verb: the IDs after them are bare', () => {
    assert.deepEqual(scan('// constructor: A-1\n// @toString A-2\n// __proto__: A-3\n// hasOwnProperty: A-4\n// valueOf: A-5'), [
      ['A-1', 0, 16, false, undefined, undefined],
      ['A-2', 1, 13, false, undefined, undefined],
      ['A-3', 2, 14, false, undefined, undefined],
      ['A-4', 3, 19, false, undefined, undefined],
      ['A-5', 4, 12, false, undefined, undefined],
    ]);
  });

  it('keeps each verb to its own list on a long line with many IDs', () => {
    const parts = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `@test B-${i}` : `B-${i}`));
    const cands = scan(`// ${parts.join(' ; ')}\n`);
    assert.equal(cands.length, 300);
    cands.forEach(([id, , , explicit, kind], i) => {
      assert.equal(id, `B-${i}`);
      assert.equal(explicit, i % 3 === 0, id);
      assert.equal(kind, i % 3 === 0 ? 'test' : undefined, id);
    });
  });

  it('pins bare IDs and listed IDs alike, with the pin range, and takes no `@` that is not a pin for one', () => {
    const text = '// AUTH-1@2 and AUTH-2 @impl\n// @impl AUTH-3@4, AUTH-4@x AUTH-5\n// AUTH-6 AUTH-7@12a\n';
    const cands = scanReferences(text, lexComments(text, 'typescript'), createIdMatcher(), new LineIndex(text));
    assert.deepEqual(
      cands.map((c) => [c.id, c.explicit, c.verbKind, c.pin, c.pinRange && [c.pinRange.start.character, c.pinRange.end.character]]),
      [
        ['AUTH-1', false, undefined, 2, [9, 11]],
        ['AUTH-2', false, undefined, undefined, undefined],
        ['AUTH-3', true, 'impl', 4, [15, 17]],
        // `@x` is no pin, so the list stops there: AUTH-5 is a bare mention.
        ['AUTH-4', true, 'impl', undefined, undefined],
        ['AUTH-5', false, undefined, undefined, undefined],
        ['AUTH-6', false, undefined, undefined, undefined],
        // A pin must end at a word boundary.
        ['AUTH-7', false, undefined, undefined, undefined],
      ],
    );
  });
});

describe('reference scanner: the verb read back from where its match ends', () => {
  it('is the group the verb regex captured, for any line (property)', () => {
    const alphabet = fc.constantFrom('@', ':', ' ', '\t', 'i', 'm', 'P', 'l', '1', '_', '-', 'A');
    const line = fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(line, (l) => {
        const re = new RegExp(VERB_RE.source, 'g');
        for (const m of l.matchAll(re)) assert.equal(verbEndingAt(l, m.index + m[0].length), m[1] ?? m[2], JSON.stringify(l));
      }),
      fuzzParams(500),
    );
  });
});
