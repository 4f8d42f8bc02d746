/**
 * Coverage counts are cached only for IDs whose walk is long (at least 1,024
 * candidates), so a full check does not keep a Map per requirement. Both
 * paths must give the counts of the index as it is now, before and after a
 * change.
 */
import * as assert from 'node:assert/strict';
import { engineFor } from './engineHelpers';

const SPEC = `# Spec

## HOT-1: Popular
Needs: impl, test

## COLD-1: Quiet
Needs: impl, test
`;

/** `n` lines naming HOT-1, and one naming COLD-1. */
function source(n: number): string {
  return `${'// @impl HOT-1\n'.repeat(n)}// @impl COLD-1\nexport const x = 1;\n`;
}

describe('coverage counts, cached for long walks only', () => {
  it('count every reference of an ID with a long walk and of one with a short walk, and follow edits and removals', async () => {
    const files: Record<string, string> = { 'docs/spec.md': SPEC };
    for (let i = 0; i < 40; i++) files[`src/f${i}.ts`] = source(30);
    files['tests/a_test.ts'] = '// @test HOT-1\n// @test COLD-1\n';
    const engine = await engineFor(files);
    const counts = (id: string) => Object.fromEntries(engine.index.coverageCounts(id));

    // HOT-1 and COLD-1 are named in the same 41 files, 1,242 candidates: both walks are long, their counts cached.
    // LONE-1, below, has a file of its own: a short walk, counted afresh each time.
    assert.deepEqual(counts('HOT-1'), { impl: 1200, test: 1 });
    assert.deepEqual(counts('HOT-1'), { impl: 1200, test: 1 });
    engine.updateText('src/f0.ts', source(10));
    assert.deepEqual(counts('HOT-1'), { impl: 1180, test: 1 }, 'an edit must drop cached counts');
    engine.removeFile('src/f1.ts');
    assert.deepEqual(counts('HOT-1'), { impl: 1150, test: 1 }, 'a removal must drop cached counts');
    assert.deepEqual(counts('COLD-1'), { impl: 39, test: 1 });

    engine.updateText('src/lone.ts', '// @impl LONE-1\n');
    engine.updateText('docs/spec.md', `${SPEC}\n## LONE-1: Alone\n`);
    assert.deepEqual(counts('LONE-1'), { impl: 1 });
    engine.updateText('src/lone.ts', '// @impl LONE-1\n// @impl LONE-1\n');
    assert.deepEqual(counts('LONE-1'), { impl: 2 });
    engine.removeFile('src/lone.ts');
    assert.deepEqual(counts('LONE-1'), {});
  });
});
