/**
 * The index's per-ID lists of files: for each ID, the files whose
 * candidates name it. One object per ID and one array slot per file, rather
 * than an object per reference (a large workspace has millions); the
 * candidates themselves are found in each file's packed refs.
 *
 * A full index adds 100k files one by one. A lookup and a push per ID of
 * each file, between the files' reading and parsing, cost about twice what
 * the same work costs in batches: so added files wait in a batch, which
 * every read of the lists first brings in (see ATTACH_BATCH).
 */
import { idPrefix } from '../idPattern';
import type { FileEntry } from './fileEntry';
import { refCount, refIdIndex } from './packedRefs';

/** The files naming one ID. */
export interface CandidateList {
  /** The ID; every entry's packed strings share this one string. */
  id: string;
  prefix: string;
  /** Each file at most once, in the order they were added. */
  entries: FileEntry[];
}

export const NO_CANDIDATES: CandidateList = { id: '', prefix: '', entries: [] };

/**
 * Added files whose candidates wait for the lists at most. At L (100k
 * files), attaching in batches of 8k took 1.0-1.3 s of the main thread,
 * against 1.4-2.3 s one file at a time (noisy runs), but one batch held the
 * main thread about 100 ms: no request answered, no chunk sent to a worker.
 * A batch of 512 holds it a few milliseconds, as one worker message does.
 */
export const ATTACH_BATCH = 512;

export class CandidateLists {
  private readonly byId = new Map<string, CandidateList>();
  /** Files added whose candidates are not in `byId` yet, in the order they came. */
  private pending: FileEntry[] = [];

  /** True when no file has been added. */
  get empty(): boolean {
    return this.byId.size === 0 && this.pending.length === 0;
  }

  /** Adds a file the lists do not hold; its candidates are attached with the next batch or read. */
  addLater(entry: FileEntry): void {
    if (refCount(entry.refs) > 0 && this.pending.push(entry) >= ATTACH_BATCH) this.flush();
  }

  /** Adds a file's candidates now (the entry's ID strings become the lists' own); `named` is told each ID. */
  attach(entry: FileEntry, named?: (id: string) => void): void {
    // The lists keep the order files were added in: the waiting ones first.
    this.flush();
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
    this.byId.set(id, { id, prefix: idPrefix(id), entries: files });
  }

  /** The list of `id`, if a file names it. */
  get(id: string): CandidateList | undefined {
    return this.all().get(id);
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
    if (list.entries.length === 0) this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
    this.pending = [];
  }

  /** Attaches the waiting files' candidates, in order: what `attach` does for each in turn, in one pass. */
  flush(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    // As in `attach`, by string index; one array for the whole batch.
    let lists: Array<CandidateList | undefined> = [];
    for (const entry of pending) {
      const { refs } = entry;
      if (lists.length < refs.strings.length) lists = new Array<CandidateList | undefined>(refs.strings.length);
      else lists.fill(undefined, 0, refs.strings.length);
      for (let slot = 0, n = refCount(refs); slot < n; slot++) {
        const k = refIdIndex(refs, slot);
        if (lists[k]) continue;
        const list = this.listFor(refs.strings[k]);
        refs.strings[k] = list.id;
        lists[k] = list;
        list.entries.push(entry);
      }
    }
  }

  /** The list of `id`, made when there is none. */
  private listFor(id: string): CandidateList {
    let list = this.byId.get(id);
    if (!list) this.byId.set(id, (list = { id, prefix: idPrefix(id), entries: [] }));
    return list;
  }
}
