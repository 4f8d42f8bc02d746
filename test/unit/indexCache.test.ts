/**
 * The persisted index: what is saved comes back equal, and the saved walk is
 * reused only while no folder it read and no .gitignore it applied changed.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { IndexedFiles } from '../../server/src/core/index/indexCache';
import { cacheFile, loadCache, STAT_THREAD_MIN } from '../../server/src/node/cacheLoad';
import { DiskIndexCache } from '../../server/src/node/diskIndexCache';
import { saveCache } from '../../server/src/node/cacheSave';
import { diskEngineOptions } from '../../server/src/node/diskEngine';
import { SharedStats } from '../../server/src/node/statWorker';
import { candidatesOf, type FileEntry } from '../../server/src/core/index/fileEntry';

const ROOT = path.resolve(__dirname, '../..');
const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Sets every folder's mtime (and the .gitignore files') an hour back: older than the racy window of a walk. */
function ageFolders(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) ageFolders(p);
    else if (e.name === '.gitignore') fs.utimesSync(p, AN_HOUR_AGO, AN_HOUR_AGO);
  }
  fs.utimesSync(dir, AN_HOUR_AGO, AN_HOUR_AGO);
}

/** An engine with the workspace's cache; its loads stat in a thread however few the files (a real workspace needs thousands: STAT_THREAD_MIN). */
function index(ws: string, cache: string, statThreadMin = 0): Promise<Engine> {
  return createEngine({ ...diskEngineOptions(ws, { cacheDir: cache }), indexCache: new DiskIndexCache(cache, ws, statThreadMin) });
}

