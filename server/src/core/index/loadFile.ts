/**
 * Reading one file for the index through any host: the size limit, the
 * binary sniff and decoding, and a cached result taken while the file's size
 * and mtime still match. Every skip is logged with its reason, and a host
 * that throws loses that file only, never the index.
 */
import type { FileRole } from '../workspace/fileSelection';
import type { Logger, WorkspaceHost } from '../workspace/host';
import type { CachedFile } from './indexCache';
import { BINARY_CONTENT, decode, isBinary, readBatchForIndexing, readForIndexing, tooLarge, type HostRead } from '../workspace/readTextFile';
import type { FileEntry } from './fileEntry';

export interface FileLoaderDeps {
  host: WorkspaceHost;
  logger: Logger;
  /** The config's limit, read at each load (a config change applies to the next one). */
  maxFileSize: () => number;
  /** `bytes`, the UTF-8 `text` was decoded from (both of the loader's reads give them), are valid while it runs: they speed up counting lines. */
  analyze: (file: string, text: string, role: FileRole, bytes?: Uint8Array) => FileEntry;
  /** Optional: true when a file's bytes need not be decoded, as its analysis would find nothing in them (see `needsNoText`). */
  needsNoText?: (role: FileRole, bytes: Uint8Array) => boolean;
  /** Told whether a file exists, by each `load` (the engine keeps the workspace's file list). */
  exists: (file: string, exists: boolean) => void;
}

export class FileLoader {
  constructor(private readonly deps: FileLoaderDeps) {}

  /**
   * Reads and analyses a file, or takes `cached` when its size and mtime
   * still match. Undefined when the file is gone, too large or binary.
   */
  async load(file: string, role: FileRole, cached?: CachedFile): Promise<CachedFile | undefined> {
    const { host, logger } = this.deps;
    const maxFileSize = this.deps.maxFileSize();
    const stat = await this.tryHost(file, () => host.stat(file));
    this.deps.exists(file, stat !== undefined);
    if (!stat) return undefined;
    if (stat.size > maxFileSize) {
      logger.warn(`skipped ${file}: ${tooLarge(stat.size, maxFileSize)}`);
      return undefined;
    }
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached;
    const bytes = await this.tryHost(file, () => host.readFile(file));
    if (!bytes) return undefined;
    if (bytes.byteLength > maxFileSize) {
      logger.warn(`skipped ${file}: ${bytes.byteLength} bytes (it grew while being read) is over maxFileSize (${maxFileSize})`);
      return undefined;
    }
    if (isBinary(bytes)) {
      logger.info(`skipped ${file}: ${BINARY_CONTENT}`);
      return undefined;
    }
    return { size: stat.size, mtimeMs: stat.mtimeMs, entry: this.deps.analyze(file, decode(bytes), role, bytes) };
  }

  /**
   * Reads a batch through the host's synchronous fast path (the full index,
   * when the host has one): the `HostRead` of a first part of `files`, at
   * least one, for `loadRead`, valid until the next batch.
   */
  readBatch(files: readonly string[], cached: ReadonlyArray<CachedFile | undefined>, mtimes: boolean): HostRead[] {
    const { host } = this.deps;
    return readBatchForIndexing((f, max, c) => host.readManyForIndex!(f, max, c, mtimes), files, this.deps.maxFileSize(), cached);
  }

  /** `load` for a file of a batch `readBatch` read: `read` is what it gave for the file. */
  loadRead(file: string, role: FileRole, cached: CachedFile | undefined, read: HostRead): CachedFile | undefined {
    const { logger } = this.deps;
    const skip = this.deps.needsNoText;
    const r = readForIndexing(read, this.deps.maxFileSize(), skip && ((bytes) => skip(role, bytes)));
    if ('unchanged' in r) return cached;
    if ('gone' in r) return undefined;
    if ('failed' in r) {
      // As in `tryHost`.
      logger.warn(`cannot read ${file}: ${r.failed}`);
      return undefined;
    }
    if ('skipped' in r) {
      this.logSkipped(file, r);
      return undefined;
    }
    return { size: r.size, mtimeMs: r.mtimeMs, entry: this.deps.analyze(file, r.text, role, r.bytes) };
  }

  logSkipped(file: string, r: { skipped: string; warn: boolean }): void {
    if (r.warn) this.deps.logger.warn(`skipped ${file}: ${r.skipped}`);
    else this.deps.logger.info(`skipped ${file}: ${r.skipped}`);
  }

  /**
   * A host call that must not stop the index when it fails: hosts report a
   * file they cannot read as undefined, but one that throws (a custom host,
   * a file-system error of a kind nobody expected) only loses that file.
   */
  async tryHost<T>(file: string, call: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await call();
    } catch (e) {
      this.deps.logger.warn(`cannot read ${file}: ${(e as Error).message}`);
      return undefined;
    }
  }
}
