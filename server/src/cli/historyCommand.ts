/**
 * `reqtrace history [PATH...]`: coverage over time, one point per
 * first-parent commit (or per day or week), oldest first. Commits are read
 * from git objects, never checked out: the first is indexed fully, each next
 * one by the files it changed (see core/compare/coverageHistory.ts). Exit
 * codes: 0, or 2 with one line for a bad revision, a folder outside any git
 * repository or a shallow clone.
 */
import { coverageHistory, everyPeriod, type HistoryCommit, type HistoryPeriod, type HistorySource } from '../core';
import { recheckPattern } from '../node';
import { GitError } from '../git/gitProcess';
import { GitRepository } from '../git/repository';
import { withGit } from './diffCommand';
import { readConfigOption, resolveWorkspace, stderrLogger, UsageError } from './commands';
import { writeOutputs, type OutputTarget } from './outputs';
import { HISTORY_REPORTERS, type HistoryFormat } from './reporters/historyReporters';

export interface HistoryCommandOptions {
  since?: string;
  until?: string;
  maxCount?: number;
  every: HistoryPeriod;
  config?: string;
  dialect?: string[];
}

/** After this long without a TTY, progress lines start; never more often than every PROGRESS_EVERY_MS. */
const QUIET_MS = 2000;
const PROGRESS_EVERY_MS = 1000;

/**
 * Whether `--since` names a date rather than a revision that does not
 * exist: ISO dates and git's relative forms ("2 weeks ago", "yesterday").
 */
function looksLikeDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}([ T].*)?$/.test(s) || /^@\d+$/.test(s) || /\b(ago|yesterday|today|now|midnight|noon)\b/i.test(s);
}

/**
 * A bare day (`2026-01-06`) as the start of that day. git reads it as that
 * day at the current time of day, so a commit made at noon on it was left
 * out whenever the command ran in the afternoon.
 */
function startOfDay(since: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since} 00:00:00` : since;
}

/** The commits of the run, oldest first. `--since REV` starts at REV itself, so the first point is where the range begins. */
async function commitsOf(repo: GitRepository, opts: HistoryCommandOptions): Promise<HistoryCommit[]> {
  const until = await repo.resolveCommit(opts.until ?? 'HEAD', '--until').catch((e: unknown) => {
    if (opts.until === undefined && e instanceof GitError && e.kind === 'bad-revision') throw new GitError('bad-revision', 'the repository has no commits yet');
    throw e;
  });
  let commits: HistoryCommit[];
  if (opts.since === undefined) {
    commits = await repo.firstParentCommits(until, { maxCount: opts.maxCount });
  } else {
    let since: string | undefined;
    try {
      since = await repo.resolveCommit(opts.since, '--since');
    } catch (e) {
      if (!(e instanceof GitError && e.kind === 'bad-revision' && looksLikeDate(opts.since))) throw e;
    }
    commits =
      since === undefined
        ? await repo.firstParentCommits(until, { since: startOfDay(opts.since), maxCount: opts.maxCount })
        : [{ sha: since, date: await repo.commitDate(since) }, ...(await repo.firstParentCommits(until, { exclude: since, maxCount: opts.maxCount }))];
  }
  if (opts.maxCount !== undefined) commits = commits.slice(-opts.maxCount);
  return everyPeriod(commits, opts.every);
}

/** `reqtrace: history 37/100 commits` on stderr: at once on a terminal, after a quiet start otherwise; throttled. */
export function progressReporter(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr, clock: () => number = Date.now): (done: number, total: number) => void {
  const started = clock();
  let last: number | undefined;
  return (done, total) => {
    const now = clock();
    if (!stream.isTTY && now - started < QUIET_MS) return;
    // Throttled; the last line is written only when earlier ones were, so a run that ends quickly says nothing.
    if (last === undefined ? done === total : now - last < PROGRESS_EVERY_MS && done < total) return;
    last = now;
    stream.write(`reqtrace: history ${done}/${total} commits\n`);
  };
}

export async function runHistory(paths: string[], opts: HistoryCommandOptions, targets: Array<OutputTarget<HistoryFormat>>, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ws = resolveWorkspace(paths);
  if (ws.scope.length > 0) throw new UsageError('history: PATH must be the workspace folder (history counts the whole workspace)');
  const configText = readConfigOption(opts.config, ws.root);
  const repo = await withGit('history', () => GitRepository.open(ws.root));
  try {
    if (repo.shallow) throw new UsageError('history: this is a shallow clone and history needs every commit; fetch them with: git fetch --unshallow');
    const commits = await withGit('history', () => commitsOf(repo, opts));
    const source: HistorySource = {
      tree: (sha) => repo.listTree(sha),
      changes: (from, to) => repo.treeChanges(from, to),
      blobs: repo.blobs(),
    };
    const started = Date.now();
    const { json, stats } = await withGit('history', () =>
      coverageHistory(source, commits, { logger: stderrLogger, configText, dialects: opts.dialect, checkPattern: recheckPattern, onProgress: progressReporter() }),
    );
    if (env.REQTRACE_DEBUG_HISTORY) {
      process.stderr.write(`reqtrace: history stats: ${commits.length} points, ${stats.fullIndexes} full indexes, ${stats.filesRead} files read, ${Date.now() - started} ms\n`);
    }
    writeOutputs(targets.map((t) => ({ file: t.file, content: HISTORY_REPORTERS[t.format](json) })));
    return 0;
  } finally {
    repo.close();
  }
}
