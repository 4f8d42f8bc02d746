/**
 * The engine: one object that owns a workspace's config, index and checks.
 * The CLI and the language server both drive this, so they always agree.
 */
import { checkFile, coverageOf, type Coverage } from '../check/checks';
import { OftStatuses } from '../check/oftRules';
import { CONFIG_FILE, defaultConfig, parseConfig } from '../workspace/config';
import { analyzeFile, needsNoText } from '../index/analyzeFile';
import { FileLoader } from '../index/loadFile';
import { FileClassifier, IgnoreRules, InputScope, listWorkspaceFiles, reuseWalk, reuseWalkRules, walkFoldersUnchanged, type FileRole, type WalkRecord } from '../workspace/fileSelection';
import { neverCancelled, silentLogger, type CancellationToken, type Logger, type WorkspaceHost } from '../workspace/host';
import type { EngineOptions } from './engineOptions';
import { createIdMatcher, type IdMatcher } from '../idPattern';
import { IndexedFiles, type CacheContents, type IndexCacheStore, type SaveContents } from '../index/indexCache';
import { NO_STATS, phaseClock, type IndexStats } from '../index/indexStats';
import { decode, stripBom, unindexedText } from '../workspace/readTextFile';
import type { IndexWorkerPool, WorkerJob } from '../index/workerPool';
import type { PatternChecker } from '../workspace/regexSafety';
import { addAllCached, dropChanged, readFiles, takeReused, takeUnchanged, type ReadContext } from '../index/loadWorkspace';
import { sameDialects, walkPipeline } from '../index/walkPipeline';
import type { Dialect, DialectContext } from '../dialects/dialect';
import { DIALECTS, dialectNames } from '../dialects/index';
import type { Diagnostic, FileProblem, ReqtraceConfig, RequirementDef } from '../types';
import type { IndexChange } from '../index/indexChange';
import type { FileEntry } from '../index/fileEntry';
import { WorkspaceIndex } from '../index/workspaceIndex';
import { KnownFiles } from '../workspace/knownFiles';
import { affectedFiles } from '../index/affectedFiles';

/**
 * Entries to take from another engine's index instead of reading the files
 * again: how a second commit is indexed beside a first one (`reqtrace diff`),
 * reading only the files that differ. Entries are never changed once made, so
 * two indexes can share them.
 */
export interface EntryReuse {
  from: Engine;
  /** True when a file (workspace-relative) has the same content here as in `from`'s workspace. */
  unchanged(file: string): boolean;
}

/** Worker threads of one full index, once started. */
type WorkerPool = { threads?: IndexWorkerPool };

/** Below this many files a cold index stays on the main thread (starting workers costs more). */
export const WORKER_THRESHOLD = 2000;

/** Largest `reqtrace.yaml` read; a real one is a few hundred bytes. */
const MAX_CONFIG_SIZE = 1024 * 1024;

export class Engine {
  readonly host: WorkspaceHost;
  readonly logger: Logger;
  config: ReqtraceConfig = defaultConfig();
  /** Workspace-relative path of the config file in use (for its diagnostics). */
  configFile = CONFIG_FILE;
  configProblems: FileProblem[] = [];
  ids: IdMatcher = createIdMatcher();
  classifier = new FileClassifier(this.config);
  readonly index = new WorkspaceIndex();
  /** Dialects in use: asked for by the config or `--dialect`, or detected from marker files. */
  dialects: Dialect[] = [];
  private readonly configOverride?: { text: string; file: string };
  private readonly extraDialects: string[];
  private readonly indexCache?: IndexCacheStore;
  private readonly indexWorkers?: () => IndexWorkerPool;
  /** The ReDoS checker a custom ID pattern must pass; none: a custom pattern is rejected. */
  private readonly checkPattern?: PatternChecker;
  private readonly deferCacheSave: boolean;
  /** False for a run that indexes once without a cache: its walk's folder mtimes would go unread. */
  private readonly recordsWalk: boolean;
  /** What the last full index would have the cache hold, until `saveIndexCache` writes it. */
  private pendingCacheSave: { store: IndexCacheStore; contents: SaveContents } | undefined;
  /** The cache write under way, if any: writes never overlap. */
  private cacheSaving: Promise<void> = Promise.resolve();
  /** What the last full index's walk found (taken from the cache when reused): `DiskSync` compares the disk with it. */
  lastWalk: WalkRecord | undefined;
  /** What the last full index did, and how long each phase took. */
  lastIndexStats: IndexStats = { ...NO_STATS };
  /** True when the config in use was read from the workspace's reqtrace.yaml. */
  private configLoadedFromDisk = false;
  /** The config text in use, part of the cache key. */
  private configText = '';
  /** Every non-ignored file of the last walk (plus files seen since), for dialects' marker and sibling checks. */
  private readonly knownFiles = new KnownFiles();
  private readonly dialectContext: DialectContext;
  /** The .gitignore rules of the last walk; single-file updates honour them too. */
  private ignoreRules = new IgnoreRules();
  private readonly loader: FileLoader;
  /** Full indexes under way (a config change may start one before the last has ended). */
  private fullIndexes = 0;
  /** The files and folders the run reads (everything, unless the CLI was given paths). */
  readonly scope: InputScope;
  /** Root-anchored dialect markers (`.config/tracey/config.styx`) present outside a limited scope: project settings, like reqtrace.yaml. */
  private readonly projectMarkers = new Set<string>();

