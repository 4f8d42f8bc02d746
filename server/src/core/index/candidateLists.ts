/**
 * The index's per-ID lists of files: for each ID, the files whose
 * candidates name it. One object per ID and one array slot per file, rather
 * than an object per reference (a large workspace has millions); the
 * candidates themselves are found in each file's packed refs.
 */
import { idPrefix } from '../idPattern';
import type { FileEntry } from './fileEntry';
import { refCount, refIdIndex } from './packedRefs';
import { StringTable } from './stringTable';

/** The files naming one ID. */
export interface CandidateList {
  /** The ID; every entry's packed strings share this one string. */
  id: string;
  prefix: string;
  /** Each file at most once, in the order they were added. */
  entries: FileEntry[];
}

export const NO_CANDIDATES: CandidateList = { id: '', prefix: '', entries: [] };

export class CandidateLists {
  /** Every list, in the order their IDs were first named. */
  private readonly byId = new Map<string, CandidateList>();
  /** The same lists, for lookups (see StringTable). */
  private readonly lookup = new StringTable<CandidateList>();

  /** True when no file names any ID. */
  get empty(): boolean {
    return this.byId.size === 0;
  }

  /**
   * Puts a file the lists do not hold in the list of each ID its candidates
   * name, once per ID (the entry's ID strings become the lists' own); `named`
   * is told each ID.
   */
  attach(entry: FileEntry, named?: (id: string) => void): void {
    const { refs } = entry;
    const n = refCount(refs);
    if (n === 0) return;
    // The list of each of the file's strings, looked up once per distinct ID rather than per candidate.
    const lists: Array<CandidateList | undefined> = new Array(refs.strings.length);
    for (let slot = 0; slot < n; slot++) {
      const k = refIdIndex(refs, slot);
      if (lists[k]) continue;
      const list = this.listFor(refs.strings[k]);
      refs.strings[k] = list.id;
      lists[k] = list;
      list.entries.push(entry);
      named?.(list.id);
    }
  }

  /** Sets the list of an ID no file has named yet (a warm start builds them all at once). */
  setFiles(id: string, files: FileEntry[]): void {
    const list = { id, prefix: idPrefix(id), entries: files };
    this.byId.set(id, list);
    this.lookup.set(id, list);
  }

  /** The list of `id`, if a file names it. */
  get(id: string): CandidateList | undefined {
    return this.lookup.get(id);
  }

  /** Every list, by ID. */
  all(): ReadonlyMap<string, CandidateList> {
    return this.byId;
  }

  /**
   * Drops a file from an ID's list, where it is once however many
   * candidates it has. In place: a copy of the list per changed file made a
   * 10k-file checkout allocate a 10k-entry array for every file naming a
   * popular ID (the lists are private, and only walked synchronously).
   */
  pull(id: string, gone: FileEntry): void {
    const list = this.get(id);
    if (!list) return;
    const at = list.entries.indexOf(gone);
    if (at < 0) return;
    list.entries.splice(at, 1);
    if (list.entries.length > 0) return;
    this.byId.delete(id);
    this.lookup.delete(id);
  }

  clear(): void {
    this.byId.clear();
    this.lookup.clear();
  }

  /** The list of `id`, made when there is none. */
  private listFor(id: string): CandidateList {
    let list = this.lookup.get(id);
    if (list) return list;
    list = { id, prefix: idPrefix(id), entries: [] };
    this.byId.set(id, list);
    this.lookup.set(id, list);
    return list;
  }
}
