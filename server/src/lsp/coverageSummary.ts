/**
 * The coverage summary of the status bar, `reqtrace/coverage` and
 * `reqtrace/indexChanged`, kept as running totals. Counting it afresh means
 * checking every file (seconds at 100k files, after every edit); but the
 * session re-checks exactly the files whose diagnostics may have changed,
 * and a file's share of the summary (its requirements' coverage, its
 * counted references, its errors and warnings) changes only with them. So
 * each time the session checks a file it records the file's share here, and
 * the totals move by the difference.
 */
import { compareGroupKeys, coveragePercent, type Diagnostic } from '../core';
import type { CoverageSummary, ReleaseCoverageItem, RequirementGroupItem, SpecFileItem } from '../protocol';
import type { Folder } from './workspaces';

/** Requirements that name one release, how many of them need coverage, and how many of these have it. */
interface ReleaseCounts {
  requirements: number;
  needing: number;
  covered: number;
}

/** A spec file's counts, without its URI. */
export type SpecFileCounts = Omit<SpecFileItem, 'uri'>;

/** A summary of nothing, the neutral answer. */
export function emptyCoverageSummary(): CoverageSummary {
  return { requirements: 0, needing: 0, covered: 0, uncovered: 0, references: 0, errors: 0, warnings: 0, coverage: 100, indexing: false };
}

type Counts = Pick<CoverageSummary, 'requirements' | 'needing' | 'covered' | 'uncovered' | 'references' | 'errors' | 'warnings'> & {
  /** Needing and covered per release named in the file (absent when it names none). */
  releases?: Map<string, ReleaseCounts>;
};
const FIELDS = ['requirements', 'needing', 'covered', 'uncovered', 'references', 'errors', 'warnings'] as const;
/**
 * A file's recorded share. Most files only hold references: their share is
 * that count, a number, rather than an object of seven (8 MB at 100k files).
 */
type Share = Counts | number;

export class CoverageTally {
  private readonly byFolder = new Map<Folder, Map<string, Share>>();
  private readonly totals: Counts & { releases: Map<string, ReleaseCounts> } = { ...zero(), releases: new Map() };

  /**
   * Records a file's share from its diagnostics, just computed, and its
   * entry in the index now (none: a deleted file, or the config file).
   */
  record(folder: Folder, file: string, diagnostics: readonly Diagnostic[]): void {
    let files = this.byFolder.get(folder);
    if (!files) this.byFolder.set(folder, (files = new Map()));
    const old = files.get(file);
    if (old) move(this.totals, old, -1);
    const now = shareOf(folder, file, diagnostics);
    if (FIELDS.every((k) => now[k] === 0)) {
      files.delete(file);
      return;
    }
    const onlyReferences = FIELDS.every((k) => k === 'references' || now[k] === 0);
    files.set(file, onlyReferences ? now.references : now);
    move(this.totals, now, 1);
  }

  /** Drops the shares of a folder's files that `keep` rejects (gone from the index). */
  keepOnly(folder: Folder, keep: (file: string) => boolean): void {
    const files = this.byFolder.get(folder);
    if (!files) return;
    for (const [file, share] of [...files]) {
      if (keep(file)) continue;
      move(this.totals, share, -1);
      files.delete(file);
    }
  }

  /** Forgets a folder (removed from the workspace). */
  forget(folder: Folder): void {
    for (const share of this.byFolder.get(folder)?.values() ?? []) move(this.totals, share, -1);
    this.byFolder.delete(folder);
  }

  /**
   * A folder's requirements by release, from the counts last recorded (the
   * Requirements view grouped by release: no walk over every requirement).
   * Releases in natural order, then those without one under null. A
   * requirement defined twice counts twice here (both are in the view).
   */
  releaseGroups(folder: Folder): RequirementGroupItem[] {
    const sums = new Map<string, ReleaseCounts>();
    const all = { requirements: 0, needing: 0, covered: 0 };
    for (const share of this.byFolder.get(folder)?.values() ?? []) {
      if (typeof share === 'number') continue;
      all.requirements += share.requirements;
      all.needing += share.needing;
      all.covered += share.covered;
      for (const [release, n] of share.releases ?? []) {
        let sum = sums.get(release);
        if (!sum) sums.set(release, (sum = { requirements: 0, needing: 0, covered: 0 }));
        sum.requirements += n.requirements;
        sum.needing += n.needing;
        sum.covered += n.covered;
      }
    }
    const groups: RequirementGroupItem[] = [...sums].sort(([a], [b]) => compareGroupKeys(a, b)).map(([key, n]) => ({ key, ...n }));
    const rest = { requirements: all.requirements, needing: all.needing, covered: all.covered };
    for (const g of groups) (rest.requirements -= g.requirements), (rest.needing -= g.needing), (rest.covered -= g.covered);
    if (rest.requirements > 0) groups.push({ key: null, ...rest });
    return groups;
  }