  constructor(options: EngineOptions) {
    this.host = options.host;
    this.logger = options.logger ?? silentLogger;
    this.configOverride = options.configText;
    this.extraDialects = options.dialects ?? [];
    this.indexCache = options.indexCache;
    this.indexWorkers = options.indexWorkers;
    this.checkPattern = options.checkPattern;
    this.deferCacheSave = options.deferCacheSave ?? false;
    this.recordsWalk = !options.indexOnce || options.indexCache !== undefined;
    this.scope = new InputScope(options.scope);
    for (const name of this.extraDialects) {
      if (!DIALECTS.has(name)) throw new Error(`unknown dialect '${name}' (known: ${dialectNames().join(', ')})`);
    }
    // Getters: the context always sees the current config and ID matcher.
    const engine = this;
    this.dialectContext = {
      get ids() {
        return engine.ids;
      },
      get config() {
        return engine.config;
      },
      fileExists: (path) => this.knownFiles.has(path),
    };
    this.loader = new FileLoader({
      host: this.host,
      logger: this.logger,
      maxFileSize: () => this.config.maxFileSize,
      analyze: (file, text, role, bytes) => this.analyze(file, text, role, bytes),
      needsNoText: (role, bytes) => needsNoText(this, role, bytes),
      exists: (file, exists) => (exists ? this.knownFiles.add(file) : this.knownFiles.delete(file)),
    });
  }

  /** Reads `reqtrace.yaml` (or the override) and applies it. */
  async loadConfig(): Promise<void> {
    let text: string | undefined;
    if (this.configOverride) {
      text = this.configOverride.text;
      this.configFile = this.configOverride.file;
    } else {
      // Stat first, like every other file: a link out of the workspace, a
      // named pipe (whose read would block forever) or a huge file is no config.
      const stat = await this.loader.tryHost(CONFIG_FILE, () => this.host.stat(CONFIG_FILE));
      const tooLarge = stat !== undefined && stat.size > MAX_CONFIG_SIZE;
      if (tooLarge) this.logger.warn(`skipped ${CONFIG_FILE}: ${stat.size} bytes is over ${MAX_CONFIG_SIZE}`);
      const bytes = stat && !tooLarge ? await this.loader.tryHost(CONFIG_FILE, () => this.host.readFile(CONFIG_FILE)) : undefined;
      text = bytes ? decode(bytes) : undefined;
      this.configFile = CONFIG_FILE;
      this.configLoadedFromDisk = bytes !== undefined;
    }
    this.applyConfigText(text);
  }

  /** Sets the files of the workspace without walking it (an index worker gets them from its parent). */
  setKnownFiles(files: readonly string[]): void {
    this.knownFiles.reset(files);
  }

  /** Applies config text (undefined = no config file: defaults). */
  applyConfigText(text: string | undefined): void {
    this.configText = text ?? '';
    const loaded = text === undefined ? { config: defaultConfig(), problems: [] } : parseConfig(text, this.checkPattern);
    this.config = loaded.config;
    this.configProblems = loaded.problems;
    this.ids = createIdMatcher(this.config.idPattern);
    this.activateDialects();
  }

