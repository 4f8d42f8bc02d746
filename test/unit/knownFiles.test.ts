/**
 * The engine's known files: the walk's list kept as it is, a set made only
 * when a name is looked up in it, and the same answers either way.
 */
import * as assert from 'node:assert/strict';
import { KnownFiles } from '../../server/src/core/workspace/knownFiles';

describe('known files', () => {
  it('answers from the list until a name is looked up in the set, and alike after', () => {
    const files = ['a.md', 'src/b.ts', '.config/tracey/config.styx'];
    const known = new KnownFiles();
    assert.equal(known.has('a.md'), false, 'empty before any list');
    known.reset(files);
    // One-off questions (a dialect's marker files) scan the list.
    assert.equal(known.includes('src/b.ts'), true);
    assert.equal(known.includes('src/c.ts'), false);
    assert.equal(known.size, 3);
    assert.deepEqual([...known], files);
    // Changes wait beside the list (a language server reads a file again on every edit); the caller's list is left as it was.
    known.add('src/c.ts');
    known.delete('a.md');
    known.add('a.md');
    known.delete('a.md');
    assert.deepEqual(files, ['a.md', 'src/b.ts', '.config/tracey/config.styx']);
    assert.equal(known.includes('src/c.ts'), true);
    assert.equal(known.includes('a.md'), false, 'the last change to a file counts');
    assert.equal(known.has('a.md'), false);
    assert.equal(known.size, 3);
    assert.deepEqual([...known].sort(), ['.config/tracey/config.styx', 'src/b.ts', 'src/c.ts']);
    // Many changes and no look-up: the set is made once, not a list of changes without end.
    for (let i = 0; i < 5000; i++) known.add(`gen/f${i}.ts`);
    assert.equal(known.includes('gen/f4999.ts'), true);
    assert.equal(known.size, 5003);
    // A new list replaces everything, the changes since the last one included.
    known.reset(['x.yaml']);
    assert.equal(known.has('src/c.ts'), false);
    assert.equal(known.includes('x.yaml'), true);
    assert.deepEqual([...known], ['x.yaml']);
  });
});

describe('known files, edited', () => {
  it('takes a language server\'s edits without making the set (40-60 ms on the first edit at 40k files)', () => {
    // A list that cannot be iterated: making the set would throw.
    const files = ['a.md', 'src/b.ts'];
    Object.defineProperty(files, Symbol.iterator, {
      value: () => {
        throw new Error('the set was made');
      },
    });
    const known = new KnownFiles();
    known.reset(files);
    known.add('src/c.ts');
    known.delete('src/b.ts');
    assert.equal(known.includes('src/c.ts'), true);
    assert.equal(known.includes('src/b.ts'), false);
    assert.equal(known.includes('a.md'), true);
    assert.throws(() => known.has('a.md'), /the set was made/, 'a look-up in the set makes it');
  });
});
