import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createIdMatcher, DEFAULT_ID_PATTERN } from '../../server/src/core/idPattern';
import { fuzzParams } from './fuzz-support';
import { bytesHoldDefaultId, textHoldsDefaultId } from '../../server/src/core/defaultIdScan';

describe('ID matcher prefilter (mayOccurIn)', () => {
  it('rules out texts without an ID for the default shape and line-bound custom shapes', () => {
    const ids = createIdMatcher();
    assert.equal(ids.mayOccurIn('function f() {\n  return x - 1; // no tags\n}\n'), false);
    assert.equal(ids.mayOccurIn('// see AUTH-001\n'), true);
    const custom = createIdMatcher('REQ_\\d+\\.\\d+');
    assert.equal(custom.mayOccurIn('REQ 1.2, req_1.2'), false);
    assert.equal(custom.mayOccurIn('# REQ_1.2'), true);
  });

  it('never rules anything out for shapes that could match a line break', () => {
    for (const pattern of ['[A-Z]+\\s-\\d+', '[^x]+-\\d+', 'A(?=B)B-\\d+', '[A-Z]+\\S-\\d+']) {
      assert.equal(createIdMatcher(pattern).mayOccurIn('nothing\nhere'), true, pattern);
    }
  });

  it('is true whenever some line holds an ID (property)', () => {
    const alphabet = fc.constantFrom('A', 'B', 'Z', 'a', '-', '_', '0', '7', ' ', '\n', '\r', '.', 'Q');
    const text = fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join(''));
    for (const pattern of [DEFAULT_ID_PATTERN, 'Q\\d+', '[A-Z]{2}-\\w+', 'A.B-\\d']) {
      const ids = createIdMatcher(pattern);
      fc.assert(
        fc.property(text, (t) => {
          const onSomeLine = t.split(/\r\n|\r|\n/).some((line) => ids.findAll(line).length > 0);
          if (onSomeLine) assert.equal(ids.mayOccurIn(t), true, JSON.stringify(t));
        }),
        fuzzParams(500),
      );
    }
  });
});

describe('the default shape searched without the regex (defaultIdScan)', () => {
  const regex = new RegExp(`(?<![A-Za-z0-9_-])(?:${DEFAULT_ID_PATTERN})`);

  it('answers as the regex does, on text and on its UTF-8 bytes (property)', () => {
    const alphabet = fc.constantFrom('A', 'B', 'Z', 'a', 'z', '-', '_', '0', '7', '9', ' ', '\n', '.', 'é', '—', '😀', '\uFFFD');
    const text = fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const expected = regex.test(t);
        assert.equal(textHoldsDefaultId(t), expected, JSON.stringify(t));
        assert.equal(bytesHoldDefaultId(Buffer.from(t, 'utf8')), expected, JSON.stringify(t));
      }),
      fuzzParams(3000),
    );
  });

  it('finds IDs at the edges, after long runs, and not glued to a word', () => {
    const cases: Array<[string, boolean]> = [
      ['A-1', true],
      ['xA-1', false],
      ['-A-1', false],
      ['_A-1', false],
      [' A-1', true],
      ['AB-CD-12', true],
      ['AB-CD-X', false],
      ['AB--1', false],
      ['A-A-A-A-A-A-A-A-A-A-A-A-x A-B-7', true],
      ['A-A-A-A-A-A-A-A-A-A-A-A-7', true],
      ['a1-A-1', false],
      ['é' + 'A-1', true],
      ['UTF-8', true],
      ['x - 1', false],
      ['9-1', false],
      ['', false],
      ['-', false],
    ];
    for (const [t, expected] of cases) {
      assert.equal(regex.test(t), expected, `regex: ${t}`);
      assert.equal(textHoldsDefaultId(t), expected, t);
      assert.equal(bytesHoldDefaultId(Buffer.from(t, 'utf8')), expected, t);
    }
  });

  it('is what the default matcher uses, text and bytes; other shapes have no byte search', () => {
    const ids = createIdMatcher();
    assert.equal(ids.mayOccurIn('see ISO-8859-1'), true);
    assert.equal(ids.mayOccurInBytes?.(Buffer.from('x = y-1')), false);
    assert.equal(createIdMatcher('REQ_\\d+').mayOccurInBytes, undefined);
  });
});

describe('ID matcher: findAll without a match array per ID', () => {
  /** Every match of the pattern with its boundaries, by `exec`: what findAll must return. */
  function byExec(pattern: string, text: string): Array<{ id: string; offset: number }> {
    const re = new RegExp(`(?<![A-Za-z0-9_-])(?:${pattern})(?![A-Za-z0-9_])`, 'g');
    const out: Array<{ id: string; offset: number }> = [];
    for (const m of text.matchAll(re)) if (m[0].length > 0) out.push({ id: m[0], offset: m.index });
    return out;
  }

  it('finds what the regex finds, where it finds it, for the default shape and others (property)', () => {
    // Runs of capitals, digits and dashes glued to letters and underscores: where the default shape's
    // start is found by walking back from the match's end rather than read from a match array.
    const alphabet = fc.constantFrom('A', 'B', 'Z', 'a', 'x', '-', '_', '0', '7', ' ', '.', '@', ':');
    const text = fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join(''));
    for (const pattern of [DEFAULT_ID_PATTERN, '[A-Z]{2}-\\d+', 'A-?\\d*']) {
      const ids = createIdMatcher(pattern);
      fc.assert(
        fc.property(text, (t) => {
          assert.deepEqual(ids.findAll(t), byExec(pattern, t), `${pattern} in ${JSON.stringify(t)}`);
        }),
        fuzzParams(300),
      );
    }
  });

  it('writes into the caller’s arrays from index 0 and returns the count, whatever they held', () => {
    const ids = ['stale', 'stale', 'stale'];
    const offsets = [9, 9, 9];
    assert.equal(createIdMatcher().findInto('AB-1 x-2 CD-3-4, EF-5x', ids, offsets), 2);
    assert.deepEqual([ids.slice(0, 2), offsets.slice(0, 2)], [['AB-1', 'CD-3-4'], [0, 9]]);
  });
});