describe('persisted index cache', () => {
  let ws: string;
  let cache: string;

  beforeEach(() => {
    ws = path.join(tempDir('reqtrace-cache-ws-'), 'ws');
    fs.cpSync(path.join(ROOT, 'test-fixtures/demo'), ws, { recursive: true });
    // Pins, verbs, test files and definitions with parents and tags: every field the format stores.
    fs.writeFileSync(path.join(ws, 'src/pinned.ts'), '// @impl AUTH-001@1, AUTH-002@7\n// Verifies: BILL-001\n');
    cache = tempDir('reqtrace-cache-');
  });
  afterEach(() => {
    fs.rmSync(path.dirname(ws), { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  /** Saved entries equal the live index's, file by file. */
  function assertSameAsLive(stored: ReturnType<typeof loadCache>, cold: Engine): void {
    assert.ok(stored, 'a cache was written');
    assert.deepEqual([...stored.files.keys()].sort(), [...cold.index.files()].sort());
    for (const file of cold.index.files()) {
      const saved: FileEntry = stored.files.get(file)!.entry;
      const live: FileEntry = cold.index.entry(file)!;
      assert.deepEqual(
        { ...saved, refs: candidatesOf(saved), defs: [...saved.defs], problems: [...saved.problems] },
        { ...live, refs: candidatesOf(live), defs: [...live.defs], problems: [...live.problems] },
        file,
      );
    }
  }

  it('keeps Latin-1 file names (stored one byte a character) and gives them to the stat thread so', async () => {
    const names = ['src/new\nline.ts', 'src/ünï cødé.ts', 'src/ÿ.ts'];
    for (const name of names) fs.writeFileSync(path.join(ws, name), '// @impl AUTH-001, AUTH-404\n');
    ageFolders(ws);
    const cold = await index(ws, cache);
    const stored = loadCache(cacheFile(cache, ws), fs.readFileSync(path.join(ws, 'reqtrace.yaml'), 'utf8'), ws, 0);
    assertSameAsLive(stored, cold);
    const now = (await stored!.current!())!;
    for (const name of names) assert.equal(now.sizes[stored!.files.get(name)!.slot!], fs.statSync(path.join(ws, name)).size, name);
    const warm = await index(ws, cache);
    assert.equal(warm.lastIndexStats.fromCache, warm.lastIndexStats.files);
    assert.deepEqual(warm.diagnostics(), cold.diagnostics());
  });

  it('keeps file names and texts of any characters (strings are stored as UTF-16)', async () => {
    // A line break, combining marks and a character outside the BMP in file names; the same in a title.
    const names = ['src/new\nline.ts', 'src/ünï cødé.ts', 'src/😀 smile.ts'];
    for (const name of names) fs.writeFileSync(path.join(ws, name), '// @impl AUTH-001, AUTH-404\n');
    // Listed by the walk but not indexed: the walk's list keeps it beside the indexed files.
    fs.writeFileSync(path.join(ws, 'src/blob\u00e9.bin'), Buffer.from([0, 1, 2, 0]));
    // And in a folder of such a name, a file of no role: the folders and the walk's other files are stored as text too.
    fs.mkdirSync(path.join(ws, 'src/😀 dir'));
    fs.writeFileSync(path.join(ws, 'src/😀 dir/notes 😀.txt'), 'no role\n');
    fs.appendFileSync(path.join(ws, 'docs/requirements.md'), '\n## CACHE-001: Ünïcødé 😀 title\n\nText with \u00a0 and \ud800 in it.\n');
    const cold = await index(ws, cache);
    for (const name of names) assert.ok(cold.index.entry(name), name);
    assert.ok([...cold.index.files()].some((f) => cold.index.entry(f)!.defs.some((d) => d.id === 'CACHE-001')));
    const stored = loadCache(cacheFile(cache, ws));
    assertSameAsLive(stored, cold);
    const walked = stored!.walk!.files;
    assert.equal(new Set(walked).size, walked.length);
    assert.deepEqual([...cold.index.files()].filter((f) => !walked.includes(f)), [], 'the walk lists every indexed file');
    assert.ok(walked.includes('src/blob\u00e9.bin') && !cold.index.entry('src/blob\u00e9.bin'), 'and the files it did not index');
    assert.deepEqual(stored!.walk, cold.lastWalk, 'the walk as it was, folders and all');
    assert.ok(stored!.walk!.dirs.some(([d]) => d === 'src/😀 dir') && walked.includes('src/😀 dir/notes 😀.txt'));
  });

  it('gives back the definitions of many spec files (stored in several pieces)', async () => {
    fs.mkdirSync(path.join(ws, 'docs/many'));
    for (let i = 0; i < 120; i++) fs.writeFileSync(path.join(ws, `docs/many/s${i}.md`), `## MANY-${i}: Requirement ${i}\n\nStatus: approved\nParent: AUTH-001\n`);
    const cold = await index(ws, cache);
    assert.equal([...cold.index.files()].filter((f) => cold.index.entry(f)!.defs.length > 0).length, 120 + 2);
    assertSameAsLive(loadCache(cacheFile(cache, ws)), cold);
  });

  it('treats a cache file cut short anywhere as no cache', async () => {
    await index(ws, cache);
    const file = cacheFile(cache, ws);
    const whole = fs.readFileSync(file);
    assert.ok(loadCache(file));
    const cuts = [0, 1, 3, 4, 10, ...Array.from({ length: 40 }, (_, i) => Math.floor(((i + 1) * whole.length) / 41)), whole.length - 1];
    for (const cut of cuts) {
      fs.writeFileSync(file, whole.subarray(0, cut));
      assert.equal(loadCache(file), undefined, `cut at ${cut} of ${whole.length}`);
    }
  });

  it('gives back every entry as it was saved', async () => {
    const cold = await index(ws, cache);
    assertSameAsLive(loadCache(cacheFile(cache, ws)), cold);
    assert.ok([...cold.index.files()].some((f) => cold.index.entry(f)!.defs.some((d) => d.parents.length > 0)), 'the demo has parent links');
  });

  it('saves the files in the order of the index list whatever order they were read in, and the walk as it was', async () => {
    const cold = await index(ws, cache);
    const read = [...cold.index.files()].sort();
    // The index's list is the walk's without the files of no role; one file of the list could not be read.
    const list = [...read.slice(0, 2), 'src/m-unreadable.ts', ...read.slice(2)];
    const walkFiles = ['a-no-role.bin', ...list.slice(0, 1), 'm-no-role.txt', ...list.slice(1), 'z-no-role.bin'];
    const indexed = new IndexedFiles(list);
    // Read in the reverse order (workers finish in any order).
    for (const f of [...read].reverse()) indexed.set(list.indexOf(f), { size: f.length, mtimeMs: 1e12 + f.length / 3, entry: cold.index.entry(f)! });
    const walk = { startedAt: 1e12, files: walkFiles, dirs: [['', 1e12], ['src', 1e12 + 0.25], ['src/ü 😀', 1e12 + 1]] as Array<[string, number]>, gitignores: [['.gitignore', 12, 1e12 - 5]] as Array<[string, number, number]> };
    const file = path.join(cache, 'ordered.bin');
    await saveCache(file, { configText: 'x', dialects: '', walk, indexed });

    const loaded = loadCache(file)!;
    assert.deepEqual(loaded.walk, walk, 'the walk as it was: files, folders with their mtimes, .gitignore files');
    assert.deepEqual([...loaded.files.keys()], read, 'the files read, in the order of the list');
    for (const f of read) {
      const back = loaded.files.get(f)!;
      assert.deepEqual([back.size, back.mtimeMs], [f.length, 1e12 + f.length / 3], f);
      const live = cold.index.entry(f)!;
      assert.deepEqual({ ...back.entry, refs: candidatesOf(back.entry) }, { ...live, refs: candidatesOf(live) }, f);
    }
    // A list out of the walk's order is refused, not saved wrong.
    await assert.rejects(saveCache(file, { configText: 'x', dialects: '', walk: { ...walk, files: [...walkFiles].reverse() }, indexed }), /not in the order of the walk/);
  });

  it('reuses the walk while no folder changed, and walks again when one did', async () => {
    ageFolders(ws);
    const first = await index(ws, cache);
    assert.equal(first.lastIndexStats.walkReused, false, 'no cache yet');
    const second = await index(ws, cache);
    assert.equal(second.lastIndexStats.walkReused, true);
    assert.equal(second.lastIndexStats.fromCache, second.lastIndexStats.files);
    assert.deepEqual(second.diagnostics(), first.diagnostics());

    // A new file changes its folder's mtime: found by a new walk, and its unknown ID reported.
    fs.writeFileSync(path.join(ws, 'src/auth/added.ts'), '// @impl AUTH-404\n');
    const third = await index(ws, cache);
    assert.equal(third.lastIndexStats.walkReused, false);
    assert.ok(third.diagnostics().some((d) => d.file === 'src/auth/added.ts' && d.code === 'unknown-requirement'));

    // A deleted file, its folder aged again as if long ago: gone from the index all the same.
    ageFolders(ws);
    await index(ws, cache);
    fs.rmSync(path.join(ws, 'src/auth/added.ts'));
    const fourth = await index(ws, cache);
    assert.equal(fourth.index.entry('src/auth/added.ts'), undefined);
  });

  it('stats no folder for a run that indexes once without a cache (the CLI), and finds what a recording run finds', async () => {
    /** An engine whose host counts its folder stats. */
    const counted = async (options: { indexOnce?: boolean; cache?: boolean }) => {
      const base = diskEngineOptions(ws, { cacheDir: options.cache ? cache : undefined });
      let stats = 0;
      const directoryMtime = base.host.directoryMtime.bind(base.host);
      base.host.directoryMtime = (dir: string) => (stats++, directoryMtime(dir));
      const engine = await createEngine({ ...base, indexOnce: options.indexOnce });
      return { engine, stats };
    };
    const recording = await counted({});
    const once = await counted({ indexOnce: true });
    assert.ok(recording.stats >= 4, `the recording walk stats every folder (${recording.stats})`);
    assert.ok(recording.engine.lastWalk!.dirs.length >= 4);
    assert.equal(once.stats, 0, 'no folder stat');
    assert.equal(once.engine.lastWalk, undefined, 'no walk to compare the disk with later');
    assert.deepEqual([...once.engine.index.files()].sort(), [...recording.engine.index.files()].sort());
    assert.deepEqual(once.engine.diagnostics(), recording.engine.diagnostics());
    // With a cache to write, the folders are recorded all the same: the next run's walk is reused by them.
    ageFolders(ws);
    const cached = await counted({ indexOnce: true, cache: true });
    assert.equal(cached.stats, recording.stats);
    const warm = await index(ws, cache);
    assert.equal(warm.lastIndexStats.walkReused, true);
  });

  it('re-reads a file rewritten in place (its folder unchanged) on a warm start, by its size or its mtime alone', async () => {
    ageFolders(ws);
    await index(ws, cache);
    const file = path.join(ws, 'src/pinned.ts');
    // Same size, another ID: only the mtime tells.
    fs.writeFileSync(file, '// @impl AUTH-001@1, AUTH-002@7\n// Verifies: BILL-999\n');
    fs.utimesSync(file, AN_HOUR_AGO, AN_HOUR_AGO);
    ageFolders(ws);
    const sameSize = await index(ws, cache);
    assert.equal(sameSize.lastIndexStats.walkReused, true);
    assert.equal(sameSize.lastIndexStats.fromCache, sameSize.lastIndexStats.files - 1);
    assert.ok(sameSize.diagnostics().some((d) => d.file === 'src/pinned.ts' && d.message.includes('BILL-999')));
    // Another size, the mtime put back as cached: only the size tells.
    const mtime = fs.statSync(file).mtime;
    fs.writeFileSync(file, '// @impl AUTH-001\n');
    fs.utimesSync(file, mtime, mtime);
    ageFolders(ws);
    const otherSize = await index(ws, cache);
    assert.equal(otherSize.lastIndexStats.fromCache, otherSize.lastIndexStats.files - 1);
    assert.ok(!otherSize.diagnostics().some((d) => d.file === 'src/pinned.ts' && d.message.includes('BILL-999')));
  });

  it('builds a warm index before its stats come as a cold one would be, whatever they then show', async () => {
    // The warm start adds every cached entry while the stats are taken, then takes out what changed, or starts over.
    const same = async (warm: Engine, what: string) => {
      const cold = await createEngine(diskEngineOptions(ws));
      assert.deepEqual([...warm.index.files()].sort(), [...cold.index.files()].sort(), `${what}: files`);
      assert.deepEqual(warm.diagnostics(), cold.diagnostics(), `${what}: diagnostics`);
      for (const id of cold.index.definedIds()) assert.deepEqual(warm.index.references(id), cold.index.references(id), `${what}: references of ${id}`);
      assert.deepEqual(warm.index.allDefinitions(), cold.index.allDefinitions(), `${what}: definitions, in order`);
    };
    ageFolders(ws);
    await index(ws, cache);
    const first = await index(ws, cache);
    assert.equal(first.lastIndexStats.fromCache, first.lastIndexStats.files);
    await same(first, 'nothing changed');
    // A spec and a source file rewritten in place: their folders keep their mtimes, the walk is reused.
    fs.appendFileSync(path.join(ws, 'docs/requirements.md'), '\n## AUTH-900: Added late\n');
    fs.writeFileSync(path.join(ws, 'src/pinned.ts'), '// @impl AUTH-900, AUTH-001\n// @test BILL-001\n');
    ageFolders(ws);
    const rewritten = await index(ws, cache);
    assert.equal(rewritten.lastIndexStats.walkReused, true);
    assert.equal(rewritten.lastIndexStats.fromCache, rewritten.lastIndexStats.files - 2);
    await same(rewritten, 'two files rewritten');
    // A file added: its folder changed, so what was built before the stats came is built again from a new walk.
    fs.writeFileSync(path.join(ws, 'src/auth/added.ts'), '// @impl AUTH-900\n');
    const added = await index(ws, cache);
    assert.equal(added.lastIndexStats.walkReused, false);
    await same(added, 'a file added');
  });

  it('writes the cache again after a warm start only when something changed, and then whole', async () => {
    ageFolders(ws);
    await index(ws, cache);
    const file = cacheFile(cache, ws);
    const written = () => fs.readFileSync(file);
    const first = written();
    await index(ws, cache);
    assert.ok(written().equals(first), 'nothing changed: the cache is left as it was');
    fs.writeFileSync(path.join(ws, 'src/pinned.ts'), '// @impl AUTH-002\n');
    ageFolders(ws);
    const changed = await index(ws, cache);
    assert.ok(!written().equals(first), 'a file changed: the cache is written again');
    // With every file, not only the one read again.
    assertSameAsLive(loadCache(file), changed);
  });

  it('lists on a warm start the files the cold index listed, a too large one among them', async () => {
    // Every file of the demo is under 2 KB.
    fs.appendFileSync(path.join(ws, 'reqtrace.yaml'), 'maxFileSize: 4096\n');
    fs.writeFileSync(path.join(ws, 'src/large.ts'), `// @impl AUTH-001\n${'x'.repeat(5000)}\n`);
    fs.writeFileSync(path.join(ws, 'src/notes.bin'), 'no role');
    ageFolders(ws);
    const cold = await index(ws, cache);
    const stored = loadCache(cacheFile(cache, ws))!;
    // The index's files and the one it listed but could not take, in the walk's order; not the files of no role.
    assert.deepEqual(stored.inputs, [...stored.walk!.files].filter((f) => cold.index.entry(f) !== undefined || f === 'src/large.ts'));
    assert.ok(stored.walk!.files.includes('src/notes.bin') && !stored.inputs!.includes('src/notes.bin'));
    assert.ok(stored.inputs!.includes('src/large.ts') && !stored.files.has('src/large.ts'), 'listed, though it has no entry');
    const warm = await index(ws, cache);
    assert.equal(warm.lastIndexStats.walkReused, true);
    assert.deepEqual(warm.index.files(), cold.index.files());
    assert.deepEqual(warm.diagnostics(), cold.diagnostics());
  });

  it('stats the walk\'s folders and the cached files beside the decode, as the file system has them now', async () => {
    ageFolders(ws);
    await index(ws, cache);
    const key = fs.readFileSync(path.join(ws, 'reqtrace.yaml'), 'utf8');
    assert.equal(loadCache(cacheFile(cache, ws), 'another config', ws, 0)?.current, undefined, 'nothing stat\'ed for a cache of no use');
    fs.rmSync(path.join(ws, 'src/pinned.ts'));
    fs.writeFileSync(path.join(ws, 'src/auth/more.ts'), '');
    const loaded = loadCache(cacheFile(cache, ws), key, ws, 0)!;
    const now = (await loaded.current!())!;
    assert.ok(now, 'stats taken');
    const paths = [...loaded.files.keys()];
    paths.forEach((p, slot) => {
      assert.equal(loaded.files.get(p)!.slot, slot);
      const st = fs.statSync(path.join(ws, p), { throwIfNoEntry: false });
      assert.deepEqual([now.sizes[slot], now.mtimes[slot]], st ? [st.size, st.mtimeMs] : [NaN, NaN], p);
    });
    assert.ok(paths.includes('src/pinned.ts'));
    loaded.walk!.dirs.forEach(([dir], i) => assert.equal(now.dirMtimes[i], fs.statSync(path.join(ws, dir)).mtimeMs, dir));
    assert.ok(loaded.walk!.dirs.some(([dir], i) => dir === 'src/auth' && now.dirMtimes[i] !== loaded.walk!.dirs[i][1]), 'the changed folder');
  });

  it('stats a small cache through the host (no thread below STAT_THREAD_MIN), and a warm start still sees every change', async () => {
    ageFolders(ws);
    const key = fs.readFileSync(path.join(ws, 'reqtrace.yaml'), 'utf8');
    await index(ws, cache, STAT_THREAD_MIN);
    const loaded = loadCache(cacheFile(cache, ws), key, ws)!;
    assert.ok(loaded.walk!.dirs.length + loaded.files.size < STAT_THREAD_MIN, 'the demo workspace is small');
    assert.equal(loaded.current, undefined, 'no thread for a few stats');
    assert.ok(loadCache(cacheFile(cache, ws), key, ws, loaded.walk!.dirs.length + loaded.files.size)!.current, 'a thread from the threshold on');
    const login = path.join(ws, 'src/auth/login.ts');
    fs.appendFileSync(login, '// @impl AUTH-999\n');
    const warm = await index(ws, cache, STAT_THREAD_MIN);
    assert.ok(warm.lastIndexStats.fromCache > 0 && warm.lastIndexStats.fromCache < warm.index.fileCount);
    assert.ok(warm.index.entry('src/auth/login.ts')!.refs.strings.includes('AUTH-999'), 'the changed file was read again');
  });

  it('shares the stats between the main thread and its own, whatever they are', async () => {
    fs.mkdirSync(path.join(ws, 'many'));
    const files = Array.from({ length: 1000 }, (_, i) => `many/f${i}.txt`);
    files.forEach((f, i) => fs.writeFileSync(path.join(ws, f), 'x'.repeat(i % 7)));
    // Not a file, not a folder, gone: NaN.
    const asked = [...files, 'many', 'gone.txt'];
    const dirs = ['', 'many', 'src/pinned.ts', 'gone'];
    // The main thread first (the other starts later), or the other thread alone.
    for (const mainTakesPart of [true, false]) {
      const bytes = Buffer.from(asked.join(''), 'utf16le');
      const stats = (await new SharedStats(ws, mainTakesPart).share(dirs, asked, bytes, 'utf16le', Int32Array.from(asked, (f) => f.length))())!;
      files.forEach((f, i) => assert.deepEqual([stats.sizes[i], stats.mtimes[i]], [i % 7, fs.statSync(path.join(ws, f)).mtimeMs], f));
      assert.deepEqual([...stats.sizes.subarray(files.length)], [NaN, NaN]);
      assert.deepEqual([...stats.dirMtimes], [fs.statSync(ws).mtimeMs, fs.statSync(path.join(ws, 'many')).mtimeMs, NaN, NaN]);
    }
  });

  /** Runs `body` in a process of its own, with statWorker.ts's exports in scope; ends it after 20 s if it hangs. */
  function runWithStatThreads(name: string, body: string) {
    const script = path.join(cache, `${name}.ts`);
    fs.writeFileSync(script, `import { prestartStatThread, SharedStats } from ${JSON.stringify(path.join(ROOT, 'server/src/node/statWorker'))};\n${body}\n`);
    return spawnSync(process.execPath, ['-r', 'tsx/cjs', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  }
  /** A SharedStats of the workspace with its one job given: src/pinned.ts and the root folder. */
  const pinnedJob = (mainTakesPart: boolean) =>
    `new SharedStats(${JSON.stringify(ws)}, ${mainTakesPart}).share([''], ['src/pinned.ts'], Buffer.from('src/pinned.ts', 'latin1'), 'latin1', Int32Array.of(13))`;

  it('keeps the process alive while the stat thread has work and nothing else does', () => {
    // A process whose only pending work is the thread's: it must print its result, not exit before.
    const run = runWithStatThreads('alone', `void ${pinnedJob(false)}().then((s) => console.log('size', s?.sizes[0]));`);
    assert.equal(run.stdout.trim(), `size ${fs.statSync(path.join(ws, 'src/pinned.ts')).size}`, run.stderr);
  });

  it('gives a stat thread started early (the CLI, given a cache) to the first load, and one never used lets the process end', () => {
    const used = runWithStatThreads('early-used', `prestartStatThread();\nvoid ${pinnedJob(false)}().then((s) => console.log('size', s?.sizes[0]));`);
    assert.equal(used.stdout.trim(), `size ${fs.statSync(path.join(ws, 'src/pinned.ts')).size}`, used.stderr);
    const unused = runWithStatThreads('early-unused', `prestartStatThread();\nconsole.log('loaded');`);
    assert.equal(unused.signal, null, 'ended by itself, not by the timeout');
    assert.equal(unused.stdout.trim(), 'loaded', unused.stderr);
  });

  it('lets the process end once the stat thread is done, though nobody asked for its stats', () => {
    // The stats are asked for when the index wants them: a run that ends before (an error) must still exit.
    const run = runWithStatThreads('unasked', `${pinnedJob(true)};\nconsole.log('started');`);
    assert.equal(run.signal, null, 'ended by itself, not by the timeout');
    assert.equal(run.stdout.trim(), 'started', run.stderr);
  });

  it('walks again when a .gitignore changed, even in a folder whose mtime did not', async () => {
    ageFolders(ws);
    await index(ws, cache);
    assert.equal((await index(ws, cache)).lastIndexStats.walkReused, true);
    const gitignore = path.join(ws, '.gitignore');
    fs.appendFileSync(gitignore, 'src/pinned.ts\n');
    // Rewriting a file in place leaves its folder's mtime alone: only the .gitignore's own stamp tells.
    ageFolders(ws);
    fs.utimesSync(gitignore, new Date(), new Date());
    const after = await index(ws, cache);
    assert.equal(after.lastIndexStats.walkReused, false);
    assert.equal(after.index.entry('src/pinned.ts'), undefined, 'the newly ignored file is gone');
  });

  it('does not trust a folder changed within the clock resolution of the walk that read it', async () => {
    // Folders modified just now (as after a checkout) may change again in the same tick of a coarse clock.
    await index(ws, cache);
    assert.equal((await index(ws, cache)).lastIndexStats.walkReused, false);
  });

  it('with the save deferred (the language server), writes nothing until asked, then once', async () => {
    const engine = await createEngine({ ...diskEngineOptions(ws, { cacheDir: cache }), deferCacheSave: true });
    assert.deepEqual(fs.readdirSync(cache), [], 'nothing written by the index itself');
    await engine.saveIndexCache();
    assert.equal(fs.readdirSync(cache).length, 1);
    assertSameAsLive(loadCache(cacheFile(cache, ws)), engine);
    fs.rmSync(cacheFile(cache, ws));
    await engine.saveIndexCache();
    assert.deepEqual(fs.readdirSync(cache), [], 'a second call has nothing left to write');
  });
});
