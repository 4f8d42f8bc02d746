/**
 * Keeps an engine's index in step with the disk without a file watcher:
 * `sync()`, called before a query, compares the disk with what the index
 * was built from and re-reads only what changed. A front that answers
 * queries one at a time (the MCP server) then always answers from what is on
 * disk when the query arrives, even a file written a millisecond before,
 * which a watcher's events (delivered some time later) cannot promise.
 *
 * What it looks at, cheapest first:
 * - the config file and every .gitignore the walk applied, by content: a
 *   change there changes which files are read, so the whole workspace is
 *   indexed again (as the language server does);
 * - the mtime of every folder the walk read (a folder's mtime changes when an
 *   entry is added, removed or renamed in it): only when one changed is the
 *   workspace walked again, with the index's own ignore rules, and the
 *   files that came or went are indexed or dropped;
 * - the size and mtime of every file the index reads: a file whose stat
 *   differs is read again.
 * Like git's index, a file or folder whose mtime is too close to the time it
 * was looked at ("racily clean": a second change within one tick of a
 * coarse clock keeps the mtime) is looked at again until that is no longer so.
 */
import { CONFIG_FILE } from '../workspace/config';
import { listWorkspaceFiles, RACY_MS, type WalkRecord } from '../workspace/fileSelection';
import type { FileStat } from '../workspace/host';
import { utf8Text } from '../workspace/readTextFile';
import { DIALECTS } from '../dialects/index';
import type { Engine } from './engine';

/** What one `sync` did. */
export interface SyncResult {
  /** Files whose index entry was re-read, added or dropped (sorted). */
  changed: string[];
  /** Why the whole workspace was indexed again, when it was. */
  reindexed?: string;
}

export interface DiskSyncOptions {
  /**
   * Watch the workspace's `reqtrace.yaml` (default true). Off when the
   * config was given as text from elsewhere (`--config FILE`).
   */
  watchConfig?: boolean;
}

interface Seen {
  size: number;
  mtimeMs: number;
  /** When the stat was taken: an mtime within RACY_MS of it is not trusted. */
  checkedAt: number;
}

export class DiskSync {
  private readonly watchConfig: boolean;
  /** Stats of the files with a role, when they were last read (or found unchanged). */
  private readonly seen = new Map<string, Seen>();
  /** Content of the config and of each .gitignore the index was built with ('' = absent). */
  private controlTexts = new Map<string, string>();
  private walk: WalkRecord | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The sync that will run after the one under way, shared by every caller that arrives meanwhile. */
  private next: Promise<SyncResult> | undefined;

  constructor(
    private readonly engine: Engine,
    options: DiskSyncOptions = {},
  ) {
    this.watchConfig = options.watchConfig ?? true;
  }

