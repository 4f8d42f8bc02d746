/**
 * Passes over every file's packed candidates at once, for the questions that
 * concern every requirement together: a whole-workspace check's coverage
 * counts, the reports' reference lists, and the per-ID file lists of a warm
 * start. A walk per ID would rescan each file once for every ID it names.
 */
import type { CacheTable } from './indexCache';
import { kindOf, type FileEntry } from './fileEntry';
import { refCount, refIdIndex } from './packedRefs';
import type { CoverageKind } from '../types';

/**
 * Folds every reference to a defined ID into that ID's accumulator (made by
 * `start` for each of `definedIds`), in one pass over `entries`. An ID's
 * accumulator is looked up once per file that names it, not per candidate.
 */
export function tallyReferences<T>(
  definedIds: Iterable<string>,
  entries: Iterable<FileEntry>,
  start: (id: string) => T,
  add: (acc: T, entry: FileEntry, slot: number) => void,
): Map<string, T> {
  const accs = new Map<string, T>();
  for (const id of definedIds) accs.set(id, start(id));
  for (const entry of entries) {
    const { refs } = entry;
    // By string index: undefined not looked up yet, null no defined ID (an unknown ID, or a verb). Every
    // candidate naming a defined ID counts, bare or not: the ID's own prefix is defined.
    const byIndex: Array<T | null | undefined> = new Array(refs.strings.length);
    for (let slot = 0, n = refCount(refs); slot < n; slot++) {
      const k = refIdIndex(refs, slot);
      let acc = byIndex[k];
      if (acc === undefined) acc = byIndex[k] = accs.get(refs.strings[k]) ?? null;
      if (acc !== null) add(acc, entry, slot);
    }
  }
  return accs;
}

/** An ID's references counted by `coverageByKind`. */
interface Tally {
  impl: number;
  test: number;
  others: Map<CoverageKind, number> | undefined;
}

/** Every defined ID's reference counts by coverage kind, in one pass. */
export function coverageByKind(definedIds: Iterable<string>, entries: Iterable<FileEntry>): Map<string, Map<CoverageKind, number>> {
  // The two usual kinds in fields: a Map update per reference costs as much as the rest of the pass.
  const tallies = tallyReferences(
    definedIds,
    entries,
    (): Tally => ({ impl: 0, test: 0, others: undefined }),
    (t, entry, slot) => {
      const kind = kindOf(entry, slot);
      if (kind === 'impl') t.impl++;
      else if (kind === 'test') t.test++;
      else (t.others ??= new Map()).set(kind, (t.others.get(kind) ?? 0) + 1);
    },
  );
  const out = new Map<string, Map<CoverageKind, number>>();
  for (const [id, t] of tallies) {
    const counts = new Map<CoverageKind, number>();
    if (t.impl > 0) counts.set('impl', t.impl);
    if (t.test > 0) counts.set('test', t.test);
    for (const [kind, n] of t.others ?? []) counts.set(kind, n);
    out.set(id, counts);
  }
  return out;
}

/**
 * For a warm start's entries, whose ID strings are numbered by one shared
 * table (the loaded cache's): the files naming each ID, in entry order, each
 * list made once at its final size from a count, in place of a lookup and a
 * push for every ID of every file (1.5M at 100k files, a third of a warm
 * start). The lists' keys are the table's own strings, which the entries share.
 */
export function filesByTableString(entries: readonly FileEntry[], slots: readonly number[], table: CacheTable): Map<string, FileEntry[]> {
  const size = table.strings.length;
  // Per table string: the last entry (ordinal + 1) that counted it, so each file counts an ID once.
  const seen = new Int32Array(size);
  const counts = new Int32Array(size);
  entries.forEach((entry, e) => {
    const base = table.stringStart[slots[e]];
    for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) {
      const t = table.stringIndices[base + refIdIndex(entry.refs, slot)];
      if (seen[t] !== e + 1) {
        seen[t] = e + 1;
        counts[t]++;
      }
    }
  });
  const lists: Array<FileEntry[] | undefined> = new Array(size);
  const filled = new Int32Array(size);
  entries.forEach((entry, e) => {
    const base = table.stringStart[slots[e]];
    for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) {
      const t = table.stringIndices[base + refIdIndex(entry.refs, slot)];
      if (seen[t] === -(e + 1)) continue;
      seen[t] = -(e + 1);
      (lists[t] ??= new Array<FileEntry>(counts[t]))[filled[t]++] = entry;
    }
  });
  const out = new Map<string, FileEntry[]>();
  lists.forEach((files, t) => {
    if (files) out.set(table.strings[t], files);
  });
  return out;
}
