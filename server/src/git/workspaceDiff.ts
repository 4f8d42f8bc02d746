/**
 * One comparison of two revisions of a workspace, shared by the fronts that
 * need it (`reqtrace diff`, the MCP tool reqtrace_impact): the revisions
 * resolved, the head indexed (the working tree by the caller, a commit from
 * git objects), the base indexed beside it reading only the files that
 * differ, and the core's diff of the two with its JSON. Read-only, like every
 * git call here. Git failures are thrown as `GitError`s of one line.
 */
import { diffJson, diffRevisions, type DiffJson, type Engine, type RevisionDiff } from '../core';
import { GitRepository } from './repository';
import { indexCommit, type CommitIndexOptions } from './revisions';

export interface WorkspaceDiffRequest {
  /** The workspace folder (inside a git work tree). */
  root: string;
  /** The base revision as the user gave it. */
  baseRev: string;
  /** The head revision as the user gave it; undefined for the working tree. */
  headRev?: string;
  /** How the messages name the two arguments (`BASE` and `--head` on the command line). */
  names: { base: string; head: string };
  options: CommitIndexOptions;
  /** Limits what is listed to these files; coverage stays the whole workspace's. */
  inScope?: (file: string) => boolean;
  /**
   * The working tree's index, when the head is the working tree: built for
   * this diff (the CLI) or kept by the caller (the MCP server). Asked for
   * before git lists what differs, so the list is at least as new as the index.
   */
  worktree: () => Promise<Engine>;
}

export interface WorkspaceDiff {
  diff: RevisionDiff;
  /** `reqtrace diff --format json`. */
  json: DiffJson;
  /** The base commit's SHA. */
  base: string;
  /** The head commit's SHA; undefined for the working tree. */
  head: string | undefined;
  headEngine: Engine;
}

export async function diffWorkspace(req: WorkspaceDiffRequest): Promise<WorkspaceDiff> {
  const repo = await GitRepository.open(req.root);
  try {
    const base = await repo.resolveCommit(req.baseRev, req.names.base);
    const head = req.headRev === undefined ? undefined : await repo.resolveCommit(req.headRev, req.names.head);
    // The head first, as `check` indexes it; then the base beside it.
    const headEngine = head === undefined ? await req.worktree() : await indexCommit(repo, head, req.options);
    const changes = await repo.changes(base, head);
    const baseEngine = await indexCommit(repo, base, req.options, { engine: headEngine, changes });
    for (const e of [baseEngine, headEngine]) e.index.primeCoverageCounts();
    const diff = diffRevisions(baseEngine, headEngine, changes, { inScope: req.inScope });
    return { diff, json: diffJson(diff, base, head ?? 'worktree'), base, head, headEngine };
  } finally {
    repo.close();
  }
}
