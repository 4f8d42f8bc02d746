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
    // A change makes the set; the caller's list is left as it was.
    known.add('src/c.ts');
    known.delete('a.md');
    assert.deepEqual(files, ['a.md', 'src/b.ts', '.config/tracey/config.styx']);
    assert.equal(known.includes('src/c.ts'), true);
    assert.equal(known.has('a.md'), false);
    assert.equal(known.size, 3);
    assert.deepEqual([...known].sort(), ['.config/tracey/config.styx', 'src/b.ts', 'src/c.ts']);
    // A new list replaces everything, the changes since the last one included.
    known.reset(['x.yaml']);
    assert.equal(known.has('src/c.ts'), false);
    assert.equal(known.includes('x.yaml'), true);
    assert.deepEqual([...known], ['x.yaml']);
  });
});
