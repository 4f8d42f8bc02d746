/**
 * Worker results cross to the main thread encoded (workerResults.ts): what
 * the main thread decodes must be what the worker had, for the files of the
 * fixtures as the engine analyses them and for any result at all.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { NO_REFS, type FileEntry, type WorkerResult } from '../../server/src/core';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { NodeHost } from '../../server/src/node/nodeHost';
import { decodeResults, encodeResults, transferable } from '../../server/src/node/workerResults';

const FIXTURES = path.resolve(__dirname, '../../test-fixtures');
const RUNS = Number(process.env.REQTRACE_FUZZ_RUNS ?? 300);

/** Results through a real message channel's cloning, as between threads (buffers handed over). */
function crossed(results: WorkerResult[], files: string[], from: number): WorkerResult[] {
  const encoded = encodeResults(results);
  const copy = structuredClone(encoded, { transfer: transferable(encoded) });
  assert.equal(encoded.data.length, 0, 'the data buffer was handed over, not copied');
  return decodeResults(copy, files, from);
}

describe('worker results', () => {
  it('arrive as the worker had them, for every file of the fixtures', async () => {
    const results: WorkerResult[] = [];
    for (const name of ['demo', 'dialect-doorstop', 'dialect-oft', 'dialect-strictdoc', 'links', 'traps', 'comment-forms']) {
      const root = path.join(FIXTURES, name);
      const engine = await createEngine({ host: new NodeHost(root) });
      for (const file of [...engine.index.files()].sort()) {
        const role = engine.classifier.roleOf(file);
        if (!role) continue;
        const st = fs.statSync(path.join(root, file));
        const entry = engine.analyze(file, fs.readFileSync(path.join(root, file), 'utf8'), role);
        results.push({ file: `${name}/${file}`, hit: false, loaded: { size: st.size, mtimeMs: st.mtimeMs, entry: { ...entry, file: `${name}/${file}` } } });
        if (results.length % 5 === 0) results.push({ file: `${name}/unchanged-${file}`, hit: true });
        if (results.length % 7 === 0) results.push({ file: `${name}/big-${file}`, skipped: 'larger than 1 MB', warn: results.length % 2 === 0 });
      }
    }
    const entries = results.flatMap((r) => ('loaded' in r ? [r.loaded.entry] : []));
    assert.ok(entries.some((e) => e.document), 'a Doorstop document setting');
    assert.ok(entries.some((e) => e.defs.length > 0) && entries.some((e) => e.problems.length > 0), 'definitions and problems');
    assert.ok(entries.some((e) => e.refs === NO_REFS) && entries.some((e) => e.refs !== NO_REFS), 'files with and without references');

    // After two files of other results, as the second message of a chunk would come.
    const files = ['x', 'y', ...results.map((r) => r.file)];
    const back = crossed(results, files, 2);
    assert.deepStrictEqual(back, results);
    back.forEach((r, i) => {
      const want = results[i];
      if ('loaded' in r && 'loaded' in want) assert.equal(r.loaded.entry.refs === NO_REFS, want.loaded.entry.refs === NO_REFS, `${r.file}: the shared empty refs`);
    });
  });

  it('arrive as the worker had them, whatever they are', () => {
    const strings = fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 6 });
    const refs = fc.oneof(
      fc.constant(NO_REFS),
      fc.record({ strings, data: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 20 }).map((a) => Int32Array.from(a)) }, { noNullPrototype: true }),
    );
    const opaque = fc.array(fc.record({ id: fc.string(), n: fc.double() }, { noNullPrototype: true }), { maxLength: 3 });
    const entry = fc
      .record({ isSpec: fc.boolean(), isTest: fc.boolean(), defs: opaque, refs, problems: opaque, document: fc.option(fc.record({ prefix: fc.string() }, { noNullPrototype: true }), { nil: undefined }) }, { requiredKeys: ['isSpec', 'isTest', 'defs', 'refs', 'problems'], noNullPrototype: true })
      .map((e) => e as unknown as Omit<FileEntry, 'file'>);
    const result = fc.oneof(
      fc.record({ hit: fc.constant(true as const) }, { noNullPrototype: true }),
      fc.record({ skipped: fc.string({ unit: 'binary' }), warn: fc.boolean() }, { noNullPrototype: true }),
      fc.record({ size: fc.nat(), mtimeMs: fc.double({ noNaN: true }), entry }, { noNullPrototype: true }),
    );
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 40 }), fc.nat(3), (made, from) => {
        const files = Array.from({ length: from + made.length }, (_, i) => `f${i}`);
        const results: WorkerResult[] = made.map((m, i) => {
          const file = files[from + i];
          if ('entry' in m) return { file, hit: false, loaded: { size: m.size, mtimeMs: m.mtimeMs, entry: { file, ...m.entry } } };
          return { file, ...m } as WorkerResult;
        });
        assert.deepStrictEqual(crossed(results, files, from), results);
      }),
      { numRuns: RUNS },
    );
  });

  it('are refused when there are more of them than files sent', () => {
    const results: WorkerResult[] = [
      { file: 'a', hit: true },
      { file: 'b', skipped: 'larger than 1 MB', warn: true },
    ];
    assert.deepEqual(crossed(results, ['a', 'b'], 0), results);
    assert.throws(() => crossed(results, ['x', 'a'], 1), /answered 2 files starting at file 2 of the 2 it was sent/);
  });
});

