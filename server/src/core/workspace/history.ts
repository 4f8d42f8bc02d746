/**
 * What the engine needs from version control to tell which references are
 * suspect (their requirement changed after the line was written). Like the
 * file system behind `WorkspaceHost`, git stays outside the core: the Node
 * implementation is server/src/git/historyHost.ts; tests may pass another.
 * Paths are workspace-relative with forward slashes.
 */
import type { CancellationToken } from './host';

/** One commit, as far as the suspect check needs it. */
export interface CommitInfo {
  /** Full object name. */
  sha: string;
  /** Committer time, seconds since the epoch: "older" compares these. */
  time: number;
  /** Author time, seconds since the epoch (shown to people). */
  authorTime: number;
  author: string;
  /** First line of the message. */
  summary: string;
}

/** A commit that changed a file, and the file's blob after it ('' when the commit deleted it). */
export interface FileRevision {
  commit: CommitInfo;
  blob: string;
}

/** When each committed file was last and first changed: lets a batch skip most blames. */
export interface FileSpans {
  /** Committer times of the newest and oldest commit that changed each file. */
  committed: ReadonlyMap<string, { newest: number; oldest: number }>;
  /** Files whose work-tree content differs from HEAD (their changed lines are not committed). */
  modified: ReadonlySet<string>;
}

export interface HistoryHost {
  /** Commits that changed a file, newest first, following renames. */
  fileHistory(file: string, token: CancellationToken): Promise<FileRevision[]>;
  /** Text of blobs by object name; blobs that cannot be read are missing from the map. */
  readBlobs(blobs: readonly string[], token: CancellationToken): Promise<Map<string, string>>;
  /**
   * The commit that last changed each line of a file (index: 0-based line),
   * undefined for lines not committed. `text` is the editor's unsaved text;
   * without it, the file on disk. `committed` says the file on disk is known
   * to be as committed (a batch's `FileSpans` tell), so HEAD's version may be
   * blamed instead.
   */
  blame(file: string, text: string | undefined, token: CancellationToken, committed?: boolean): Promise<Array<CommitInfo | undefined>>;
  /**
   * Optional: the histories of many files in one pass, as `fileHistory` gives
   * them; files it cannot vouch for (a rename may hide behind an add) are
   * missing from the map and asked for one by one.
   */
  fileHistories?(files: readonly string[], token: CancellationToken): Promise<Map<string, FileRevision[]>>;
  /** Optional: every file's span of commits, in one pass over the history (undefined when it cannot be had). */
  fileSpans?(token: CancellationToken): Promise<FileSpans | undefined>;
}