  /** Picks the dialects in use from the config, the options and the marker files seen, and rebuilds the classifier. */
  private activateDialects(): void {
    const names = new Set([...this.config.dialects, ...this.extraDialects]);
    for (const d of DIALECTS.values()) {
      if (d.markers?.some((m) => this.markerPresent(m))) names.add(d.name);
    }
    const dialects = [...names].sort().flatMap((n) => DIALECTS.get(n) ?? []);
    // The same config and dialects classify alike: its globs are not compiled again (7 ms on every warm start).
    if (this.classifier.config === this.config && sameDialects(dialects, this.dialects)) return;
    this.dialects = dialects;
    this.classifier = new FileClassifier(this.config, this.dialects, this.dialectContext);
  }

  private markerPresent(marker: string): boolean {
    if (!marker.startsWith('**/')) return this.knownFiles.includes(marker) || this.projectMarkers.has(marker);
    const base = marker.slice(3);
    // One suffix string, not one per file: this runs over every known file (50k) for each such marker.
    const suffix = '/' + base;
    for (const f of this.knownFiles) if (f === base || f.endsWith(suffix)) return true;
    return false;
  }

  /**
   * Full index of the workspace: lists, reads and analyses every file. With `reuse`, the unchanged
   * files' entries come from another engine's index when both analyse files alike (same config
   * text and dialects; see `reusableFrom`), and only the other files are read.
   */
  async indexAll(token: CancellationToken = neverCancelled, onProgress?: (done: number, total: number) => void, reuse?: EntryReuse): Promise<void> {
    const clock = phaseClock();
    const pool: WorkerPool = {};
    this.fullIndexes++;
    this.index.partial = true;
    try {
      await this.indexAllWith(token, clock, pool, onProgress, reuse);
      this.index.settle();
      if (!this.deferCacheSave) {
        await this.saveIndexCache();
        this.lastIndexStats.phases.saveMs = clock();
      }
    } finally {
      // Threads started for a walk that turned out to need none (a warm start), or left by an error.
      pool.threads?.dispose();
      this.index.partial = --this.fullIndexes > 0;
    }
  }

  /** True while a full index runs: the index holds only part of the workspace. */
  get indexing(): boolean {
    return this.index.partial;
  }

  private startWorkers(): IndexWorkerPool | undefined {
    return this.indexWorkers?.();
  }

  /** What an index worker needs to analyse files as this engine does; `mtimes` as ReadContext's. */
  private workerJob(mtimes: boolean): WorkerJob {
    return {
      mtimes,
      configText: this.configOverride?.text ?? (this.configText === '' ? undefined : this.configText),
      dialects: this.dialects.map((d) => d.name),
      knownFiles: this.dialects.some((d) => d.readsFileList) ? [...this.knownFiles] : [],
      maxFileSize: this.config.maxFileSize,
    };
  }

