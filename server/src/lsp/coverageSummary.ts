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
import { coveragePercent, type Diagnostic } from '../core';
import type { CoverageSummary, SpecFileItem } from '../protocol';
import type { Folder } from './workspaces';

/** A spec file's counts, without its URI. */
export type SpecFileCounts = Omit<SpecFileItem, 'uri'>;

/** A summary of nothing, the neutral answer. */
export function emptyCoverageSummary(): CoverageSummary {
  return { requirements: 0, needing: 0, covered: 0, uncovered: 0, references: 0, errors: 0, warnings: 0, coverage: 100, indexing: false };
}

type Counts = Pick<CoverageSummary, 'requirements' | 'needing' | 'covered' | 'uncovered' | 'references' | 'errors' | 'warnings'>;
const FIELDS = ['requirements', 'needing', 'covered', 'uncovered', 'references', 'errors', 'warnings'] as const;
/**
 * A file's recorded share. Most files only hold references: their share is
 * that count, a number, rather than an object of seven (8 MB at 100k files).
 */
type Share = Counts | number;

export class CoverageTally {
  private readonly byFolder = new Map<Folder, Map<string, Share>>();
  private readonly totals: Counts = zero();

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
    const t = this.totals;
    return { ...t, coverage: coveragePercent(t.needing, t.covered), indexing };
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
  if (typeof share === 'number') totals.references += sign * share;
  else for (const k of FIELDS) totals[k] += sign * share[k];
}
