/**
 * DiskSync: before each answer the index matches the disk, files written a
 * moment ago included, through the index's own ignore rules; and when
 * nothing changed (and nothing is recent enough to be in doubt), no file is read.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine/engine';
import { DiskSync } from '../../server/src/core/engine/diskSync';
import { NodeHost } from '../../server/src/node/nodeHost';

const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

/** Sets every file's and folder's mtime an hour back: nothing is then recent enough to be in doubt. */
function age(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) age(p);
    else fs.utimesSync(p, AN_HOUR_AGO, AN_HOUR_AGO);
  }
  fs.utimesSync(dir, AN_HOUR_AGO, AN_HOUR_AGO);
}

/** A NodeHost that records which files it read. */
class CountingHost extends NodeHost {
  readonly reads: string[] = [];
  override async readFile(rel: string): Promise<Uint8Array | undefined> {
    this.reads.push(rel);
    return super.readFile(rel);
  }
  override readManyForIndex(rels: readonly string[], max: number, cached: ReadonlyArray<{ size: number; mtimeMs: number } | undefined>) {
    this.reads.push(...rels);
    return super.readManyForIndex(rels, max, cached);
  }
}

describe('DiskSync', () => {
  let ws: string;
  let host: CountingHost;
  let engine: Engine;
  let sync: DiskSync;

  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  };
  const refs = (id: string) => engine.index.references(id).map((r) => `${r.file}:${r.range.start.line + 1}`);

  beforeEach(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-disksync-'));
    write('docs/spec.md', '## A-001: One\n\n## A-002: Two\n');
    write('src/a.ts', '// @impl A-001\n');
    write('.gitignore', 'build/\n');
    write('build/gen.ts', '// @impl A-002\n');
    age(ws);
    host = new CountingHost(ws);
    engine = new Engine({ host });
    sync = new DiskSync(engine);
    await sync.reindex();
  });

  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('reads nothing but the config and .gitignore files when nothing changed', async () => {
    assert.deepEqual(refs('A-001'), ['src/a.ts:1']);
    host.reads.length = 0;
    assert.deepEqual(await sync.sync(), { changed: [] });
    assert.deepEqual(host.reads.sort(), ['.gitignore', 'reqtrace.yaml']);
  });

  it('sees a file rewritten right after an answer, even with the same size and mtime', async () => {
    // Both writes get the same mtime, as within one tick of a coarse clock: only the racy-mtime rule can see the second.
    const tick = new Date(Math.floor(Date.now() / 1000) * 1000);
    write('src/a.ts', '// @impl A-002\n');
    fs.utimesSync(path.join(ws, 'src/a.ts'), tick, tick);
    assert.deepEqual((await sync.sync()).changed, ['src/a.ts']);
    assert.deepEqual(refs('A-002'), ['src/a.ts:1']);
    write('src/a.ts', '// @impl A-001\n');
    fs.utimesSync(path.join(ws, 'src/a.ts'), tick, tick);
    await sync.sync();
    assert.deepEqual(refs('A-001'), ['src/a.ts:1']);
    assert.deepEqual(refs('A-002'), []);
  });

  it('indexes a file added in a known folder or a new one, and drops a deleted one', async () => {
    write('src/b.ts', '// @impl A-002\n');
    write('src/new/c.py', '# Implements: A-002\n');
    assert.deepEqual((await sync.sync()).changed, ['src/b.ts', 'src/new/c.py']);
    assert.deepEqual(refs('A-002'), ['src/b.ts:1', 'src/new/c.py:1']);
    fs.rmSync(path.join(ws, 'src/b.ts'));
    // c.py is read again too: written this moment, its mtime cannot yet tell a second write from the first.
    assert.ok((await sync.sync()).changed.includes('src/b.ts'));
    assert.deepEqual(refs('A-002'), ['src/new/c.py:1']);
  });

  it('honours the index ignore rules for new files, and re-indexes when a .gitignore or the config changes', async () => {
    write('build/more.ts', '// @impl A-001\n');
    write('node_modules/x/index.ts', '// @impl A-001\n');
    await sync.sync();
    assert.deepEqual(refs('A-001'), ['src/a.ts:1']);

    write('.gitignore', 'build/\nsrc/\n');
    assert.equal((await sync.sync()).reindexed, '.gitignore changed');
    assert.deepEqual(refs('A-001'), []);

    fs.rmSync(path.join(ws, '.gitignore'));
    write('reqtrace.yaml', 'needs: [impl]\n');
    const r = await sync.sync();
    assert.equal(r.reindexed, 'reqtrace.yaml changed');
    assert.deepEqual(refs('A-002'), ['build/gen.ts:1']);
    assert.deepEqual(engine.config.needs, ['impl']);
  });

  it('serves calls made while a sync runs from one more sync after it', async () => {
    const first = sync.sync();
    write('src/b.ts', '// @impl A-002\n');
    const [, second, third] = await Promise.all([first, sync.sync(), sync.sync()]);
    assert.equal(second, third);
    assert.deepEqual(refs('A-002'), ['src/b.ts:1']);
  });

  it('keeps the index as it was while a whileSynced work awaits, for every caller sharing its sync', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const seen: string[][] = [];
    // Two answers that share one sync; the first awaits (as reqtrace_impact awaits git).
    const first = sync.whileSynced(async () => {
      await gate;
      seen.push(refs('A-002'));
    });
    const second = sync.whileSynced(async () => seen.push(refs('A-002')));
    await second;
    write('src/b.ts', '// @impl A-002\n');
    const later = sync.sync();
    // Time enough for a sync that did not wait to finish (a few ms here): a check that something does not happen.
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen.push(refs('A-002'));
    open();
    await first;
    await later;
    assert.deepEqual(seen, [[], [], []]);
    assert.deepEqual(refs('A-002'), ['src/b.ts:1']);
  });
});
