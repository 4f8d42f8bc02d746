/**
 * `check --baseline REV|FILE`: the problems that already existed — at a git
 * revision, indexed beside the workspace from git objects, or in an earlier
 * `check --format json` output — so that only new ones count toward
 * --fail-on. How a repository with many findings adopts reqtrace.
 */
import * as fs from 'node:fs';
import { coverageTotals, toReportDiagnostic, type Engine, type MatchOptions, type ReportDiagnostic } from '../core';
import { GitError } from '../git/gitProcess';
import { GitRepository } from '../git/repository';
import { indexCommit, type CommitIndexOptions } from '../git/revisions';
import { UsageError } from './usageError';

export interface Baseline {
  diagnostics: ReportDiagnostic[];
  /** The baseline's coverage percentage (`summary.coverage`). */
  coverage: number;
  /** How the baseline's files and lines are found in the workspace (renames and moved lines, for a revision). */
  match: MatchOptions;
}

/** A file when one is there, else a git revision of the repository holding `root`. */
export async function loadBaseline(spec: string, root: string, head: Engine, options: CommitIndexOptions): Promise<Baseline> {
  if (isFile(spec)) return readBaselineFile(spec);
  let repo: GitRepository;
  try {
    repo = await GitRepository.open(root);
  } catch (e) {
    if (e instanceof GitError && e.kind === 'not-a-repository') throw new UsageError(`--baseline '${spec}': no such file, and ${root} is not in a git repository`);
    throw asUsage(e);
  }
  try {
    const sha = await repo.resolveCommit(spec, '--baseline').catch((e: unknown) => {
      if (e instanceof GitError && e.kind === 'bad-revision') throw new GitError('bad-revision', `--baseline '${spec}' is neither a file nor a git revision`);
      throw e;
    });
    const changes = await repo.changes(sha, undefined);
    const base = await indexCommit(repo, sha, options, { engine: head, changes });
    base.index.primeCoverageCounts();
    return { diagnostics: base.diagnostics().map(toReportDiagnostic), coverage: coverageTotals(base).coverage, match: changes.matchOptions() };
  } catch (e) {
    throw asUsage(e);
  } finally {
    repo.close();
  }
}

function asUsage(e: unknown): unknown {
  return e instanceof GitError ? new UsageError(e.message) : e;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** An earlier `check --format json` output: its diagnostics and coverage. */
export function readBaselineFile(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--baseline ${file}: cannot read it as JSON: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]}`);
  }
  const why = notAReport(data);
  if (why) throw new UsageError(`--baseline ${file}: not the output of reqtrace check --format json (${why})`);
  const report = data as { summary: { coverage: number }; diagnostics: ReportDiagnostic[] };
  return { diagnostics: report.diagnostics, coverage: report.summary.coverage, match: {} };
}

function notAReport(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'not an object';
  const r = data as Record<string, unknown>;
  if (r.version !== 1) return 'no "version": 1';
  const summary = r.summary as Record<string, unknown> | undefined;
  if (typeof summary?.coverage !== 'number') return 'no summary.coverage';
  if (!Array.isArray(r.diagnostics)) return 'no diagnostics list';
  const bad = r.diagnostics.findIndex((d: unknown) => {
    const x = d as Record<string, unknown> | null;
    return (
      typeof x !== 'object' ||
      x === null ||
      typeof x.code !== 'string' ||
      typeof x.message !== 'string' ||
      typeof x.file !== 'string' ||
      typeof x.line !== 'number' ||
      !(x.requirement === null || x.requirement === undefined || typeof x.requirement === 'string')
    );
  });
  return bad >= 0 ? `diagnostic ${bad + 1} lacks code, message, file or line` : undefined;
}
