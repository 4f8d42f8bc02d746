/**
 * Coverage over time (`reqtrace history`): a workspace indexed at one commit,
 * then moved commit by commit, applying only the files each commit changed as
 * edits to the same engine. Per-file problem counts are kept, and only the
 * files an edit can affect are checked again, so a point costs about what its
 * changes cost, not a full index. A change to the config, a .gitignore or a
 * dialect's marker file re-indexes that point fully. What the git history is
 * comes through `HistorySource`: the core never runs git.
 */
import { Engine } from '../engine/engine';
import type { EngineOptions } from '../engine/engineOptions';
import { coveragePercent } from '../engine/reportGroups';
import { naturalCompare } from '../naturalOrder';
import { DIALECTS } from '../dialects/index';
import { checkFile } from '../check/checks';
import { TreeHost, type BlobReader, type TreeFile } from '../workspace/treeHost';
import type { Diagnostic } from '../types';

/** A commit of the history, as the source lists it. */
export interface HistoryCommit {
  sha: string;
  /** Committer date, ISO 8601 with the committer's offset. */
  date: string;
}

/** A file that differs from the previous point: its new blob, or undefined when it is gone. */
export interface TreeChange {
  path: string;
  file: TreeFile | undefined;
}

/** What the history needs from git (or from a test's fake). Paths are workspace-relative. */
export interface HistorySource {
  /** Every regular file of a commit. */
  tree(sha: string): Promise<Map<string, TreeFile>>;
  /** The files that differ between two commits (renames as a deletion and an addition). */
  changes(from: string, to: string): Promise<TreeChange[]>;
  readonly blobs: BlobReader;
}

/** Coverage of one release at a point. */
export interface ReleaseCoverage {
  needing: number;
  covered: number;
}

/** One point of the history: version 1 of the JSON contract. */
export interface HistoryPoint {
  commit: string;
  date: string;
  requirements: number;
  /** Requirements that need coverage. */
  needing: number;
  /** Of those, the ones that have all of it. */
  covered: number;
  /** Percentage, rounded as `check`'s summary (100 when none need any). */
  coverage: number;
  errors: number;
  warnings: number;
  /** Coverage by release (requirements without a release are left out). */
  releases: Record<string, ReleaseCoverage>;
}

export interface HistoryJson {
  version: 1;
  points: HistoryPoint[];
}

/** What a run did: how many files were read, and how many points were indexed fully. */
export interface HistoryStats {
  fullIndexes: number;
  /** Files read from the source, all points together. */
  filesRead: number;
}

export interface HistoryOptions extends Omit<EngineOptions, 'host' | 'indexCache' | 'indexWorkers' | 'deferCacheSave'> {
  /** Called after each point with how many are done. */
  onProgress?: (done: number, total: number) => void;
}