  private async indexAllWith(
    token: CancellationToken,
    clock: () => number,
    pool: WorkerPool,
    onProgress?: (done: number, total: number) => void,
    reuse?: EntryReuse,
  ): Promise<void> {
    // Entries taken from another index are not what this workspace's cache should hold.
    const store = reuse ? undefined : this.indexCache;
    const stored = store?.load(this.cacheKey());
    const loadMs = clock();
    // Results computed under another config are of no use, nor is its walk (the config excludes files, and so does a scope).
    const sameConfig = stored?.configText === this.cacheKey() ? stored : undefined;
    let fromCache = 0;
    let done = 0;
    let files: string[] = [];
    this.lastIndexStats = { ...NO_STATS };
    const progress = (hit: boolean) => {
      if (hit) fromCache++;
      onProgress?.(++done, files.length);
    };
    const read = { host: this.host, index: this.index, loader: this.loader, roleOf: (f: string) => this.classifier.roleOf(f), stats: this.lastIndexStats, mtimes: store !== undefined };
    // While a thread stats the folders and cached files (when the store could), the index is built as if nothing changed; it stands if the walk did not.
    const early = sameConfig?.current && (await this.indexAsUnchanged(sameConfig, read));
    const current = await sameConfig?.current?.();
    const reused = sameConfig?.walk && (early && current ? walkFoldersUnchanged(this.host, sameConfig.walk, current.dirMtimes) && { files: sameConfig.walk.files, rules: early } : await reuseWalk(this.host, sameConfig.walk, this.logger, current?.dirMtimes));
    const kept = early && reused && current ? current : undefined;
    let walk: WalkRecord | undefined = reused ? sameConfig.walk : undefined;
    let all: string[];
    // Nothing to take from a cache or another index: read while walking.
    const dialectsBefore = this.dialects;
    const pipes = !sameConfig && !reuse && this.index.fileCount === 0 && this.indexWorkers && this.host.readManyForIndex;
    let piped = pipes ? walkPipeline(this.dialects, { ctx: read, workerThreshold: WORKER_THRESHOLD, workers: () => (pool.threads ??= this.startWorkers()) && { workers: pool.threads!, job: this.workerJob(read.mtimes) }, progress }) : undefined;
    if (piped) files = piped.files;
    if (reused) {
      all = reused.files;
      this.ignoreRules = reused.rules;
      this.lastWalk = sameConfig.walk;
    } else {
      this.ignoreRules = new IgnoreRules();
      const record = { startedAt: Date.now(), dirs: [], gitignores: [] };
      // A large workspace: start the worker threads now, so that they load while the walk goes on.
      all = await listWorkspaceFiles(
        this.host, this.classifier, token, this.ignoreRules, this.logger,
        this.recordsWalk ? record : undefined,
        (n, file) => {
          if (n === WORKER_THRESHOLD) pool.threads ??= this.startWorkers();
          piped?.listed(file);
        },
        this.scope,
      );
      walk = this.host.directoryMtime && this.recordsWalk ? { ...record, files: all } : undefined;
      this.lastWalk = this.recordsWalk ? { ...record, files: all } : undefined;
    }
    const walkMs = clock();
    if (!kept) {
      this.setKnownFiles(all);
      await this.findProjectMarkers();
      this.activateDialects();
    }
    if (piped && (piped.stopped || !sameDialects(this.dialects, dialectsBefore))) {
      // The walk turned another dialect on: what was read under the old ones is dropped.
      await piped.abandon();
      piped = undefined;
      [done, fromCache, this.lastIndexStats.fromWorkers] = [0, 0, 0];
      pool.threads?.dispose();
      pool.threads = undefined;
    }
    const cached = sameConfig?.dialects === this.dialectsKey ? sameConfig.files : undefined;
    if (!piped) {
      // The same walk, config and dialects: the classifier would list the files the cache's index listed.
      files = reused && cached && sameConfig.inputs ? sameConfig.inputs : all.filter((f) => this.classifier.roleOf(f) !== undefined);
      if (!kept) this.index.clear();
    }
    // What the cache will hold: built only when there is a cache to write (a warm start that finds every file as cached writes none).
    const fresh = store && !kept ? new IndexedFiles(files) : undefined;
    const toRead = piped
      ? { files: [], positions: undefined }
      : kept
        ? dropChanged(read, files, cached!, sameConfig!.inputSlots!, kept, store && (() => new IndexedFiles(files)), progress)
      : cached
        ? await takeUnchanged(read, files, cached, sameConfig?.table, fresh, progress, token, current, files === sameConfig?.inputs ? sameConfig.inputSlots : undefined)
        : { files: reuse && this.reusableFrom(reuse.from) ? takeReused(read, files, (f) => (reuse.unchanged(f) ? reuse.from.index.entry(f) : undefined), progress) : files, positions: undefined };
    const unchangedMs = clock();
    // Workers only for many files to read: on a warm start they would cost more than the stats they save.
    const workers = toRead.files.length >= WORKER_THRESHOLD ? (pool.threads ??= this.startWorkers()) : undefined;
    if (piped) await piped.finish(fresh, token);
    // The cache only for files not stat'ed yet: those the stats showed changed need no second look (nor the cache's map of paths, 12 ms at 30k).
    else await readFiles(read, toRead, workers && { workers, job: this.workerJob(read.mtimes) }, kept ? undefined : cached, fresh ?? toRead.fresh, progress, token);
    const readMs = clock();
    // Saved when anything differs from the stored cache: a file read, one gone, or a new walk.
    const indexed = fresh ?? toRead.fresh;
    const changed = store && indexed && (fromCache !== indexed.count || cached?.size !== indexed.count || !reused);
    this.pendingCacheSave = changed ? { store, contents: { configText: this.cacheKey(), dialects: this.dialectsKey, walk, indexed } } : undefined;
    const phases = { loadMs, walkMs, unchangedMs, readMs, saveMs: 0 };
    this.lastIndexStats = { ...this.lastIndexStats, files: this.index.fileCount, fromCache, walkReused: Boolean(reused), phases };
  }

