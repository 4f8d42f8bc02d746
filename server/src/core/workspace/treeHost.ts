/**
 * A read-only workspace made of a list of files and a reader of their bytes:
 * a commit read from git objects (the git layer lists the tree and reads the
 * blobs), or any other snapshot. The engine indexes it exactly as it indexes a
 * folder, and nothing is ever written anywhere.
 */
import type { DirEntry, FileStat, WorkspaceHost } from './host';

/** One file of a tree: the handle its bytes are read by (a git blob ID), and its size when the listing gave it. */
export interface TreeFile {
  id: string;
  size?: number;
}

/** Reads the bytes of a tree's files by handle. */
export interface BlobReader {
  read(id: string): Promise<Uint8Array | undefined>;
}

export class TreeHost implements WorkspaceHost {
  /** Entries of each folder ('' = root), built once from the file list. */
  private readonly dirs = new Map<string, Map<string, DirEntry['type']>>();
  /** Files read, in order: what a test asserts about which blobs the index needed. */
  readonly reads: string[] = [];
  /** Bytes read to learn a file's size (a listing without sizes), until `readFile` takes them. */
  private readonly readForStat = new Map<string, Promise<Uint8Array | undefined>>();

  private readonly files: Map<string, TreeFile>;

  constructor(
    files: ReadonlyMap<string, TreeFile>,
    private readonly reader: BlobReader,
  ) {
    this.files = new Map(files);
    this.dirs.set('', new Map());
    for (const file of files.keys()) this.addToDirs(file);
  }

  private addToDirs(file: string): void {
    const parts = file.split('/');
    let dir = '';
    for (let i = 0; i < parts.length - 1; i++) {
      const sub = dir === '' ? parts[i] : `${dir}/${parts[i]}`;
      this.entriesOf(dir).set(parts[i], 'directory');
      this.entriesOf(sub);
      dir = sub;
    }
    this.entriesOf(dir).set(parts[parts.length - 1], 'file');
  }

  /**
   * Moves the tree to another commit one file at a time (`reqtrace history`
   * applies a commit's changes): `file` undefined removes the path. A folder
   * left empty keeps its (empty) listing.
   */
  setFile(path: string, file: TreeFile | undefined): void {
    this.readForStat.delete(path);
    if (file) {
      if (!this.files.has(path)) this.addToDirs(path);
      this.files.set(path, file);
      return;
    }
    if (!this.files.delete(path)) return;
    const slash = path.lastIndexOf('/');
    this.dirs.get(slash < 0 ? '' : path.slice(0, slash))?.delete(path.slice(slash + 1));
  }

  private entriesOf(dir: string): Map<string, DirEntry['type']> {
    let entries = this.dirs.get(dir);
    if (!entries) this.dirs.set(dir, (entries = new Map()));
    return entries;
  }

  /** The files of the tree, workspace-relative. */
  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  /** The handle of a file's bytes (undefined when the tree has no such file). */
  idOf(file: string): string | undefined {
    return this.files.get(file)?.id;
  }

  async readDirectory(relDir: string): Promise<DirEntry[]> {
    return [...(this.dirs.get(relDir) ?? [])].map(([name, type]) => ({ name, type }));
  }

  async readFile(relPath: string): Promise<Uint8Array | undefined> {
    const f = this.files.get(relPath);
    if (!f) return undefined;
    const taken = this.readForStat.get(relPath);
    if (taken) {
      this.readForStat.delete(relPath);
      return taken;
    }
    this.reads.push(relPath);
    return this.reader.read(f.id);
  }

  /**
   * A commit's files have no time of their own: every mtime is 0. Without a
   * size from the listing (sizes cost git a look at every blob), the file is
   * read here and its bytes kept for the `readFile` that follows.
   */
  async stat(relPath: string): Promise<FileStat | undefined> {
    const f = this.files.get(relPath);
    if (!f) return undefined;
    if (f.size !== undefined) return { size: f.size, mtimeMs: 0 };
    let bytes = this.readForStat.get(relPath);
    if (!bytes) {
      this.reads.push(relPath);
      this.readForStat.set(relPath, (bytes = this.reader.read(f.id)));
    }
    const read = await bytes;
    return read ? { size: read.byteLength, mtimeMs: 0 } : undefined;
  }
}
