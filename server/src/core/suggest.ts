/**
 * "Did you mean" for unknown IDs: the defined ID at the smallest edit
 * distance, if it is close enough to be a plausible typo.
 */
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

/**
 * The nearest defined ID to `id`, or undefined when none is within a third
 * of its length. Only IDs whose length is within that distance are compared.
 */
export function nearestId(id: string, index: WorkspaceIndex): string | undefined {
  const limit = Math.max(1, Math.floor(id.length / 3));
  let best: string | undefined;
  let bestDist = limit + 1;
  for (let len = id.length - limit; len <= id.length + limit; len++) {
    for (const candidate of index.definedIdsOfLength(len)) {
      const d = editDistance(id, candidate, bestDist);
      if (d < bestDist || (d === bestDist && best !== undefined && candidate < best)) {
        best = candidate;
        bestDist = d;
      }
    }
  }
  return bestDist <= limit ? best : undefined;
}
