/**
 * Fuzzes the reference scanner over the comment spans the lexer finds (and
 * over the whole text as one span, its worst case): no exception, bounded
 * time, and every candidate is an ID of the pattern, written exactly where
 * its range says, inside a comment; and the default pattern's dash-to-dash
 * search finds what the line-by-line one does.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import { scanReferences } from '../../server/src/core/parse/referenceScanner';
import type { CommentSpan } from '../../server/src/core/types';
import { assertRangeInside, DELIMITER_TOKENS, Doc, formatInput, fuzzParams, ID_TOKENS, timed } from './fuzz-support';

const MATCHERS = [createIdMatcher(), createIdMatcher('[a-z]+\\.[a-z0-9.]+'), createIdMatcher('REQ_[0-9]{1,4}')];

const SAMPLES = [
  '// @impl AUTH-1, AUTH-2 and AUTH-3@2\n/* Implements: API-1 & API-2@7 */\n# Verifies: REQ_1, req.a.b\n',
  '-- Refs: AUTH-001@12, AUTH-002\n<!-- @covers AUTH-1 -->\n; AUTH-1 AUTH-1 AUTH-1\n',
  '/**\n * @test AUTH-1\n * Implements:AUTH-2,AUTH-3\n */\nconst s = "AUTH-9";\n',
];

const LANGUAGES = ['typescript', 'python', 'sql', 'html', 'c', 'rust', 'vb', 'latex'];

describe('fuzz: reference scanner', () => {
  it('no exception, bounded time, candidates are IDs at their ranges, inside comments', () => {
    const input = fc.record({
      text: formatInput(SAMPLES, [...ID_TOKENS, ...DELIMITER_TOKENS, 'REQ_1', 'req.a.b', '@', '@@', '@99999999999', ':']),
      ids: fc.constantFrom(...MATCHERS),
      spans: fc.oneof(fc.constantFrom(...LANGUAGES), fc.constant('whole')),
    });
    fc.assert(
      fc.property(input, ({ text, ids, spans: how }) => {
        const spans: CommentSpan[] = how === 'whole' ? (text.length > 0 ? [{ start: 0, end: text.length }] : []) : lexComments(text, how);
        const lines = new LineIndex(text);
        const cands = timed(`scanReferences (${how})`, text, () => scanReferences(text, spans, ids, lines));
        const doc = new Doc(text);
        for (const c of cands) {
          assertRangeInside(doc, c.range, `candidate ${c.id}`);
          assert.ok(ids.isId(c.id), `${c.id} is not an ID of ${ids.source}`);
          const start = lines.offsetAt(c.range.start);
          const end = lines.offsetAt(c.range.end);
          assert.equal(text.slice(start, end), c.id, `range of ${c.id}`);
          assert.ok(spans.some((s) => s.start <= start && end <= s.end), `${c.id} at ${start} is outside every comment`);
          if (c.pin !== undefined) assert.ok(Number.isInteger(c.pin) && c.pin >= 0, `pin ${c.pin}`);
          if (c.verbKind !== undefined) assert.ok(c.explicit, `${c.id}: a verb kind without a verb`);
        }
      }),
      fuzzParams(500, 1 / 2),
    );
  });

  it("finds the same candidates going from dash to dash as going line by line (the default pattern's shortcut)", () => {
    const dashing = createIdMatcher();
    assert.equal(dashing.requiredChar, '-');
    const lineByLine = { ...dashing, requiredChar: undefined };
    const input = fc.record({
      text: formatInput(SAMPLES, [...ID_TOKENS, ...DELIMITER_TOKENS, '-', '--', '\r\n', '\r', '\n', ' - ', '@', ':']),
      spans: fc.oneof(fc.constantFrom(...LANGUAGES), fc.constant('whole')),
    });
    fc.assert(
      fc.property(input, ({ text, spans: how }) => {
        const spans: CommentSpan[] = how === 'whole' ? (text.length > 0 ? [{ start: 0, end: text.length }] : []) : lexComments(text, how);
        const lines = new LineIndex(text);
        assert.deepEqual(scanReferences(text, spans, dashing, lines), scanReferences(text, spans, lineByLine, lines));
      }),
      fuzzParams(1000, 1 / 2),
    );
  });
});
