/**
 * `reqtrace diff BASE [PATH...]`: what a change does to traceability. The
 * head (the working tree, or `--head REV`) is indexed as `check` indexes it;
 * the base is read from git objects and indexed beside it, reading only the
 * files that differ. Exit codes: 0, or 1 when a new problem is at or above
 * --fail-on; 2 for usage errors (a bad revision, not a repository, a shallow
 * clone without BASE), each one line.
 */
import * as fs from 'node:fs';
import { createEngine } from '../core';
import { diskEngineOptions, recheckPattern } from '../node';
import { GitError } from '../git/gitProcess';
import type { CommitIndexOptions } from '../git/revisions';
import { diffWorkspace } from '../git/workspaceDiff';
import { inScope, readConfigOption, resolveWorkspace, stderrLogger, UsageError } from './commands';
import { writeOutputs, type OutputTarget } from './outputs';
import { renderDiffMarkdown } from './reporters/diffMarkdown';
import type { DiffModel } from './reporters/diffModel';
import { DIFF_REPORTERS, type DiffFormat } from './reporters/diffReporters';

export interface DiffCommandOptions {
  head?: string;
  failOn: 'error' | 'warning' | 'never';
  config?: string;
  dialect?: string[];
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** Runs git work for a command: a git failure is a usage error of one line (exit 2), never a stack. */
export async function withGit<T>(command: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
}

export async function runDiff(
  baseRev: string,
  paths: string[],
  opts: DiffCommandOptions,
  targets: Array<OutputTarget<DiffFormat>>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const ws = resolveWorkspace(paths);
  const options: CommitIndexOptions = { logger: stderrLogger, configText: readConfigOption(opts.config, ws.root), dialects: opts.dialect, checkPattern: recheckPattern };
  const { diff, json, headEngine } = await withGit('diff', () =>
    diffWorkspace({
      root: ws.root,
      baseRev,
      headRev: opts.head,
      names: { base: 'BASE', head: '--head' },
      options,
      inScope: (f) => inScope(f, ws.scope),
      worktree: () => createEngine({ ...diskEngineOptions(ws.root, { logger: stderrLogger, workerScript: __filename.endsWith('.js') ? __filename : undefined }), ...options, indexOnce: true }),
    }),
  );
  const model: DiffModel = { diff, json, baseRev, headRev: opts.head };
  writeOutputs(targets.map((t) => ({ file: t.file, content: DIFF_REPORTERS[t.format](model) })));
  if (targets.some((t) => t.format === 'github') && env.GITHUB_STEP_SUMMARY) appendSummary(env.GITHUB_STEP_SUMMARY, renderDiffMarkdown(model));

  if (headEngine.configProblems.length > 0) return 2;
  if (opts.failOn === 'never') return 0;
  const threshold = RANK[opts.failOn];
  return diff.problems.new.some((d) => RANK[d.severity] >= threshold) ? 1 : 0;
}

/** GitHub shows the Markdown appended to `$GITHUB_STEP_SUMMARY` on the run's summary page. */
function appendSummary(file: string, markdown: string): void {
  try {
    fs.appendFileSync(file, markdown + '\n');
  } catch (e) {
    process.stderr.write(`reqtrace: warning: cannot append to GITHUB_STEP_SUMMARY ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
  }
}
