/**
 * The file-system host used by the CLI and the language server. Symbolic
 * links are followed only when their target stays inside the workspace root,
 * and a directory reached twice through links is listed once, so link loops
 * and links pointing outside are never walked.
 */
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { silentLogger, type DirEntry, type FileStat, type IndexRead, type Logger, type WorkspaceHost } from '../core';

/**
 * The full index's read buffer, one per thread (each worker loads this
 * module anew), reused for every batch: a buffer per file is an ArrayBuffer
 * outside V8's heap that every young-generation collection must sweep, and
 * 600 MB of them at 100k files made collections a fifth of a worker's time.
 * It grows to the largest batch read: at most BATCH_BYTES, or one file
 * (at most `maxFileSize`); reads without a stat keep room for two batches.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);
/**
 * The bytes a batch of `readManyForIndex` reads before it ends: two of L's
 * batches of 32 files (6 KB each) fit. Unbounded, a batch of large files at
 * R (vendored bundles of megabytes) raised `check`'s peak RSS from 167-170
 * to 184-200 MB.
 */
const BATCH_BYTES = 256 * 1024;

export class NodeHost implements WorkspaceHost {
  private readonly root: string;
  private realRoot: string | undefined;
  private readonly visitedDirs = new Set<string>();
  /**
   * Real paths of the directories the walk listed as directories (not links)
   * in a directory whose real path it knew: a directory's own name adds no
   * link to its parent's real path, so it needs no realpath call of its own.
   */
  private readonly realDirs = new Map<string, string>();

  constructor(root: string, private readonly logger: Logger = silentLogger) {
    this.root = path.resolve(root);
  }

  /** Absolute path of a workspace-relative path. */
  abs(rel: string): string {
    if (rel === '') return this.root;
    // Workspace paths are normalised (no `.`, `..` or doubled slashes): on POSIX, joining is concatenating.
    return path.sep === '/' && !rel.includes('//') && !/(^|\/)\.\.?(\/|$)/.test(rel) ? `${this.root}/${rel}` : path.join(this.root, ...rel.split('/'));
  }

