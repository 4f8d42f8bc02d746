/**
 * What the engine needs from the outside world. The CLI and the language
 * server pass a file-system host; tests pass an in-memory one and can assert
 * exactly which files were read.
 */

export type EntryType = 'file' | 'directory' | 'other';

export interface DirEntry {
  name: string;
  type: EntryType;
}

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/**
 * What a synchronous read for the full index found. `mtimeMs` is NaN for a
 * file read without a stat (see `readManyForIndex`'s `mtimes`), and `size`
 * then what the read gave.
 */
export type IndexRead =
  /** `bytes` may be a buffer the host reuses: valid until its next `readManyForIndex`. */
  | { size: number; mtimeMs: number; bytes: Uint8Array }
  /** Size and mtime equal the cached ones: not read. */
  | { size: number; mtimeMs: number; unchanged: true }
  | { size: number; mtimeMs: number; tooLarge: true };

export interface WorkspaceHost {
  /**
   * Optional fast path for the full index: stat and read files the walk
   * listed, one synchronous open each (no link checks: the walk vetted
   * them). Answers a first part of `relPaths`, at least one file, in order:
   * the host may end a batch early to bound its memory, and the caller asks
   * again for the rest. Each file's result is undefined when it is gone or
   * not a regular file. `cached[i]` is file i's cached stat, if any.
   * `mtimes` false: nobody keeps the files' mtimes (no index cache is
   * written), so files without a cached stat may be read without one.
   */
  readManyForIndex?(relPaths: readonly string[], maxSize: number, cached: ReadonlyArray<FileStat | undefined>, mtimes?: boolean): Array<IndexRead | undefined>;
  /**
   * Optional fast path for a warm start: size and mtime of files the walk
   * listed (undefined when gone or not a file), many at once so the system
   * calls run beside the caller's work.
   */
  statManyForIndex?(relPaths: readonly string[]): Promise<Array<FileStat | undefined>>;
  /**
   * Optional: the modification time of a directory ('' = root), following
   * links, or undefined when it is gone. With it, a persisted walk can be
   * reused while no folder it read has changed.
   */
  directoryMtime?(relDir: string): number | undefined;
  /** Entries of a directory given relative to the workspace root ('' = root). Symlinks are resolved by the host and never lead outside the root. */
  readDirectory(relDir: string): Promise<DirEntry[]>;
  /** Optional: forget the directories the last walk listed, so that a new walk lists them again (hosts that list each directory once per walk). */
  resetWalk?(): void;
  /** Bytes of a file, or undefined when it vanished or cannot be read. */
  readFile(relPath: string): Promise<Uint8Array | undefined>;
  stat(relPath: string): Promise<FileStat | undefined>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Cooperative cancellation, compatible with LSP's CancellationToken. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const neverCancelled: CancellationToken = { isCancellationRequested: false };

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new CancelledError();
}

/**
 * For a loop of synchronous work (a walk listing folders, reads through a
 * synchronous host): the returned function, awaited after each step, lets
 * the event loop turn once `everyMs` have passed since the last turn, so
 * requests are answered and index workers' results taken in meanwhile.
 * Between turns it returns undefined, which costs the loop nothing.
 */
export function eventLoopTurns(everyMs: number): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < everyMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}

/** An in-memory workspace: paths relative to the root with forward slashes. */
export class MemoryHost implements WorkspaceHost {
  readonly reads: string[] = [];
  private readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, content] of Object.entries(files)) this.set(p, content);
  }

  set(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  async readDirectory(relDir: string): Promise<DirEntry[]> {
    const prefix = relDir === '' ? '' : relDir + '/';
    const seen = new Map<string, EntryType>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) seen.set(rest, 'file');
      else seen.set(rest.slice(0, slash), 'directory');
    }
    return [...seen].map(([name, type]) => ({ name, type }));
  }

  async readFile(relPath: string): Promise<Uint8Array | undefined> {
    this.reads.push(relPath);
    return this.files.get(relPath);
  }

  async stat(relPath: string): Promise<FileStat | undefined> {
    const f = this.files.get(relPath);
    return f ? { size: f.byteLength, mtimeMs: 0 } : undefined;
  }
}
