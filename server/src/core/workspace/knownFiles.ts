/**
 * The workspace's files as the last walk listed them, and those seen since:
 * what dialects ask about (marker files, a file's neighbours). A warm start
 * sets the cache's list of 40-50k paths; hashing each into a set took 20-44
 * ms of a 700 ms `check`, when most runs ask for a handful of names (the
 * markers). So the set is made the first time a name is looked up in it, a
 * one-off question scans the list instead, and the files seen since (every
 * file a language server reads again after an edit) wait in a short list:
 * making the set on the first edit held its diagnostics 40-60 ms.
 */
export class KnownFiles implements Iterable<string> {
  private list: readonly string[] = [];
  private set: Set<string> | undefined = new Set();
  /** Changes since `list` while there is no set: [file, true when added]. */
  private pending: Array<[string, boolean]> = [];

  /** From now on, exactly `files` (the array is kept, not copied: the caller must not change it). */
  reset(files: readonly string[]): void {
    this.list = files;
    this.set = undefined;
    this.pending = [];
  }

  has(file: string): boolean {
    return this.all().has(file);
  }

  /** `has` for a question asked once or twice per run: it does not make the set. */
  includes(file: string): boolean {
    if (this.set) return this.set.has(file);
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i][0] === file) return this.pending[i][1];
    return this.list.includes(file);
  }

  add(file: string): void {
    this.change(file, true);
  }

  delete(file: string): void {
    this.change(file, false);
  }

  get size(): number {
    return this.set || this.pending.length > 0 ? this.all().size : this.list.length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.set || this.pending.length > 0 ? this.all().values() : this.list[Symbol.iterator]();
  }

  private change(file: string, added: boolean): void {
    if (this.set) {
      if (added) this.set.add(file);
      else this.set.delete(file);
      return;
    }
    this.pending.push([file, added]);
    // A long session of edits and no look-up: the set, once, rather than a list without end.
    if (this.pending.length > MAX_PENDING) this.all();
  }

  private all(): Set<string> {
    if (!this.set) {
      this.set = new Set(this.list);
      for (const [file, added] of this.pending) {
        if (added) this.set.add(file);
        else this.set.delete(file);
      }
      this.pending = [];
    }
    return this.set;
  }
}

const MAX_PENDING = 1024;
