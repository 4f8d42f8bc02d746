/**
 * The file-system host's batch read for the full index: one call answers
 * each file as reading it alone would (its own bytes, a cached stat that
 * still matches, too large, gone, not a regular file), and a file that
 * fails never takes the files beside it along.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeHost } from '../../server/src/node/nodeHost';
import type { FileStat, IndexRead } from '../../server/src/core/workspace/host';
import { RecordingLogger } from './engineHelpers';
import { createEngine } from '../../server/src/core/engine/createEngine';

const text = (r: IndexRead | undefined) => (r && 'bytes' in r ? Buffer.from(r.bytes).toString('utf8') : r && Object.keys(r).find((k) => k !== 'size' && k !== 'mtimeMs'));

describe('NodeHost.readManyForIndex', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-batch-'));
    fs.writeFileSync(path.join(root, 'a.ts'), '// @impl A-1\n');
    fs.writeFileSync(path.join(root, 'empty.ts'), '');
    fs.writeFileSync(path.join(root, 'big.ts'), 'x'.repeat(5000));
    fs.writeFileSync(path.join(root, 'same.ts'), '// @impl S-1\n');
    fs.writeFileSync(path.join(root, 'b.ts'), '// @impl B-1, B-2\n');
    fs.mkdirSync(path.join(root, 'dir.ts'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('answers every file of a mixed batch as reading it alone would', () => {
    const logger = new RecordingLogger();
    const host = new NodeHost(root, logger);
    const st = fs.statSync(path.join(root, 'same.ts'));
    const files = ['a.ts', 'gone.ts', 'empty.ts', 'big.ts', 'dir.ts', 'same.ts', 'b.ts'];
    const reads = host.readManyForIndex(files, 4096, [undefined, undefined, undefined, undefined, undefined, { size: st.size, mtimeMs: st.mtimeMs }, undefined]);
    assert.deepEqual(reads.map(text), ['// @impl A-1\n', undefined, '', 'tooLarge', undefined, 'unchanged', '// @impl B-1, B-2\n']);
    assert.equal(reads[0]!.size, 13);
    assert.equal(reads[3]!.size, 5000);
    assert.deepEqual(logger.lines, ['info skipped gone.ts: deleted before it could be read']);
    // The cache's stat is for `same.ts` alone: the same stat given for another file does not match it.
    const again = host.readManyForIndex(['b.ts'], 4096, [{ size: st.size, mtimeMs: st.mtimeMs }]);
    assert.equal(text(again[0]), '// @impl B-1, B-2\n');
  });

  it('ends a batch before a file that would take its bytes past 256 KB, and reads a larger file alone', () => {
    const host = new NodeHost(root);
    fs.mkdirSync(path.join(root, 'large'), { recursive: true });
    const sizes: Record<string, number> = { 'large/a.js': 200_000, 'large/b.js': 200_000, 'large/c.js': 600_000, 'large/d.js': 1000 };
    for (const [rel, size] of Object.entries(sizes)) fs.writeFileSync(path.join(root, rel), rel.slice(-4, -3).repeat(size));
    const lengths = (rels: string[]) => host.readManyForIndex(rels, 1 << 20, rels.map(() => undefined)).map((r) => (r && 'bytes' in r ? r.bytes.length : -1));
    // a alone: b would pass the limit. Then b with nothing after it that fits; c is read alone and whole, d after it.
    assert.deepEqual(lengths(['large/a.js', 'large/b.js', 'large/c.js', 'large/d.js']), [200_000]);
    assert.deepEqual(lengths(['large/b.js', 'large/c.js', 'large/d.js']), [200_000]);
    assert.deepEqual(lengths(['large/c.js', 'large/d.js']), [600_000]);
    assert.deepEqual(lengths(['large/d.js', 'large/a.js']), [1000, 200_000]);
    // Files not read (too large, unchanged, gone) take no room: the batch goes on past them.
    assert.deepEqual(lengths(['large/a.js', 'gone.js', 'large/d.js', 'large/b.js']), [200_000, -1, 1000]);
    const tooLarge = host.readManyForIndex(['large/c.js', 'large/a.js', 'large/d.js'], 500_000, [undefined, undefined, undefined]);
    assert.deepEqual(tooLarge.map(text), ['tooLarge', 'a'.repeat(200_000), 'd'.repeat(1000)]);
  });

  it('reads a batch larger than its first buffer, each file whole', () => {
    const host = new NodeHost(root);
    const names = Array.from({ length: 40 }, (_, i) => `many/f${i}.ts`);
    fs.mkdirSync(path.join(root, 'many'), { recursive: true });
    names.forEach((n, i) => fs.writeFileSync(path.join(root, n), String(i).repeat(3000 + i)));
    const reads = host.readManyForIndex(names, 1 << 20, names.map(() => undefined));
    reads.forEach((r, i) => assert.equal(text(r), String(i).repeat(3000 + i), names[i]));
  });
});

describe('the full index reading batches on the main thread', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-batch-index-'));
    fs.mkdirSync(path.join(root, 'src'));
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(root, 'src', `f${i}.ts`), `// @impl FILE-${i}\n`);
    fs.writeFileSync(path.join(root, 'junk.txt'), '#'.repeat(4096));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the bytes of a batch’s files not analysed yet when the event loop turns between them', async () => {
    let turns = 0;
    const host = new (class extends NodeHost {
      override readManyForIndex(rels: readonly string[], max: number, cached: ReadonlyArray<FileStat | undefined>) {
        const reads = super.readManyForIndex(rels, max, cached);
        // Long enough that the index turns the event loop after the batch's first file; while it is turned, another
        // read of the same thread overwrites the buffer that the batch's bytes were read into.
        const until = performance.now() + 5;
        while (performance.now() < until);
        setImmediate(() => {
          turns++;
          super.readManyForIndex(['junk.txt'], max, [undefined]);
        });
        return reads;
      }
    })(root);
    const engine = await createEngine({ host });
    assert.ok(turns > 0, 'the event loop turned during the index');
    for (let i = 0; i < 12; i++) assert.deepEqual(engine.index.references(`FILE-${i}`).map((r) => r.file), [`src/f${i}.ts`], `FILE-${i}`);
  });

  it('indexes large files among small ones, each batch ending where the host ended it', async () => {
    const dir = path.join(root, 'mixed');
    fs.mkdirSync(dir);
    for (let i = 0; i < 10; i++) {
      // Every third file is 300 KB: alone in its batch.
      const filler = i % 3 === 0 ? `// ${'x'.repeat(99)}\n`.repeat(3000) : '';
      fs.writeFileSync(path.join(dir, `m${i}.ts`), `${filler}// @impl MIXED-${i}\n`);
    }
    const batches: number[] = [];
    const host = new (class extends NodeHost {
      override readManyForIndex(rels: readonly string[], max: number, cached: ReadonlyArray<FileStat | undefined>) {
        const reads = super.readManyForIndex(rels, max, cached);
        batches.push(reads.length);
        return reads;
      }
    })(root);
    const engine = await createEngine({ host });
    assert.ok(batches.length > 1, `batches: ${batches.join(', ')}`);
    for (let i = 0; i < 10; i++) assert.deepEqual(engine.index.references(`MIXED-${i}`).map((r) => r.file), [`mixed/m${i}.ts`], `MIXED-${i}`);
  });
});
