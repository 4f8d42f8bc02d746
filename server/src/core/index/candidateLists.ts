/**
 * The index's per-ID lists of files: for each ID, the files whose
 * candidates name it. One object per ID and one array slot per file, rather
 * than an object per reference (a large workspace has millions); the
 * candidates themselves are found in each file's packed refs.
 *
 * Files added without telling anyone which IDs they name (a full index's)
 * wait beside the lists, and the next read gives each list that grew one
 * array of its final size: a push per (file, ID) into the list's own array,
 * 1.17M at L, read and regrew 55k arrays nowhere near each other in memory,
 * and the young generation copied each grown array it found alive.
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

/** Waiting (file, list) pairs per chunk of `waitingFor`: 256 KB. */
const PAIR_BITS = 16;
const PAIR_CHUNK = 1 << PAIR_BITS;
const PAIR_MASK = PAIR_CHUNK - 1;

export class CandidateLists {
  /** Every list, in the order their IDs were first named. */
  private readonly byId = new Map<string, CandidateList>();
  /** The same lists, for lookups (see StringTable), each with a number. */
  private readonly lookup = new StringTable<CandidateList>();
  /** By list number: how many waiting files wait for that list (0 past the numbers in use). */
  private waitCounts: Int32Array = new Int32Array(1024);
  /** The files waiting, in the order they came, and where each one's list numbers start in `waitingFor`. */
  private waitingFiles: FileEntry[] = [];
  private waitingStarts: number[] = [];
  /**
   * The number of each list a waiting file waits for, file after file, in
   * chunks (pair i in chunk i >> PAIR_BITS). One array grown by doubling
   * copied 4 MB and touched 8 MB of new memory at L's last growth: 44 ms of
   * the main thread in a profile.
   */
  private waitingFor: Int32Array[] = [];
  private waitingPairs = 0;

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
    // A file whose IDs someone is told of is one of an edit: the lists are read right after.
    if (named) this.flush();
    const { refs } = entry;
    const n = refCount(refs);
    if (n === 0) return;
    // Each of the file's strings is looked up once per distinct ID rather than per candidate.
    const seen: boolean[] = new Array(refs.strings.length);
    if (!named) {
      this.waitingFiles.push(entry);
      this.waitingStarts.push(this.waitingPairs);
    }
    for (let slot = 0; slot < n; slot++) {
      const k = refIdIndex(refs, slot);
      if (seen[k]) continue;
      seen[k] = true;
      const number = this.numberFor(refs.strings[k]);
      // The list's own string: only the table's key is read, not the list (a full index reads no list at all).
      const id = this.lookup.keyAt(number)!;
      refs.strings[k] = id;
      if (named) {
        this.lookup.valueAt(number)!.entries.push(entry);
        named(id);
      } else {
        this.wait(number);
      }
    }
  }

  /** Records that the file last put in line waits for list `number` too. */
  private wait(number: number): void {
    this.waitCounts[number]++;
    const at = this.waitingPairs++ & PAIR_MASK;
    if (at === 0) this.waitingFor.push(new Int32Array(PAIR_CHUNK));
    this.waitingFor[this.waitingFor.length - 1][at] = number;
  }

  /** Gives each list its waiting files, in the order they came (a list with none yet gets one array of their number). Every read does it first. */
  flush(): void {
    const files = this.waitingFiles;
    const pairs = this.waitingPairs;
    // Every read comes here: with nothing waiting (a file waits only with a list to wait for), nothing to do.
    if (pairs === 0) return;
    const numbers = this.lookup.numbers;
    const counts = this.waitCounts;
    // The waiting (file, list) pairs sorted by list (stably) into one array, then each list's part copied out.
    const next = new Int32Array(numbers);
    for (let w = 1; w < numbers; w++) next[w] = next[w - 1] + counts[w - 1];
    const sorted = new Array<FileEntry>(pairs).fill(files[0]);
    const { waitingFor, waitingStarts } = this;
    for (let f = 0, i = 0; f < files.length; f++) {
      const end = f + 1 < files.length ? waitingStarts[f + 1] : pairs;
      for (; i < end; i++) sorted[next[waitingFor[i >>> PAIR_BITS][i & PAIR_MASK]]++] = files[f];
    }
    let start = 0;
    for (let w = 0; w < numbers; w++) {
      if (counts[w] === 0) continue;
      const list = this.lookup.valueAt(w)!;
      const end = start + counts[w];
      // A list read while files were added (a query during an index) grows in place: a copy per read would be quadratic.
      if (list.entries.length === 0) list.entries = sorted.slice(start, end);
      else for (let i = start; i < end; i++) list.entries.push(sorted[i]);
      start = end;
    }
    this.forgetWaiting();
  }

  private forgetWaiting(): void {
    this.waitCounts.fill(0);
    this.waitingFiles = [];
    this.waitingStarts = [];
    this.waitingPairs = 0;
    this.waitingFor = [];
  }

  /** Sets the list of an ID no file has named yet (a warm start builds them all at once). */
  setFiles(id: string, files: FileEntry[]): void {
    const list = { id, prefix: idPrefix(id), entries: files };
    this.byId.set(id, list);
    this.growCounts(this.lookup.set(id, list));
  }

  /** The list of `id`, if a file names it. */
  get(id: string): CandidateList | undefined {
    this.flush();
    return this.lookup.get(id);
  }

  /** Every list, by ID. */
  all(): ReadonlyMap<string, CandidateList> {
    this.flush();
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
    this.forgetWaiting();
    this.byId.clear();
    this.lookup.clear();
  }

  /** The number of the list of `id`, made when there is none. */
  private numberFor(id: string): number {
    const known = this.lookup.numberOf(id);
    if (known >= 0) return known;
    const list = { id, prefix: idPrefix(id), entries: [] };
    this.byId.set(id, list);
    const number = this.lookup.set(id, list);
    this.growCounts(number);
    return number;
  }

  /** Makes room in the per-list counts for list `number`. */
  private growCounts(number: number): void {
    while (number >= this.waitCounts.length) this.waitCounts = grown(this.waitCounts);
  }
}

/** A copy of `a` twice as long. */
function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
