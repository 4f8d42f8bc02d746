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

/** A list as CandidateLists keeps it: with its number among the lists that have files waiting, or -1. */
interface KeptList extends CandidateList {
  waiting: number;
}

export class CandidateLists {
  /** Every list, in the order their IDs were first named. */
  private readonly byId = new Map<string, KeptList>();
  /** The same lists, for lookups (see StringTable). */
  private readonly lookup = new StringTable<KeptList>();
  /** The lists with files waiting, by their number (`waiting`), and how many wait for each. */
  private waitingLists: KeptList[] = [];
  private waitCounts: Int32Array = new Int32Array(1024);
  /** The files waiting, in the order they came, and where each one's list numbers start in `waitingFor`. */
  private waitingFiles: FileEntry[] = [];
  private waitingStarts: number[] = [];
  /** The number of each list a waiting file waits for, file after file. */
  private waitingFor: Int32Array = new Int32Array(1024);
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
    // The list of each of the file's strings, looked up once per distinct ID rather than per candidate.
    const lists: Array<KeptList | undefined> = new Array(refs.strings.length);
    if (!named) {
      this.waitingFiles.push(entry);
      this.waitingStarts.push(this.waitingPairs);
    }
    for (let slot = 0; slot < n; slot++) {
      const k = refIdIndex(refs, slot);
      if (lists[k]) continue;
      const list = this.listFor(refs.strings[k]);
      refs.strings[k] = list.id;
      lists[k] = list;
      if (named) {
        list.entries.push(entry);
        named(list.id);
      } else {
        this.wait(list);
      }
    }
  }

  /** Records that the file last put in line waits for `list` too. */
  private wait(list: KeptList): void {
    let w = list.waiting;
    if (w < 0) {
      w = list.waiting = this.waitingLists.push(list) - 1;
      if (w === this.waitCounts.length) this.waitCounts = grown(this.waitCounts);
      this.waitCounts[w] = 0;
    }
    this.waitCounts[w]++;
    if (this.waitingPairs === this.waitingFor.length) this.waitingFor = grown(this.waitingFor);
    this.waitingFor[this.waitingPairs++] = w;
  }

  /** Gives each list its waiting files, in the order they came (a list with none yet gets one array of their number). Every read does it first. */
  flush(): void {
    const files = this.waitingFiles;
    const pairs = this.waitingPairs;
    // Every read comes here: with nothing waiting (a file waits only with a list to wait for), nothing to do.
    if (pairs === 0) return;
    const lists = this.waitingLists;
    const counts = this.waitCounts;
    // The waiting (file, list) pairs sorted by list (stably) into one array, then each list's part copied out.
    const next = new Int32Array(lists.length);
    for (let w = 1; w < lists.length; w++) next[w] = next[w - 1] + counts[w - 1];
    const sorted = new Array<FileEntry>(pairs).fill(files[0]);
    const { waitingFor, waitingStarts } = this;
    for (let f = 0; f < files.length; f++) {
      const end = f + 1 < files.length ? waitingStarts[f + 1] : pairs;
      for (let i = waitingStarts[f]; i < end; i++) sorted[next[waitingFor[i]]++] = files[f];
    }
    let start = 0;
    for (let w = 0; w < lists.length; w++) {
      const list = lists[w];
      const end = start + counts[w];
      // A list read while files were added (a query during an index) grows in place: a copy per read would be quadratic.
      if (list.entries.length === 0) list.entries = sorted.slice(start, end);
      else for (let i = start; i < end; i++) list.entries.push(sorted[i]);
      list.waiting = -1;
      start = end;
    }
    this.forgetWaiting();
  }

  private forgetWaiting(): void {
    this.waitingLists = [];
    this.waitingFiles = [];
    this.waitingStarts = [];
    this.waitingPairs = 0;
    // 1.17M pairs at L: a grown array is not kept past the index that needed it.
    if (this.waitingFor.length > 1 << 16) this.waitingFor = new Int32Array(1024);
  }

  /** Sets the list of an ID no file has named yet (a warm start builds them all at once). */
  setFiles(id: string, files: FileEntry[]): void {
    const list = { id, prefix: idPrefix(id), entries: files, waiting: -1 };
    this.byId.set(id, list);
    this.lookup.set(id, list);
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

  /** The list of `id`, made when there is none. */
  private listFor(id: string): KeptList {
    let list = this.lookup.get(id);
    if (list) return list;
    list = { id, prefix: idPrefix(id), entries: [], waiting: -1 };
    this.byId.set(id, list);
    this.lookup.set(id, list);
    return list;
  }
}

/** A copy of `a` twice as long. */
function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