  private async insideRoot(absPath: string): Promise<string | undefined> {
    this.realRoot ??= await fs.realpath(this.root);
    let real: string;
    try {
      real = await fs.realpath(absPath);
    } catch {
      return undefined;
    }
    const rel = path.relative(this.realRoot, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return real;
  }

  async readDirectory(relDir: string): Promise<DirEntry[]> {
    const dir = this.abs(relDir);
    const real = this.realDirs.get(dir) ?? (await this.insideRoot(dir));
    if (real === undefined) {
      this.logger.warn(`skipped ${relDir}: resolves outside the workspace`);
      return [];
    }
    if (this.visitedDirs.has(real)) {
      this.logger.info(`skipped ${relDir}: directory already walked through another link`);
      return [];
    }
    this.visitedDirs.add(real);
    let entries;
    try {
      // Synchronous: through the thread pool, a walk of 5,600 folders took 2-4x the CPU and wall time; the walk yields to the event loop between folders (listWorkspaceFiles).
      entries = fsSync.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.logger.warn(`cannot read directory ${relDir || '.'}: ${(e as Error).message}`);
      return [];
    }
    const out: DirEntry[] = [];
    for (const e of entries) {
      if (e.isFile()) out.push({ name: e.name, type: 'file' });
      else if (e.isDirectory()) {
        out.push({ name: e.name, type: 'directory' });
        this.realDirs.set(`${dir}${path.sep}${e.name}`, `${real}${path.sep}${e.name}`);
      }
      else if (e.isSymbolicLink()) {
        const rel = relDir === '' ? e.name : `${relDir}/${e.name}`;
        const target = await this.insideRoot(this.abs(rel));
        if (target === undefined) {
          this.logger.warn(`skipped link ${rel}: broken or points outside the workspace`);
          continue;
        }
        const st = await fs.stat(target).catch(() => undefined);
        if (st?.isFile()) out.push({ name: e.name, type: 'file' });
        else if (st?.isDirectory()) out.push({ name: e.name, type: 'directory' });
      }
    }
    return out;
  }

  directoryMtime(relDir: string): number | undefined {
    try {
      const st = fsSync.statSync(this.abs(relDir));
      return st.isDirectory() ? st.mtimeMs : undefined;
    } catch {
      return undefined;
    }
  }

  /** Forget walked directories so a new full walk can start. */
  resetWalk(): void {
    this.visitedDirs.clear();
    this.realDirs.clear();
  }

  async readFile(relPath: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.abs(relPath));
    } catch (e) {
      this.logCannotRead(relPath, e);
      return undefined;
    }
  }

  /**
   * Opens a file the walk listed for a batch read, or logs why it cannot.
   * Non-blocking: opening a named pipe that replaced a listed file would wait
   * for a writer forever.
   */
  private openForIndex(relPath: string): number | undefined {
    try {
      return fsSync.openSync(this.abs(relPath), fsSync.constants.O_RDONLY | (fsSync.constants.O_NONBLOCK ?? 0));
    } catch (e) {
      this.logCannotRead(relPath, e);
      return undefined;
    }
  }

  /** A file that vanished (watchers race, checkouts) is no warning, but every skip is logged. */
  private logCannotRead(relPath: string, e: unknown): void {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') this.logger.info(`skipped ${relPath}: deleted before it could be read`);
    else this.logger.warn(`cannot read ${relPath}: ${(e as Error).message}`);
  }

  /** One open, fstat, read and close: the cheapest way to index many small files. */
  statManyForIndex(relPaths: readonly string[]): Promise<Array<FileStat | undefined>> {
    // Callbacks rather than promises: the stats run in libuv's thread pool, and this is the cheapest way to wait for thousands.
    return new Promise((resolve) => {
      const out: Array<FileStat | undefined> = new Array(relPaths.length);
      let pending = relPaths.length;
      if (pending === 0) resolve(out);
      relPaths.forEach((rel, i) => {
        fsSync.stat(this.abs(rel), (err, st) => {
          // Whatever went wrong, reading the file reports it.
          out[i] = !err && st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
          if (--pending === 0) resolve(out);
        });
      });
    });
  }

  /**
   * Each system call in turn for the batch: every open and fstat, then every
   * read, then every close. A file system's lookups are cheaper in a row
   * than between analyses of files, which evict the kernel's path and inode
   * data from the CPU caches: indexing the 100k-file L corpus one file at a
   * time, an open took 11-13 microseconds; in a row, 5.
   *
   * The batch ends before a file that would take its bytes past
   * BATCH_BYTES (unless it is the first to read): the caller asks again for
   * the rest. So the buffer, whose views the bytes are (valid until the next
   * call), holds at most that or one file, as it held one file before batches.
   */
  readManyForIndex(relPaths: readonly string[], maxSize: number, cached: ReadonlyArray<FileStat | undefined>, mtimes = true): Array<IndexRead | undefined> {
    if (!mtimes && cached.every((c) => c === undefined)) return this.readManyUnstated(relPaths, maxSize);
    const out: Array<IndexRead | undefined> = [];
    const fds: number[] = [];
    const toRead: Array<{ at: number; fd: number; head: FileStat }> = [];
    let total = 0;
    try {
      for (let i = 0; i < relPaths.length; i++) {
        const fd = this.openForIndex(relPaths[i]);
        out.push(undefined);
        if (fd === undefined) continue;
        fds.push(fd);
        let st: fsSync.Stats;
        try {
          st = fsSync.fstatSync(fd);
        } catch (e) {
          this.logger.warn(`cannot read ${relPaths[i]}: ${(e as Error).message}`);
          continue;
        }
        const head = { size: st.size, mtimeMs: st.mtimeMs };
        const c = cached[i];
        if (!st.isFile()) continue;
        else if (c && c.size === st.size && c.mtimeMs === st.mtimeMs) out[i] = { ...head, unchanged: true };
        else if (st.size > maxSize) out[i] = { ...head, tooLarge: true };
        else if (total > 0 && total + st.size > BATCH_BYTES) {
          out.length = i;
          break;
        } else {
          toRead.push({ at: i, fd, head });
          total += st.size;
        }
      }
      if (total > scratch.length) scratch = Buffer.allocUnsafe(Math.max(total, scratch.length * 2));
      let offset = 0;
      for (const { at, fd, head } of toRead) {
        try {
          const off = readUpTo(fd, scratch, offset, head.size, 0);
          // Written out: an object spread here, once per file, cost more than it seems. A Buffer, whose indexOf
          // (the binary sniff's) is a native search where a plain Uint8Array's goes byte by byte.
          out[at] = { size: head.size, mtimeMs: head.mtimeMs, bytes: scratch.subarray(offset, offset + off) };
        } catch (e) {
          this.logger.warn(`cannot read ${relPaths[at]}: ${(e as Error).message}`);
        }
        offset += head.size;
      }
    } finally {
      for (const fd of fds) fsSync.closeSync(fd);
    }
    return out;
  }

  /**
   * `readManyForIndex` for files that need no stat: none has a cached one to
   * compare, and nobody keeps their mtimes (no index cache is written, as
   * in `check`). In a profiled cold index of the 100k-file L corpus, the
   * fstats were 0.32 of the 2.2 s spent in system calls (2.5 microseconds a
   * call on this project's 2-core VM, where a read at a file's end costs 2);
   * here each file is opened and read at once, asking for one byte more than
   * `maxSize` allows, and what the read gives is its size. The rare file
   * that leaves a question (nothing read, more than the limit, or more than
   * the buffer's room) is stat'ed then. Opens and reads alternate, so that
   * the batch can end once its bytes pass BATCH_BYTES without opening files
   * it will not read. A file larger than the room left ends the batch before
   * it, so that the buffer holds a batch or one file, as with stats: letting
   * it take a buffer of its own there kept two alive, and `check`'s peak RSS
   * at R measured 176-184 MB against 165-172 with stats (170-181 against
   * 170-176 this way). Each result's `mtimeMs` is NaN: it equals no cached
   * stat, so nothing can take it for one.
   */
  private readManyUnstated(relPaths: readonly string[], maxSize: number): Array<IndexRead | undefined> {
    const out: Array<IndexRead | undefined> = [];
    const fds: number[] = [];
    // The batch's bytes can always take a file of BATCH_BYTES after the ones before: a larger one is stat'ed (readUnstated).
    if (scratch.length < 2 * BATCH_BYTES) scratch = Buffer.allocUnsafe(2 * BATCH_BYTES);
    let offset = 0;
    try {
      for (let i = 0; i < relPaths.length && offset < BATCH_BYTES; i++) {
        const fd = this.openForIndex(relPaths[i]);
        out.push(undefined);
        if (fd === undefined) continue;
        fds.push(fd);
        try {
          const read = readUnstated(fd, maxSize, offset);
          // Larger than the room the batch left: read first in the next batch, as the stat path would.
          if (read === LATER) {
            out.length = i;
            break;
          }
          out[i] = read;
          // Its bytes are the buffer's from `offset` on, or (a large file) a new buffer's from 0.
          if (read && 'bytes' in read) offset = read.bytes.byteOffset - scratch.byteOffset + read.bytes.length;
        } catch (e) {
          // A folder, or a pipe or device that replaced a listed file, fails its read (EISDIR, ESPIPE): no regular
          // file, as the stat path says without a warning.
          if (!notRegularFile(fd)) this.logger.warn(`cannot read ${relPaths[i]}: ${(e as Error).message}`);
        }
      }
    } finally {
      for (const fd of fds) fsSync.closeSync(fd);
    }
    return out;
  }

  /**
   * Size and mtime of a regular file. A symbolic link is only followed when
   * its target stays inside the workspace, whether the link is the file or a
   * folder above it (the language server stats single paths it never
   * walked); the engine always stats before it reads, so readFile never
   * follows a link outside either.
   */
  async stat(relPath: string): Promise<FileStat | undefined> {
    try {
      const p = this.abs(relPath);
      let st = await fs.lstat(p);
      if (st.isSymbolicLink() || relPath.includes('/')) {
        const target = await this.insideRoot(p);
        if (target === undefined) return undefined;
        if (st.isSymbolicLink()) st = await fs.stat(target);
      }
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `readUnstated`'s answer for a file the batch has no room left for. */
const LATER = Symbol('later');

/**
 * One file's `readManyUnstated`: its bytes at `offset` of the buffer (or,
 * read first in its batch, the start of a larger one that replaces it), too
 * large, undefined when it is no regular file, or LATER.
 */
function readUnstated(fd: number, maxSize: number, offset: number): IndexRead | undefined | typeof LATER {
  const want = Math.min(maxSize + 1, scratch.length - offset);
  const got = readUpTo(fd, scratch, offset, want, 0);
  if (got > 0 && got < want) return { size: got, mtimeMs: NaN, bytes: scratch.subarray(offset, offset + got) };
  // Nothing read (an empty file, or no regular file at all), or as much as was asked: the stat says which.
  const st = fsSync.fstatSync(fd);
  if (!st.isFile()) return undefined;
  if (got === 0) return { size: 0, mtimeMs: NaN, bytes: scratch.subarray(offset, offset) };
  if (got > maxSize || st.size > maxSize) return { size: Math.max(st.size, got), mtimeMs: NaN, tooLarge: true };
  if (st.size <= got) return { size: got, mtimeMs: NaN, bytes: scratch.subarray(offset, offset + got) };
  if (offset > 0) return LATER;
  // Larger than the whole buffer: one of its size, which the next batches reuse.
  scratch = Buffer.allocUnsafe(Math.max(st.size, 2 * BATCH_BYTES));
  const all = readUpTo(fd, scratch, 0, st.size, 0);
  return { size: all, mtimeMs: NaN, bytes: scratch.subarray(0, all) };
}

/** True when `fd`'s stat says it is no regular file (a failed stat says nothing). */
function notRegularFile(fd: number): boolean {
  try {
    return !fsSync.fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads up to `want` bytes of `fd` from `position` into `buf` at `at`;
 * returns how many. A read that gives fewer bytes than asked is at the
 * file's end: for a regular file, the only short read Linux and macOS give
 * (FUSE takes a short answer for the end too). A short read that ends on a
 * 4 KB boundary is read on all the same, in case some file system hands
 * out whole pages: it costs one read in 4096 files.
 */
export function readUpTo(
  fd: number,
  buf: Buffer,
  at: number,
  want: number,
  position: number,
  read: (fd: number, buf: Buffer, at: number, length: number, position: number) => number = fsSync.readSync,
): number {
  let got = 0;
  for (;;) {
    const n = read(fd, buf, at + got, want - got, position + got);
    got += n;
    if (n === 0 || got === want || got % 4096 !== 0) return got;
  }
}
