/**
 * The coverage summary of the status bar and `reqtrace/indexChanged`: the
 * numbers of `buildReport`'s summary, summed over the folders. A large
 * workspace takes seconds to check in full, so the files are walked in
 * slices and requests are answered in between.
 */
import { checkFile } from '../core/checks';
import { refCount } from '../core/packedRefs';
import type { Diagnostic } from '../core/types';
import type { CoverageSummary } from '../protocol';
import { TimeSlicer } from './timeSlicer';
import type { Folder } from './workspaces';

/** A summary of nothing, the neutral answer. */
export function emptyCoverageSummary(): CoverageSummary {
  return { requirements: 0, needing: 0, covered: 0, uncovered: 0, references: 0, errors: 0, warnings: 0, coverage: 100, indexing: false };
}

/**
 * Counts as `buildReport` does, file by file in slices. The index may change
 * between slices: the result is then a mix of before and after, which the
 * next summary (the change asks for one) corrects.
 */
export async function summarizeCoverage(folders: Folder[], isIndexing: () => boolean): Promise<CoverageSummary> {
  const s = emptyCoverageSummary();
  const slicer = new TimeSlicer();
  for (const folder of folders) {
    const { engine } = folder;
    for (const d of engine.diagnosticsFor(engine.configFile)) countSeverity(s, d.severity);
    for (const file of [...engine.index.files()]) {
      await slicer.pause();
      const entry = engine.index.entry(file);
      if (!entry) continue;
      // As `engine.diagnostics()`: the checks of every indexed file.
      for (const d of checkFile(engine.index, file, engine.config)) countSeverity(s, d.severity);
      for (const def of entry.defs) {
        s.requirements++;
        const cov = engine.coverage(def);
        if (cov.needs.length === 0) continue;
        s.needing++;
        if (cov.covered) s.covered++;
        else s.uncovered++;
      }
      // Every reference in code, those to unknown IDs included.
      for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) if (engine.index.countsAt(entry, slot)) s.references++;
    }
  }
  s.coverage = s.needing === 0 ? 100 : Math.floor((s.covered * 1000) / s.needing) / 10;
  s.indexing = isIndexing();
  return s;
}

function countSeverity(s: CoverageSummary, severity: Diagnostic['severity']): void {
  if (severity === 'error') s.errors++;
  else if (severity === 'warning') s.warnings++;
}
