/**
 * The server's own file watching, for clients that cannot register file
 * watchers (Neovim 0.7 and other editors without dynamic registration of
 * `workspace/didChangeWatchedFiles`): without it, a `git pull`, a generated
 * file or a test written from a terminal would never be seen.
 *
 * chokidar rather than a native watcher: it is pure JavaScript, so it is
 * bundled into server.js like every other dependency and the server still
 * runs from one file on every platform (a native module would have to ship
 * beside it, per platform, in the npm package and the .vsix). Its cost is one
 * OS watch handle (an inotify watch on Linux) per watched folder and per
 * watched file. So it watches only what the index reads — the same
 * .gitignore rules, always-skipped folders and excludes as the walk, and only
 * files the index has a use for — and at most a budget of handles, shared by
 * every folder of the session.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { watch, type FSWatcher } from 'chokidar';
import { FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import type { Logger } from '../core';

/** Watch handles the server may use when the system does not say (non-Linux). */
const DEFAULT_HANDLE_LIMIT = 8192;
/** The share of the user's inotify watches the server may take: the editor and other tools need theirs. */
const INOTIFY_SHARE = 4;

/**
 * How many watch handles the server may hold. On Linux, inotify watches are
 * limited per user (`fs.inotify.max_user_watches`, 8192 on older kernels,
 * often far more now) and shared with every other program of the user: the
 * server takes at most a quarter of them.
 */
export function watchHandleLimit(readMaxUserWatches = defaultMaxUserWatches): number {
  const max = readMaxUserWatches();
  return max === undefined ? DEFAULT_HANDLE_LIMIT : Math.max(1, Math.floor(max / INOTIFY_SHARE));
}

function defaultMaxUserWatches(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const n = Number.parseInt(fs.readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8'), 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Watch handles in use by every watcher of a session, against one limit. */
export class WatchBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes one handle; false when none is left. */
  take(): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }

  give(count = 1): void {
    this.used = Math.max(0, this.used - count);
  }
}

export interface FolderWatcherOptions {
  /** Absolute path of the workspace folder. */
  root: string;
  /** Whether the index reads a folder-relative path (a file), or goes into it (a folder). */
  reads: (relPath: string, isDirectory: boolean) => boolean;
  budget: WatchBudget;
  logger: Logger;
  /** File events, one at a time as they come; the session batches them. */
  onEvent: (event: FileEvent) => void;
  /** Called once, when the budget first turns a path away. */
  onBudgetExhausted?: (relPath: string) => void;
}

const CHANGE_TYPES: Record<string, FileChangeType> = { add: FileChangeType.Created, change: FileChangeType.Changed, unlink: FileChangeType.Deleted };

/** Watches one workspace folder: what the index reads, within the budget. */
export class FolderWatcher {
  private readonly watcher: FSWatcher;
  /** Absolute paths given a handle (the folder itself included). */
  private readonly watched = new Set<string>();
  private exhausted = false;
  private closed = false;
  /** Resolves once the initial scan is done: changes from then on are reported. */
  readonly ready: Promise<void>;

  constructor(private readonly options: FolderWatcherOptions) {
    this.watcher = watch(options.root, {
      ignored: [(p: string, stats?: fs.Stats) => this.isIgnored(p, stats)],
      ignoreInitial: true,
      // A link may lead out of the workspace, or back into it: the links themselves are not followed.
      followSymlinks: false,
    });
    this.ready = new Promise((resolve) => this.watcher.once('ready', () => resolve()));
    this.watcher.on('all', (event, p) => this.onChokidarEvent(event, p));
    this.watcher.on('error', (e) => options.logger.warn(`file watcher of ${options.root}: ${(e as Error).message ?? e}`));
  }

  /** Folders and files watched, each one OS watch handle. */
  get handles(): number {
    return this.watched.size;
  }

  /** Stops watching and gives the handles back to the budget. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.watcher.close();
    this.options.budget.give(this.watched.size);
    this.watched.clear();
  }

  /**
   * chokidar asks about each path before it watches it, sometimes without its stats (then only a
   * path that is neither a file nor a folder the index reads is ignored), and again on each re-read
   * of its folder: a path holds at most one handle in the budget however often it is asked about.
   */
  private isIgnored(abs: string, stats?: fs.Stats): boolean {
    const rel = path.relative(this.options.root, abs).split(path.sep).join('/');
    if (rel === '') return this.admit(abs, rel);
    if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return true;
    if (!stats) return !this.options.reads(rel, true) && !this.options.reads(rel, false);
    if (!this.options.reads(rel, stats.isDirectory())) return true;
    return this.admit(abs, rel);
  }

  /** False (not ignored) when the path has, or now takes, a handle from the budget. */
  private admit(abs: string, rel: string): boolean {
    if (this.watched.has(abs)) return false;
    if (this.closed || !this.options.budget.take()) {
      if (!this.exhausted && !this.closed) {
        this.exhausted = true;
        this.options.onBudgetExhausted?.(rel);
      }
      return true;
    }
    this.watched.add(abs);
    return false;
  }

  private onChokidarEvent(event: string, abs: string): void {
    if (this.closed) return;
    if (event === 'unlink' || event === 'unlinkDir') {
      // chokidar closed its handle; the files of a removed folder come as unlinks of their own.
      if (this.watched.delete(abs)) this.options.budget.give();
    }
    const type = CHANGE_TYPES[event];
    if (type !== undefined) this.options.onEvent({ uri: pathToFileURL(abs).toString(), type });
  }
}
