/**
 * "Did you mean" for unknown IDs: the defined ID at the smallest edit
 * distance, if it is close enough to be a plausible typo.
 */
import { idPrefix } from './idPattern';
import type { WorkspaceIndex } from './workspaceIndex';

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Same-prefix IDs compared at most, when no ID is one edit away. */
const MAX_SCAN = 2000;

/**
 * The nearest defined ID to `id`, or undefined when none is within a third
 * of its length (at most 2 edits). IDs one edit away are found through a map
 * of single-character deletions (the symmetric-delete method), in time
 * independent of the number of requirements; otherwise IDs of the same
 * prefix are compared, up to a bound.
 */
export function nearestId(id: string, index: WorkspaceIndex): string | undefined {
  return index.memoSuggestion(id, () => {
    const limit = Math.min(2, Math.max(1, Math.floor(id.length / 3)));
    let best: string | undefined;
    let bestDist = limit + 1;
    const consider = (candidate: string) => {
      if (candidate === id) return;
      const d = editDistance(id, candidate, bestDist);
      if (d < bestDist || (d === bestDist && best !== undefined && candidate < best)) {
        best = candidate;
        bestDist = d;
      }
    };
    for (const c of index.idsOneDeleteFrom(id)) consider(c);
    if (bestDist > 1) {
      let n = 0;
      for (const c of index.definedIdsWithPrefix(idPrefix(id))) {
        if (++n > MAX_SCAN) break;
        consider(c);
      }
    }
    return bestDist <= limit ? best : undefined;
  });
}