/** Basenames of the dialects' marker files: one appearing or going changes which dialects are on. */
const MARKER_NAMES = new Set([...DIALECTS.values()].flatMap((d) => (d.markers ?? []).map((m) => m.replace(/^\*\*\//, ''))));

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** What one requirement ID adds to a point: its definitions, and their coverage overall and by release. */
interface IdCoverage {
  requirements: number;
  needing: number;
  covered: number;
  /** Per release, the ID counted once (by its first definition there), as `report --group-by release` counts it. */
  releases: Array<{ release: string; needing: boolean; covered: boolean }>;
}


/**
 * The workspace at the current point, its problem counts by file and its
 * coverage by requirement ID: an edit changes the counts of the files it
 * can affect and the coverage of the IDs it names, and only those are
 * computed again.
 */
class MovingIndex {
  engine!: Engine;
  host!: TreeHost;
  private readonly problems = new Map<string, { errors: number; warnings: number }>();
  private readonly coverage = new Map<string, IdCoverage>();
  readonly stats: HistoryStats = { fullIndexes: 0, filesRead: 0 };

  constructor(
    private readonly source: HistorySource,
    private readonly options: HistoryOptions,
  ) {}

  /** Indexes a commit from scratch. */
  async indexFully(sha: string): Promise<void> {
    this.countReads();
    this.host = new TreeHost(await this.source.tree(sha), this.source.blobs);
    this.engine = new Engine({ ...this.options, host: this.host });
    await this.engine.loadConfig();
    await this.engine.indexAll();
    this.problems.clear();
    for (const f of this.engine.index.files()) this.recount(f);
    this.recoverAll();
    this.stats.fullIndexes++;
  }

  /** Every ID's coverage, from one pass over the references. */
  private recoverAll(): void {
    this.engine.index.primeCoverageCounts();
    this.coverage.clear();
    for (const def of this.engine.index.allDefinitions()) if (!this.coverage.has(def.id)) this.recover(def.id);
  }

  /** One ID's coverage now (forgotten when it is no longer defined). */
  private recover(id: string): void {
    const defs = this.engine.index.definitions(id);
    if (defs.length === 0) {
      this.coverage.delete(id);
      return;
    }
    const c: IdCoverage = { requirements: defs.length, needing: 0, covered: 0, releases: [] };
    for (const def of defs) {
      const cov = this.engine.coverage(def);
      if (cov.needs.length > 0) {
        c.needing++;
        if (cov.covered) c.covered++;
      }
      if (def.release !== undefined && !c.releases.some((r) => r.release === def.release)) {
        c.releases.push({ release: def.release, needing: cov.needs.length > 0, covered: cov.needs.length > 0 && cov.covered });
      }
    }
    this.coverage.set(id, c);
  }

  /** Moves to the next commit by its changes: only they are read, only the files they affect are checked. */
  async apply(sha: string, changes: TreeChange[]): Promise<void> {
    if (this.needsFullIndex(changes)) return this.indexFully(sha);
    const affected = new Set<string>();
    const ids = new Set<string>();
    let prefixes = false;
    for (const c of changes) {
      this.host.setFile(c.path, c.file);
      const change = c.file ? await this.engine.refreshFile(c.path) : this.engine.index.entry(c.path) ? this.engine.removeFile(c.path) : undefined;
      for (const f of this.engine.affectedFiles(c.path, change)) affected.add(f);
      if (!change) continue;
      for (const id of change.ids) ids.add(id);
      for (const id of change.definedIds) ids.add(id);
      // A prefix come or gone changes which bare references resolve: every ID is counted again.
      if (change.prefixes.size > 0) prefixes = true;
    }
    for (const f of affected) this.recount(f);
    if (prefixes) this.recoverAll();
    else for (const id of ids) this.recover(id);
  }

  private needsFullIndex(changes: TreeChange[]): boolean {
    const readsList = this.engine.dialects.some((d) => d.readsFileList);
    return changes.some(
      (c) =>
        c.path === this.engine.configFile ||
        baseName(c.path) === '.gitignore' ||
        MARKER_NAMES.has(baseName(c.path)) ||
        // A dialect that reads the file list parses by its neighbours: a file come or gone changes that.
        (readsList && (c.file === undefined || this.host.idOf(c.path) === undefined)),
    );
  }

  private recount(file: string): void {
    if (!this.engine.index.entry(file)) {
      this.problems.delete(file);
      return;
    }
    this.problems.set(file, tally(checkFile(this.engine.index, file, this.engine.config)));
  }

  /** Counts the reads of the host in use before it is replaced. */
  private countReads(): void {
    if (this.host) this.stats.filesRead += this.host.reads.length;
  }

  /** The point of the current commit. */
  point(commit: HistoryCommit): HistoryPoint {
    let requirements = 0;
    let needing = 0;
    let covered = 0;
    const byKey = new Map<string, ReleaseCoverage>();
    for (const c of this.coverage.values()) {
      requirements += c.requirements;
      needing += c.needing;
      covered += c.covered;
      for (const r of c.releases) {
        let sum = byKey.get(r.release);
        if (!sum) byKey.set(r.release, (sum = { needing: 0, covered: 0 }));
        if (r.needing) sum.needing++;
        if (r.covered) sum.covered++;
      }
    }
    const releases: Record<string, ReleaseCoverage> = {};
    for (const key of [...byKey.keys()].sort(naturalCompare)) releases[key] = byKey.get(key)!;
    let { errors, warnings } = tally(this.engine.configProblems);
    for (const p of this.problems.values()) {
      errors += p.errors;
      warnings += p.warnings;
    }
    return { commit: commit.sha, date: commit.date, requirements, needing, covered, coverage: coveragePercent(needing, covered), errors, warnings, releases };
  }

  finish(): HistoryStats {
    this.countReads();
    this.host = new TreeHost(new Map(), this.source.blobs);
    return this.stats;
  }
}

function tally(problems: ReadonlyArray<Pick<Diagnostic, 'severity'>>): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else if (p.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

/**
 * The points of `commits` (oldest first, each the successor of the one
 * before): the first indexed fully, each next one by the files that differ
 * from the previous point.
 */
export async function coverageHistory(source: HistorySource, commits: readonly HistoryCommit[], options: HistoryOptions = {}): Promise<{ json: HistoryJson; stats: HistoryStats }> {
  const moving = new MovingIndex(source, options);
  const points: HistoryPoint[] = [];
  for (let i = 0; i < commits.length; i++) {
    const c = commits[i];
    if (i === 0) await moving.indexFully(c.sha);
    else await moving.apply(c.sha, await source.changes(commits[i - 1].sha, c.sha));
    points.push(moving.point(c));
    options.onProgress?.(i + 1, commits.length);
  }
  return { json: { version: 1, points }, stats: moving.finish() };
}

export type HistoryPeriod = 'commit' | 'day' | 'week';

/** The calendar day of a committer date as the committer wrote it (its own offset). */
function dayOf(date: string): string {
  return date.slice(0, 10);
}

/** The Monday of a day's ISO week, as YYYY-MM-DD. */
function weekOf(date: string): string {
  const d = new Date(`${dayOf(date)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * One commit per day or week: the last of each (commits oldest first), by
 * the committer's own calendar. Only these are indexed; the changes between
 * two of them are taken at once.
 */
export function everyPeriod(commits: readonly HistoryCommit[], period: HistoryPeriod): HistoryCommit[] {
  if (period === 'commit') return [...commits];
  const key = period === 'day' ? dayOf : weekOf;
  return commits.filter((c, i) => i === commits.length - 1 || key(commits[i + 1].date) !== key(c.date));
}
