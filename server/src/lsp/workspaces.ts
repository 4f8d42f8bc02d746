/**
 * Workspace folders of the session, each with its own engine (its own config
 * and index), and the conversion between URIs and folder-relative paths.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Engine, type EngineOptions, type Logger, type WorkspaceHost } from '../core';
import { DEFAULT_SETTINGS, type ReqtraceSettings } from '../protocol';

export interface Folder {
  uri: string;
  name: string;
  root: string;
  /** `pathToFileURL(root)` without a trailing slash: the start of every file URI of the folder. */
  rootFileUri: string;
  engine: Engine;
  host: FolderHost;
  /** `reqtrace.*` settings of this folder (resource-scoped). */
  settings: ReqtraceSettings;
  /** True once the first full index finished. */
  indexed: boolean;
  /**
   * False until the first full index is asked for, which waits for the settings: until then
   * the folder has neither its config nor its specs, so anything it said would be wrong.
   */
  indexRequested: boolean;
  /** The full index under way, if any. */
  running?: Promise<void>;
  /** Another full index was asked for while one was running. */
  rerun?: boolean;
}

/** How a folder's files are read: from disk (NodeHost) or, in the browser, through the client. */
export type FolderHost = WorkspaceHost & { resetWalk(): void };

/**
 * Makes the host of a folder that is not on the local disk (the browser build's folders are
 * `vscode-vfs:` or `vscode-remote:` URIs, read through the client). Undefined for a `file:` URI
 * leaves it to the disk (DiskFolderFactory).
 */
export type RemoteHostFactory = (uri: string) => FolderHost | undefined;

/**
 * Makes the host and engine options of a folder on the local disk, with `cacheDir` (the
 * client's storage folder, if any) for its persisted index: the Node server's (nodeSites.ts).
 */
export type DiskFolderFactory = (root: string, cacheDir: string | undefined, logger: Logger) => EngineOptions & { host: FolderHost };

export interface FileRef {
  folder: Folder;
  /** Folder-relative path with forward slashes. */
  file: string;
}

/** Relative paths that pathToFileURL writes as they are: no escapes, no dot segments. */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

export class Workspaces {
  /** Where engines keep their persisted index (the client's storage folder), if anywhere. */
  cacheDir: string | undefined;
  /** The settings a folder starts with (a client that cannot be asked gives them at initialize). */
  initialSettings: ReqtraceSettings = { ...DEFAULT_SETTINGS };
  /** Set by a front whose folders are not read from disk (the browser build). */
  remoteHosts: RemoteHostFactory | undefined;

  private readonly folders = new Map<string, Folder>();

  constructor(
    private readonly logger: Logger,
    private readonly diskFolder?: DiskFolderFactory,
  ) {}

  add(uri: string, name: string): Folder {
    const remote = this.remoteHosts?.(uri);
    if (remote) {
      // Not on disk: no root path, no cache, no worker threads; URIs are the folder's plus the path.
      const base = uri.replace(/\/$/, '');
      const folder: Folder = { uri, name, root: '', rootFileUri: base, host: remote, engine: new Engine({ host: remote, logger: this.logger }), indexed: false, indexRequested: false, settings: { ...this.initialSettings } };
      this.folders.set(uri, folder);
      return folder;
    }
    const root = fileURLToPath(uri);
    if (!this.diskFolder) throw new Error(`cannot read ${uri}: this server reads no local folders`);
    const options = this.diskFolder(root, this.cacheDir, this.logger);
    const folder: Folder = { uri, name, root, rootFileUri: pathToFileURL(root).toString().replace(/\/$/, ''), host: options.host, engine: new Engine({ ...options, deferCacheSave: true }), indexed: false, indexRequested: false, settings: { ...this.initialSettings } };
    this.folders.set(uri, folder);
    return folder;
  }

  remove(uri: string): Folder | undefined {
    const f = this.folders.get(uri);
    this.folders.delete(uri);
    return f;
  }

  all(): Folder[] {
    return [...this.folders.values()].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  }

  /** The folder holding a document URI (the deepest one for nested folders) and the path inside it. */
  resolve(uri: string): FileRef | undefined {
    if (!uri.startsWith('file:')) return this.resolveRemote(uri);
    let abs: string;
    try {
      abs = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    let best: Folder | undefined;
    for (const f of this.folders.values()) {
      const rel = path.relative(f.root, abs);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || f.root.length > best.root.length) best = f;
    }
    if (!best) return undefined;
    return { folder: best, file: path.relative(best.root, abs).split(path.sep).join('/') };
  }

  /**
   * The URI of a workspace file. Most paths need no escaping, and then the
   * URI is the folder's plus the path: thousands of references are answered
   * without building a URL each (that was most of the time of a large
   * references answer).
   */
  uriOf(folder: Folder, file: string): string {
    if (SAFE_PATH.test(file)) return `${folder.rootFileUri}/${file}`;
    // A folder not on disk: each segment escaped, as vscode.Uri writes it.
    if (folder.root === '') return `${folder.rootFileUri}/${file.split('/').map(encodeURIComponent).join('/')}`;
    return pathToFileURL(path.join(folder.root, ...file.split('/'))).toString();
  }

  /** `resolve` for a folder that is not on disk: the longest folder URI the document's URI starts with. */
  private resolveRemote(uri: string): FileRef | undefined {
    let best: Folder | undefined;
    for (const f of this.folders.values()) {
      if (f.root !== '' || !uri.startsWith(f.rootFileUri + '/')) continue;
      if (!best || f.rootFileUri.length > best.rootFileUri.length) best = f;
    }
    if (!best) return undefined;
    try {
      return { folder: best, file: uri.slice(best.rootFileUri.length + 1).split('/').map(decodeURIComponent).join('/') };
    } catch {
      return undefined;
    }
  }
}
