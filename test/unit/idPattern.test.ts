import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createIdMatcher, DEFAULT_ID_PATTERN } from '../../server/src/core/idPattern';
import { fuzzParams } from './fuzz-support';

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
