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
import { execFileSync } from 'node:child_process';
import { NodeHost, readUpTo } from '../../server/src/node/nodeHost';
import type { FileStat, IndexRead } from '../../server/src/core/workspace/host';
import { RecordingLogger } from './engineHelpers';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { DiskIndexCache } from '../../server/src/node/diskIndexCache';
import type { IndexWorkerPool, WorkerJob } from '../../server/src/core/index/workerPool';

const text = (r: IndexRead | undefined) => (r && 'bytes' in r ? Buffer.from(r.bytes).toString('utf8') : r && Object.keys(r).find((k) => k !== 'size' && k !== 'mtimeMs'));

/** The files both kinds of batch read are tried on, beside a folder `dir.ts`. */
const SMALL: Record<string, string> = { 'a.ts': '// @impl A-1\n', 'empty.ts': '', 'big.ts': 'x'.repeat(5000), 'b.ts': '// @impl B-1, B-2\n' };

/** A temporary folder holding `files` (path → content) and the folder `dir.ts`. */
function folderWith(prefix: string, files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, body] of Object.entries(files)) fs.writeFileSync(path.join(root, rel), body);
  fs.mkdirSync(path.join(root, 'dir.ts'));
  return root;
}

describe('NodeHost.readManyForIndex', () => {
  let root: string;
  before(() => {
    root = folderWith('reqtrace-batch-', { ...SMALL, 'same.ts': '// @impl S-1\n' });
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

describe('NodeHost.readManyForIndex without stats (no index cache keeps mtimes)', () => {
  let root: string;
  before(() => {
    const large = Object.fromEntries(Object.entries(LARGE).map(([rel, size]) => [rel, rel.slice(0, 1).repeat(size)]));
    root = folderWith('reqtrace-unstated-', { ...SMALL, 'limit.ts': 'y'.repeat(4096), ...large });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  // e.js is larger than any buffer the tests before made (2.5 MB).
  const LARGE: Record<string, number> = { 'a.js': 200_000, 'b.js': 200_000, 'c.js': 600_000, 'd.js': 1000, 'e.js': 2_500_000 };
  const unstated = (host: NodeHost, rels: string[], max = 1 << 20) => host.readManyForIndex(rels, max, rels.map(() => undefined), false);

  it('answers every file as the stat path does, sizes from the reads and no mtime', function () {
    const logger = new RecordingLogger();
    const host = new NodeHost(root, logger);
    const files = ['a.ts', 'gone.ts', 'empty.ts', 'big.ts', 'limit.ts', 'dir.ts', 'b.ts'];
    const reads = unstated(host, files, 4096);
    const withStats = new NodeHost(root).readManyForIndex(files, 4096, files.map(() => undefined));
    // The bytes, too large, gone, no regular file: as with a stat, and the same sizes (4096 bytes is the limit, not over it).
    assert.deepEqual(reads.map(text), withStats.map(text));
    assert.deepEqual(reads.map(text), ['// @impl A-1\n', undefined, '', 'tooLarge', 'y'.repeat(4096), undefined, '// @impl B-1, B-2\n']);
    assert.deepEqual(reads.map((r) => r?.size), withStats.map((r) => r?.size));
    for (const r of reads) if (r) assert.ok(Number.isNaN(r.mtimeMs), 'no mtime: it equals no cached stat');
    // A folder is no regular file, as an fstat would have said: no warning.
    assert.deepEqual(logger.lines, ['info skipped gone.ts: deleted before it could be read']);
  });

  it('a batch with a cached stat to compare still stats its files', () => {
    const st = fs.statSync(path.join(root, 'a.ts'));
    const reads = new NodeHost(root).readManyForIndex(['a.ts', 'b.ts'], 4096, [{ size: st.size, mtimeMs: st.mtimeMs }, undefined], false);
    assert.deepEqual(reads.map(text), ['unchanged', '// @impl B-1, B-2\n']);
    assert.equal(reads[1]!.mtimeMs, fs.statSync(path.join(root, 'b.ts')).mtimeMs);
  });

  it('a named pipe that replaced a listed file: no regular file, and the read does not wait for a writer', function () {
    if (process.platform === 'win32') this.skip();
    const pipe = path.join(root, 'pipe.ts');
    execFileSync('mkfifo', [pipe]);
    try {
      const logger = new RecordingLogger();
      assert.deepEqual(unstated(new NodeHost(root, logger), ['pipe.ts', 'a.ts']).map(text), [undefined, '// @impl A-1\n']);
      assert.deepEqual(logger.lines, []);
    } finally {
      fs.rmSync(pipe);
    }
  });

  it('ends a batch after the file that takes its bytes past 256 KB, or before one larger than the room left', () => {
    const host = new NodeHost(root);
    const lengths = (rels: string[], max = 1 << 22) => unstated(host, rels, max).map((r) => (r && 'bytes' in r ? r.bytes.length : -1));
    // Its size unknown before the read, b is read too: the batch ends after it.
    assert.deepEqual(lengths(['a.js', 'b.js', 'c.js', 'd.js']), [200_000, 200_000]);
    assert.deepEqual(lengths(['d.js', 'a.js', 'b.js']), [1000, 200_000, 200_000]);
    // e does not fit beside a: the next batch starts with it, and a buffer of its size takes it whole.
    assert.deepEqual(lengths(['a.js', 'e.js', 'd.js']), [200_000]);
    const e = unstated(host, ['e.js', 'd.js'], 1 << 22);
    assert.equal(e.length, 1);
    assert.ok(text(e[0]) === 'e'.repeat(2_500_000), 'e read whole');
    // The buffer is e's size now: with d before it, e waits again.
    assert.deepEqual(lengths(['d.js', 'e.js']), [1000]);
    assert.deepEqual(lengths(['c.js', 'd.js']), [600_000]);
    // Over the limit: told from the read of one byte more, with the stat's size; it takes no room.
    assert.deepEqual(unstated(host, ['c.js', 'a.js', 'd.js'], 500_000).map(text), ['tooLarge', 'a'.repeat(200_000), 'd'.repeat(1000)]);
    assert.equal(unstated(host, ['c.js'], 500_000)[0]!.size, 600_000);
  });

  it('readUpTo: a short read is the end, unless it ends on a 4 KB boundary', () => {
    const file = Buffer.from('z'.repeat(10_000));
    const calls: number[] = [];
    // A file system that hands out at most `chunk` bytes a read.
    const reader = (chunk: number) => (_fd: number, buf: Buffer, at: number, len: number, pos: number) => {
      const n = Math.max(0, Math.min(chunk, len, file.length - pos));
      file.copy(buf, at, pos, pos + n);
      calls.push(n);
      return n;
    };
    const buf = Buffer.alloc(20_000);
    // Whole pages at a time: read on to the end, then one read that gives nothing.
    assert.equal(readUpTo(0, buf, 0, 20_000, 0, reader(4096)), 10_000);
    assert.deepEqual(calls.splice(0), [4096, 4096, 1808]);
    assert.equal(buf.subarray(0, 10_000).toString(), file.toString());
    // At most `want`; from a position.
    assert.equal(readUpTo(0, buf, 5, 3000, 8000, reader(1 << 20)), 2000);
    assert.deepEqual(calls.splice(0), [2000]);
    assert.equal(readUpTo(0, buf, 0, 4096, 0, reader(1 << 20)), 4096);
    assert.deepEqual(calls.splice(0), [4096]);
    // A file of exactly a page: the short read on the boundary is checked by one more.
    assert.equal(readUpTo(0, buf, 0, 20_000, 8192, reader(1 << 20)), 1808);
    assert.equal(readUpTo(0, buf, 0, 20_000, 10_000 - 8192, reader(1 << 20)), 8192);
    assert.deepEqual(calls.splice(0), [1808, 8192, 0]);
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

  it('reads without stats unless an index cache keeps the mtimes, on the main thread and in the workers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-batch-mtimes-'));
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-batch-mtimes-cache-'));
    try {
      // Enough files for the engine to start its workers (2,000).
      fs.mkdirSync(path.join(dir, 'src'));
      for (let i = 0; i < 2100; i++) fs.writeFileSync(path.join(dir, 'src', `f${i}.ts`), `// @impl MANY-${i}\n`);
      const asked: Array<boolean | undefined> = [];
      const jobs: WorkerJob[] = [];
      class Host extends NodeHost {
        override readManyForIndex(rels: readonly string[], max: number, cached: ReadonlyArray<FileStat | undefined>, mtimes?: boolean) {
          asked.push(mtimes);
          return super.readManyForIndex(rels, max, cached, mtimes);
        }
      }
      // Workers that take no file: the main thread reads them all.
      const workers = (): IndexWorkerPool => ({ count: 1, run: async (job) => void jobs.push(job), dispose: () => undefined });
      const cold = await createEngine({ host: new Host(dir), indexWorkers: workers });
      assert.equal(cold.index.references('MANY-2099')[0]?.file, 'src/f2099.ts');
      assert.deepEqual([...new Set(asked)], [false]);
      assert.deepEqual(jobs.map((j) => j.mtimes), [false]);
      asked.length = 0;
      jobs.length = 0;
      const cached = await createEngine({ host: new Host(dir), indexWorkers: workers, indexCache: new DiskIndexCache(cache, dir) });
      assert.equal(cached.index.references('MANY-2099')[0]?.file, 'src/f2099.ts');
      assert.deepEqual([...new Set(asked)], [true]);
      assert.deepEqual(jobs.map((j) => j.mtimes), [true]);
      // The mtimes it kept are the files': a warm start takes every file from the cache.
      const warm = await createEngine({ host: new Host(dir), indexCache: new DiskIndexCache(cache, dir) });
      assert.equal(warm.lastIndexStats.fromCache, 2100);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
