/**
 * The workspace host of the browser build: a web worker has no file system, so the files of a
 * folder are listed and read by the client (fileRequests.ts). The folder is listed once per
 * walk (one `findFiles`), and reads are gathered into batches of up to READ_BATCH files per
 * request: the engine asks for a file's stat and then its bytes, and both come in one answer.
 */
import type { DirEntry, FileStat, Logger } from '../core';
import type { FolderHost } from '../lsp/workspaces';
import { READ_BATCH, type ReadFileResult } from './fileRequests';

/** The two file requests, sent over the connection (or answered by a stub in tests). */
export interface FileRequests {
  listFiles(folderUri: string): Promise<string[]>;
  readFiles(uris: string[], contentUpTo: number): Promise<Array<ReadFileResult | null>>;
}

/** Files larger than this come without content in a batch; a later readFile asks for them alone. */
const CONTENT_UP_TO = 8 * 1024 * 1024;

interface Waiting {
  rel: string;
  resolve(r: ReadFileResult | null): void;
  reject(e: unknown): void;
}

export class ClientHost implements FolderHost {
  /** Entries per folder-relative directory, from one listing of the folder. */
  private listing: Promise<Map<string, DirEntry[]>> | undefined;
  /** Files stat'ed whose bytes the engine has not taken yet (it reads right after the stat). */
  private readonly fetched = new Map<string, ReadFileResult>();
  private queue: Waiting[] = [];
  private flushScheduled = false;

  constructor(
    private readonly requests: FileRequests,
    private readonly folderUri: string,
    private readonly logger: Logger,
  ) {}

  resetWalk(): void {
    this.listing = undefined;
    this.fetched.clear();
  }

  async readDirectory(relDir: string): Promise<DirEntry[]> {
    this.listing ??= this.list();
    return (await this.listing).get(relDir) ?? [];
  }

  async stat(relPath: string): Promise<FileStat | undefined> {
    const r = await this.fetch(relPath);
    if (!r) return undefined;
    this.fetched.set(relPath, r);
    return { size: r.size, mtimeMs: r.mtimeMs };
  }

  async readFile(relPath: string): Promise<Uint8Array | undefined> {
    const had = this.fetched.get(relPath);
    this.fetched.delete(relPath);
    if (had?.bytes) return had.bytes;
    if (had) return (await this.requests.readFiles([this.uriOf(relPath)], Number.MAX_SAFE_INTEGER))[0]?.bytes;
    return (await this.fetch(relPath))?.bytes;
  }

  /** One file's stat and bytes, from the next batch. */
  private fetch(rel: string): Promise<ReadFileResult | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rel, resolve, reject });
      if (this.queue.length >= READ_BATCH) this.flush();
      else if (!this.flushScheduled) {
        // Every read asked for in this turn joins the batch: the engine starts its reads together.
        this.flushScheduled = true;
        setTimeout(() => this.flush(), 0);
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, READ_BATCH);
      this.requests.readFiles(batch.map((w) => this.uriOf(w.rel)), CONTENT_UP_TO).then(
        (results) => batch.forEach((w, i) => w.resolve(normalize(results[i]))),
        (e: unknown) => batch.forEach((w) => w.reject(e)),
      );
    }
  }

  private async list(): Promise<Map<string, DirEntry[]>> {
    const started = Date.now();
    const files = await this.requests.listFiles(this.folderUri);
    const dirs = new Map<string, Map<string, DirEntry['type']>>();
    const add = (dir: string, name: string, type: DirEntry['type']) => {
      let d = dirs.get(dir);
      if (!d) dirs.set(dir, (d = new Map()));
      if (d.has(name)) return false;
      d.set(name, type);
      return true;
    };
    for (const file of files) {
      let at = file.lastIndexOf('/');
      add(file.slice(0, Math.max(at, 0)), file.slice(at + 1), 'file');
      // Each directory above it, up to the first one already known.
      while (at > 0) {
        const dir = file.slice(0, at);
        at = dir.lastIndexOf('/');
        if (!add(dir.slice(0, Math.max(at, 0)), dir.slice(at + 1), 'directory')) break;
      }
    }
    this.logger.info(`listed ${files.length} files of ${this.folderUri} through the client in ${Date.now() - started} ms`);
    return new Map([...dirs].map(([dir, entries]) => [dir, [...entries].map(([name, type]) => ({ name, type }))]));
  }

  /** The URI of a folder-relative path, escaped as Workspaces.uriOf does for folders not on disk. */
  private uriOf(rel: string): string {
    return `${this.folderUri.replace(/\/$/, '')}/${rel.split('/').map(encodeURIComponent).join('/')}`;
  }
}

/**
 * Bytes cross the worker boundary by structured clone and arrive as a Uint8Array; a transport
 * that went through JSON gives an array or an index-keyed object instead.
 */
function normalize(r: ReadFileResult | null | undefined): ReadFileResult | null {
  if (!r) return null;
  const b = r.bytes as unknown;
  if (b === undefined || b instanceof Uint8Array) return r;
  if (Array.isArray(b)) return { ...r, bytes: Uint8Array.from(b as number[]) };
  if (b && typeof b === 'object') return { ...r, bytes: Uint8Array.from(Object.values(b as Record<string, number>)) };
  return { ...r, bytes: undefined };
}
