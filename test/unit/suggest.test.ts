import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DeleteIndex, editDistance, nearestId } from '../../server/src/core/index/suggest';
import { engineFor } from './engineHelpers';

describe('typo suggestions: the one-delete index', () => {
  const id = fc.stringMatching(/^[A-C]{1,3}-[0-9]{1,3}$/);

  it('finds every ID one edit away from a query (and verifying them leaves exactly those)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 200 }), fc.array(fc.oneof(id, fc.stringMatching(/^[A-D-]{0,5}[0-9]{0,4}$/)), { maxLength: 20 }), (ids, queries) => {
        const index = new DeleteIndex([...ids].sort());
        for (const q of queries) {
          const near = ids.filter((x) => editDistance(q, x, 1) <= 1).sort();
          const found = [...index.candidates(q)];
          assert.deepEqual(found.filter((x) => editDistance(q, x, 1) <= 1).sort(), near, q);
          for (const x of found) assert.ok(ids.includes(x), `${x} is not an ID`);
        }
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it('builds quickly at 50,000 IDs and finds a substitution, a deletion and an insertion', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `${['AUTH', 'API', 'DB', 'UI'][i % 4]}-${i}`).sort();
    const t = Date.now();
    const index = new DeleteIndex(ids);
    assert.ok(Date.now() - t < 2000);
    assert.ok(index.candidates('AUTH-4').has('AUTH-40'), 'an insertion');
    assert.ok(index.candidates('AUTH-1O0').has('AUTH-100'), 'a substitution');
    assert.ok(index.candidates('AUTH100').has('AUTH-100'), 'a deletion');
  });
});

describe('typo suggestions while the index is partial', () => {
  it('gives no hint during a full index, and the right one after (no answer from the partial index is kept)', async () => {
    const engine = await engineFor({ 'docs/spec.md': '## AUTH-001: Login\n', 'src/a.ts': '// @impl AUTH-01\n' });
    engine.index.partial = true;
    assert.equal(nearestId('AUTH-01', engine.index), undefined);
    assert.doesNotMatch(engine.diagnosticsFor('src/a.ts')[0].message, /did you mean/);
    engine.index.partial = false;
    assert.equal(nearestId('AUTH-01', engine.index), 'AUTH-001');
    assert.match(engine.diagnosticsFor('src/a.ts')[0].message, /unknown requirement AUTH-01; did you mean AUTH-001\?/);
  });

  it('is partial exactly while a full index runs', async () => {
    const engine = await engineFor({ 'docs/spec.md': '## AUTH-001: Login\n' });
    assert.equal(engine.index.partial, false);
    const running = engine.indexAll();
    assert.equal(engine.index.partial, true);
    await running;
    assert.equal(engine.index.partial, false);
  });
});
