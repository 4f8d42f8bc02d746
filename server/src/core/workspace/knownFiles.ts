/**
 * The workspace's files as the last walk listed them, and those seen since:
 * what dialects ask about (marker files, a file's neighbours). A warm start
 * sets the cache's list of 40-50k paths; hashing each into a set took 20-44
 * ms of a 700 ms `check`, when most runs ask for a handful of names (the
 * markers). So the set is made the first time a name is looked up in it, and
 * a one-off question scans the list instead.
 */
export class KnownFiles implements Iterable<string> {
  private list: readonly string[] = [];
  private set: Set<string> | undefined = new Set();

  /** From now on, exactly `files` (the array is kept, not copied: the caller must not change it). */
  reset(files: readonly string[]): void {
    this.list = files;
    this.set = undefined;
  }

  has(file: string): boolean {
    return this.all().has(file);
  }

  /** `has` for a question asked once or twice per run: it does not make the set. */
  includes(file: string): boolean {
    return this.set ? this.set.has(file) : this.list.includes(file);
  }

  add(file: string): void {
    this.all().add(file);
  }

  delete(file: string): void {
    this.all().delete(file);
  }

  get size(): number {
    return this.set ? this.set.size : this.list.length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.set ? this.set.values() : this.list[Symbol.iterator]();
  }

  private all(): Set<string> {
    return (this.set ??= new Set(this.list));
  }
}
