/**
 * Indexing a commit read from git objects, in memory, exactly as a folder is
 * indexed: the tree is listed, and blobs are read as the engine asks for
 * them. Beside an index of another revision, only the files that differ are
 * read and analysed; the others' entries are taken from that index. Each side
 * reads its own reqtrace.yaml unless the caller gives one config for both.
 */
import { Engine, TreeHost, type ChangeSet, type Logger, type PatternChecker } from '../core';
import type { GitRepository } from './repository';

export interface CommitIndexOptions {
  logger?: Logger;
  /** Config text for this side instead of its reqtrace.yaml (`--config FILE`). */
  configText?: { text: string; file: string };
  /** Dialects to turn on besides the config's and the detected ones. */
  dialects?: string[];
  /** The ReDoS checker a custom idPattern must pass (the Node fronts give recheck). */
  checkPattern?: PatternChecker;
}

/** An index of the other side, and what differs from it: unchanged files are taken from it. */
export interface Beside {
  engine: Engine;
  changes: ChangeSet;
}

/**
 * Indexes the workspace folder of `sha`. With `beside`, files unchanged
 * between the two sides keep the other index's entries, when both sides
 * analyse files alike (the same config and dialects); otherwise, and for the
 * files that differ, blobs are read.
 */
export async function indexCommit(repo: GitRepository, sha: string, options: CommitIndexOptions = {}, beside?: Beside): Promise<Engine> {
  const host = new TreeHost(await repo.listTree(sha), repo.blobs());
  const engine = new Engine({ host, logger: options.logger, configText: options.configText, dialects: options.dialects, checkPattern: options.checkPattern });
  await engine.loadConfig();
  const reuse = beside && { from: beside.engine, unchanged: (f: string) => beside.changes.unchanged(f) };
  await engine.indexAll(undefined, undefined, reuse);
  return engine;
}