  /**
   * A warm start's index built before the stats are in, as if the walk and every cached file were
   * unchanged: its ignore rules (undefined when that cannot be, and nothing is built). What it
   * assumed is checked once the stats come: if the walk changed after all, all is built again.
   */
  private async indexAsUnchanged(cache: CacheContents, read: ReadContext): Promise<IgnoreRules | undefined> {
    const rules = cache.walk && cache.inputSlots && (await reuseWalkRules(this.host, cache.walk, this.logger));
    if (!rules) return undefined;
    this.ignoreRules = rules;
    this.setKnownFiles(cache.walk!.files);
    await this.findProjectMarkers();
    this.activateDialects();
    if (this.dialectsKey !== cache.dialects) return undefined;
    this.index.clear();
    addAllCached(read, cache.files, cache.table, cache.inputSlots!);
    return rules;
  }

  /**
   * Whether `other`'s entries are what this engine would make of the same
   * files: the same config text and dialects, and — when a dialect reads the
   * file list (a file's role or parse can depend on its neighbours) — the
   * same files. Otherwise every file is read.
   */
  private reusableFrom(other: Engine): boolean {
    if (other.configText !== this.configText || other.dialectsKey !== this.dialectsKey) {
      this.logger.info('the other index was made under another config or other dialects: every file is read');
      return false;
    }
    if (!this.dialects.some((d) => d.readsFileList)) return true;
    const same = other.knownFiles.size === this.knownFiles.size && [...this.knownFiles].every((f) => other.knownFiles.has(f));
    if (!same) this.logger.info('a dialect reads the file list, which differs from the other index: every file is read');
    return same;
  }

  /** The dialects in use as a stored index names them (`a,b`). */
  private get dialectsKey(): string {
    return this.dialects.map((d) => d.name).join(',');
  }

  /** What a stored index must have been made under to be reused: the config text and, when limited, the scope. */
  private cacheKey(): string {
    return this.scope.whole ? this.configText : `${this.configText}\0scope\0${this.scope.key()}`;
  }

  /**
   * With a limited scope, the root-anchored marker files that turn a dialect
   * on (`.config/tracey/config.styx`) are looked for at the root all the
   * same: they are the project's settings, as reqtrace.yaml is.
   */
  private async findProjectMarkers(): Promise<void> {
    this.projectMarkers.clear();
    if (this.scope.whole) return;
    for (const d of DIALECTS.values()) {
      for (const m of d.markers ?? []) {
        if (m.startsWith('**/') || this.knownFiles.includes(m) || this.ignoreRules.isIgnored(m)) continue;
        const stat = await this.loader.tryHost(m, () => this.host.stat(m));
        if (stat) this.projectMarkers.add(m);
      }
    }
  }

  /** True while a full index's cache is still to be written (the save is deferred and has not started). */
  get cacheSavePending(): boolean {
    return this.pendingCacheSave !== undefined;
  }

  /**
   * Writes the index cache of the last full index, if it has one to write
   * (nothing changed since the cache was read: nothing to write). Never
   * throws: a cache that cannot be written is logged, and the next start is
   * a cold one. `pause` is awaited between slices of the work.
   */
  saveIndexCache(pause?: () => Promise<void>): Promise<void> {
    const pending = this.pendingCacheSave;
    this.pendingCacheSave = undefined;
    if (!pending) return this.cacheSaving;
    this.cacheSaving = this.cacheSaving.then(() =>
      pending.store.save(pending.contents, pause).catch((e) => this.logger.warn(`cannot write the index cache ${pending.store.location}: ${(e as Error).message}`)),
    );
    return this.cacheSaving;
  }

