/**
 * "Did you mean" for unknown IDs: the defined ID at the smallest edit
 * distance, if it is close enough to be a plausible typo.
 */
import { idPrefix } from '../idPattern';
import { push } from '../listMap';
import { hashSkipping } from './stringTable';

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

/** What `nearestId` needs of the workspace index: whether it is partial, and its suggestion tables. */
export interface SuggestionSource {
  readonly partial: boolean;
  readonly suggestions: Suggestions;
}

/**
 * The nearest defined ID to `id`, or undefined when none is within a third
 * of its length (at most 2 edits). IDs one edit away are found through a map
 * of single-character deletions (the symmetric-delete method), in time
 * independent of the number of requirements; otherwise IDs of the same
 * prefix are compared, up to a bound. None while the index is partial.
 */
export function nearestId(id: string, index: SuggestionSource): string | undefined {
  // Mid-index, a near miss now may be the ID itself once its spec is read; and the table, rebuilt after every
  // new definition, would cost each check or hover that asks about 100 ms at 50k requirements.
  if (index.partial) return undefined;
  return index.suggestions.memo(id, () => {
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
    for (const c of index.suggestions.oneDeleteFrom(id)) consider(c);
    if (bestDist > 1) {
      let n = 0;
      for (const c of index.suggestions.withPrefix(idPrefix(id))) {
        if (++n > MAX_SCAN) break;
        consider(c);
      }
    }
    return bestDist <= limit ? best : undefined;
  });
}

/**
 * The tables "did you mean" searches, for one set of defined IDs, built when
 * first asked for, and the answers given so far. The index invalidates both
 * when the defined IDs change (not when only a title does).
 */
export class Suggestions {
  private tables: { byPrefix: Map<string, string[]>; deletes: DeleteIndex } | undefined;
  private readonly answers = new Map<string, string | undefined>();

  constructor(private readonly definedIds: () => Iterable<string>) {}

  invalidate(): void {
    this.tables = undefined;
    if (this.answers.size > 0) this.answers.clear();
  }

  /** The suggestion for an unknown ID, computed once per set of definitions. */
  memo(id: string, compute: () => string | undefined): string | undefined {
    if (this.answers.has(id)) return this.answers.get(id);
    const s = compute();
    this.answers.set(id, s);
    return s;
  }

  /** Defined IDs at most one insertion, deletion or substitution away from `id` (a superset; callers verify). */
  oneDeleteFrom(id: string): Set<string> {
    return this.built().deletes.candidates(id);
  }

  /** Defined IDs sharing a prefix, sorted. */
  withPrefix(prefix: string): readonly string[] {
    return this.built().byPrefix.get(prefix) ?? [];
  }

  private built(): { byPrefix: Map<string, string[]>; deletes: DeleteIndex } {
    if (this.tables) return this.tables;
    const byPrefix = new Map<string, string[]>();
    const ids = [...this.definedIds()].sort();
    for (const id of ids) push(byPrefix, idPrefix(id), id);
    return (this.tables = { byPrefix, deletes: new DeleteIndex(ids) });
  }
}

/**
 * Defined IDs by each of their single-character deletions and by themselves
 * (the symmetric-delete method): an ID one edit away from a query shares a
 * key with it. Kept as hashes of the keys, in an open-addressing table of
 * one Int32Array ([hash, ID number + 1] per slot, 0: empty): at 50k
 * requirements the keys as strings in a Map took about 40 MB, this takes
 * 8 MB. A hash collision only adds a candidate, and callers verify every
 * candidate's distance.
 */
export class DeleteIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly ids: readonly string[]) {
    let keys = 0;
    for (const id of ids) keys += id.length + 1;
    let size = 16;
    while (size < keys * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    ids.forEach((id, k) => {
      for (let skip = -1; skip < id.length; skip++) this.insert(hashSkipping(id, skip), k + 1);
    });
  }

  /** Defined IDs that share a key with `id`: every one at most one edit away, and a few more. */
  candidates(id: string): Set<string> {
    const out = new Set<string>();
    for (let skip = -1; skip < id.length; skip++) {
      const h = hashSkipping(id, skip);
      for (let s = h & this.mask; this.slots[2 * s + 1] !== 0; s = (s + 1) & this.mask) {
        if (this.slots[2 * s] === h) out.add(this.ids[this.slots[2 * s + 1] - 1]);
      }
    }
    return out;
  }

  private insert(h: number, idNumber: number): void {
    let s = h & this.mask;
    while (this.slots[2 * s + 1] !== 0) s = (s + 1) & this.mask;
    this.slots[2 * s] = h;
    this.slots[2 * s + 1] = idNumber;
  }
}