  /**
   * A folder's files that define requirements, with the counts last recorded
   * for them (the Requirements view's top level, consistent with the summary).
   */
  specFiles(folder: Folder): SpecFileCounts[] {
    const out: SpecFileCounts[] = [];
    for (const [file, share] of this.byFolder.get(folder) ?? []) {
      if (typeof share === 'number' || share.requirements === 0) continue;
      out.push({ file, requirements: share.requirements, needing: share.needing, covered: share.covered });
    }
    return out;
  }

  summary(indexing: boolean): CoverageSummary {
    const { releases, ...t } = this.totals;
    const summary: CoverageSummary = { ...t, coverage: coveragePercent(t.needing, t.covered), indexing };
    if (releases.size > 0) summary.releases = releaseRows(t, releases);
    return summary;
  }
}

/** A file's share, counted as `buildReport` counts the whole workspace. */
function shareOf(folder: Folder, file: string, diagnostics: readonly Diagnostic[]): Counts {
  const share = zero();
  for (const d of diagnostics) {
    if (d.severity === 'error') share.errors++;
    else if (d.severity === 'warning') share.warnings++;
  }
  const { engine } = folder;
  const entry = engine.index.entry(file);
  if (!entry) return share;
  for (const def of entry.defs) {
    share.requirements++;
    const cov = engine.coverage(def);
    if (def.release !== undefined) {
      share.releases ??= new Map();
      let r = share.releases.get(def.release);
      if (!r) share.releases.set(def.release, (r = { requirements: 0, needing: 0, covered: 0 }));
      r.requirements++;
      if (cov.needs.length > 0) r.needing++;
      if (cov.needs.length > 0 && cov.covered) r.covered++;
    }
    if (cov.needs.length === 0) continue;
    share.needing++;
    if (cov.covered) share.covered++;
    else share.uncovered++;
  }
  // Every reference in code, those to unknown IDs included.
  share.references = engine.index.countedReferences(entry);
  return share;
}

function zero(): Counts {
  return { requirements: 0, needing: 0, covered: 0, uncovered: 0, references: 0, errors: 0, warnings: 0 };
}

function move(totals: Counts, share: Share, sign: 1 | -1): void {
  if (typeof share === 'number') {
    totals.references += sign * share;
    return;
  }
  for (const k of FIELDS) totals[k] += sign * share[k];
  for (const [release, n] of share.releases ?? []) {
    totals.releases ??= new Map();
    let t = totals.releases.get(release);
    if (!t) totals.releases.set(release, (t = { requirements: 0, needing: 0, covered: 0 }));
    t.requirements += sign * n.requirements;
    t.needing += sign * n.needing;
    t.covered += sign * n.covered;
    // A release no requirement names any more leaves the table; one whose requirements need nothing stays.
    if (t.requirements === 0) totals.releases.delete(release);
  }
}

/**
 * The status bar's table: each release in natural order, then (when some
 * requirements that need coverage name none) the rest under null, as
 * `report --group-by release` groups them.
 */
function releaseRows(t: Counts, releases: ReadonlyMap<string, ReleaseCounts>): ReleaseCoverageItem[] {
  const rows: ReleaseCoverageItem[] = [...releases]
    .sort(([a], [b]) => compareGroupKeys(a, b))
    .map(([release, n]) => ({ release, needing: n.needing, covered: n.covered, coverage: coveragePercent(n.needing, n.covered) }));
  const needing = t.needing - rows.reduce((sum, r) => sum + r.needing, 0);
  const covered = t.covered - rows.reduce((sum, r) => sum + r.covered, 0);
  if (needing > 0) rows.push({ release: null, needing, covered, coverage: coveragePercent(needing, covered) });
  return rows;
}