  /** Re-reads one file from the host and re-indexes it (removes it when gone or not ours). */
  async refreshFile(file: string): Promise<IndexChange | undefined> {
    const role = this.ignoreRules.isIgnored(file) || !this.scope.holds(file) ? undefined : this.classifier.roleOf(file);
    const loaded = role && (await this.loader.load(file, role));
    if (loaded) return this.index.set(loaded.entry);
    return this.index.entry(file) ? this.index.remove(file) : undefined;
  }

  /** Indexes a file from text the caller holds (an unsaved editor buffer). */
  updateText(file: string, text: string): IndexChange | undefined {
    const role = this.ignoreRules.isIgnored(file) || !this.scope.holds(file) ? undefined : this.classifier.roleOf(file);
    if (!role) return undefined;
    // The rules of a read from disk, so the editor shows what the CLI reports.
    const skipped = unindexedText(text, this.config.maxFileSize);
    if (skipped) {
      this.logger.info(`skipped ${file}: ${skipped}`);
      return this.index.entry(file) ? this.index.remove(file) : undefined;
    }
    return this.index.set(this.analyze(file, stripBom(text), role));
  }

  /**
   * Whether this workspace-relative file is one the index reads (the config and the .gitignore
   * files included) or, for a folder, one the walk goes into: the decisions of the last walk.
   * A file watcher asks, so as to watch nothing else.
   */
  readsPath(path: string, isDirectory: boolean): boolean {
    if (this.ignoreRules.isIgnored(path, isDirectory)) return false;
    if (isDirectory) return !this.classifier.isExcluded(path) && !this.classifier.isExcluded(path + '/');
    return path === this.configFile || path === '.gitignore' || path.endsWith('/.gitignore') || this.classifier.roleOf(path) !== undefined;
  }

  removeFile(file: string): IndexChange {
    this.knownFiles.delete(file);
    return this.index.remove(file);
  }

  /** Analyses one file's text (decoded from `bytes`, when given). Pure: does not touch the index. */
  analyze(file: string, text: string, role: FileRole, bytes?: Uint8Array): FileEntry {
    return analyzeFile({ ids: this.ids, dialects: this.dialects, dialectContext: this.dialectContext, classifier: this.classifier, logger: this.logger }, file, text, role, bytes);
  }

  /** Files whose diagnostics may differ after `change` (see index/affectedFiles.ts). */
  affectedFiles(file: string, change: IndexChange | undefined): Set<string> {
    return affectedFiles(this.index, file, change);
  }

  /**
   * Every workspace file whose content went into the result, sorted: the
   * config file, the .gitignore files, and every indexed file (read now or
   * taken from the cache because its size and mtime were unchanged).
   */
  inputFiles(): string[] {
    const out = new Set<string>(this.index.files());
    if (this.configLoadedFromDisk) out.add(this.configFile);
    for (const f of this.ignoreRules.files()) out.add(f);
    return [...out].sort();
  }

  /** Diagnostics of one file (the config file included). */
  diagnosticsFor(file: string): Diagnostic[] {
    if (file === this.configFile) {
      return this.configProblems.map((p) => ({ ...p, file }));
    }
    return checkFile(this.index, file, this.config);
  }

  /** Every diagnostic of the workspace, sorted by file and position. */
  diagnostics(): Diagnostic[] {
    const files = [...this.index.files()].sort();
    const out: Diagnostic[] = this.diagnosticsFor(this.configFile);
    // Not `push(...)`: a file with a few hundred thousand diagnostics would overflow the stack.
    for (const f of files) for (const d of checkFile(this.index, f, this.config)) out.push(d);
    return out;
  }

  coverage(def: RequirementDef): Coverage {
    return coverageOf(this.index, def, this.config);
  }

  /** OpenFastTrace item statuses of the index as it is now (ask a new one after a change). */
  oftStatuses(): OftStatuses {
    return new OftStatuses(this.index, (def) => this.coverage(def).covered);
  }
}