  /** Indexes the whole workspace (config included) and records what it was built from. */
  reindex(): Promise<void> {
    const run = this.queue.then(() => this.fullIndex());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Brings the index up to date with the disk. Calls made while one runs
   * share the next run, which starts after it: each caller's answer then
   * reflects the disk as it was when the caller asked.
   */
  sync(): Promise<SyncResult> {
    if (this.next) return this.next;
    const run = this.queue.then(() => {
      this.next = undefined;
      return this.syncOnce();
    });
    this.next = run;
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Brings the index up to date with the disk, then runs `work`, which may
   * await (git, reading other revisions) while the index stays as it was:
   * syncs and reindexes asked for meanwhile start after it.
   */
  whileSynced<T>(work: (synced: SyncResult) => Promise<T>): Promise<T> {
    const run = this.sync().then(work);
    // After the work of every caller before, who may share the same sync.
    this.queue = Promise.all([this.queue, run.catch(() => undefined)]);
    return run;
  }

  private async fullIndex(): Promise<void> {
    const { engine } = this;
    const startedAt = Date.now();
    engine.host.resetWalk?.();
    // Read before the index reads them: a change in between then shows as a difference at the next sync.
    const config = this.watchConfig ? await this.readText(CONFIG_FILE) : '';
    await engine.loadConfig();
    await engine.indexAll();
    this.walk = engine.lastWalk;
    const texts = new Map<string, string>();
    if (this.watchConfig) texts.set(CONFIG_FILE, config);
    for (const [file, size, mtimeMs] of this.walk?.gitignores ?? []) {
      const stat = await engine.host.stat(file);
      // Changed since the walk read it: what is read now is not what the index used.
      texts.set(file, stat?.size === size && stat.mtimeMs === mtimeMs ? await this.readText(file) : '\0changed');
    }
    this.controlTexts = texts;
    this.seen.clear();
    const files = this.filesWithRole(this.walk?.files ?? []);
    const stats = await this.statMany(files);
    // The index read each file at some time after `startedAt`: a later change has an mtime after it too.
    files.forEach((f, i) => {
      const s = stats[i];
      if (s) this.seen.set(f, { size: s.size, mtimeMs: s.mtimeMs, checkedAt: startedAt });
    });
  }

  private async syncOnce(): Promise<SyncResult> {
    const { engine } = this;
    if (!this.walk) {
      await this.fullIndex();
      return { changed: [], reindexed: 'first index' };
    }
    const controlChange = await this.controlChanged();
    if (controlChange) {
      await this.fullIndex();
      return { changed: [], reindexed: `${controlChange} changed` };
    }
    const changed = new Set<string>();
    let files = [...this.seen.keys()];
    if (this.foldersChanged(this.walk)) {
      const walked = await this.walkAgain();
      const before = new Set(this.walk.files);
      const now = new Set(walked.files);
      const came = walked.files.filter((f) => !before.has(f));
      const gone = this.walk.files.filter((f) => !now.has(f));
      const marker = [...came, ...gone].find((f) => isDialectMarker(f));
      const gitignores = (w: WalkRecord) => w.gitignores.map(([f]) => f).join('\n');
      if (marker || gitignores(walked) !== gitignores(this.walk)) {
        await this.fullIndex();
        return { changed: [], reindexed: `${marker ?? '.gitignore files'} came or went` };
      }
      this.walk = walked;
      engine.setKnownFiles(walked.files);
      for (const f of gone) {
        this.seen.delete(f);
        if (engine.index.entry(f)) {
          engine.removeFile(f);
          changed.add(f);
        }
      }
      files = this.filesWithRole(walked.files);
    }
    const startedAt = Date.now();
    const stats = await this.statMany(files);
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      const s = stats[i];
      const was = this.seen.get(f);
      if (s && was && s.size === was.size && s.mtimeMs === was.mtimeMs && was.mtimeMs < was.checkedAt - RACY_MS) continue;
      if (!s && !was) continue;
      if (s) this.seen.set(f, { size: s.size, mtimeMs: s.mtimeMs, checkedAt: startedAt });
      else this.seen.delete(f);
      const hadEntry = engine.index.entry(f) !== undefined;
      const change = await engine.refreshFile(f);
      if (change || hadEntry || engine.index.entry(f)) changed.add(f);
    }
    return { changed: [...changed].sort() };
  }

  /** The config or a .gitignore whose content differs from the one the index was built with, if any. */
  private async controlChanged(): Promise<string | undefined> {
    for (const [file, text] of this.controlTexts) {
      if ((await this.readText(file)) !== text) return file;
    }
    return undefined;
  }

  /** True when a folder the walk read may have gained or lost an entry since (always, for a host that cannot tell). */
  private foldersChanged(walk: WalkRecord): boolean {
    const { host } = this.engine;
    if (!host.directoryMtime) return true;
    for (const [dir, mtime] of walk.dirs) {
      if (host.directoryMtime(dir) !== mtime || mtime >= walk.startedAt - RACY_MS) return true;
    }
    return false;
  }

  private async walkAgain(): Promise<WalkRecord> {
    const { engine } = this;
    engine.host.resetWalk?.();
    const record: WalkRecord = { startedAt: Date.now(), files: [], dirs: [], gitignores: [] };
    record.files = await listWorkspaceFiles(engine.host, engine.classifier, undefined, undefined, engine.logger, record);
    return record;
  }

  private filesWithRole(files: readonly string[]): string[] {
    return files.filter((f) => this.engine.classifier.roleOf(f) !== undefined);
  }

  private statMany(files: readonly string[]): Promise<Array<FileStat | undefined>> {
    const { host } = this.engine;
    return host.statManyForIndex ? host.statManyForIndex(files) : Promise.all(files.map((f) => host.stat(f)));
  }

  /** A small control file's text, '' when absent. */
  private async readText(file: string): Promise<string> {
    const bytes = await this.engine.host.readFile(file).catch(() => undefined);
    return bytes ? utf8Text(bytes) : '';
  }
}

function isDialectMarker(file: string): boolean {
  for (const d of DIALECTS.values()) {
    for (const m of d.markers ?? []) {
      if (m.startsWith('**/') ? file === m.slice(3) || file.endsWith(m.slice(2)) : file === m) return true;
    }
  }
  return false;
}
