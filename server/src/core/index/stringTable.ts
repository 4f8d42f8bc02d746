/**
 * A map from strings to values for the index's hottest lookup: each ID a
 * file names, once per file (1.17M lookups into 55k IDs at the L corpus).
 * The ID strings come fresh from each file's text, and V8's `Map.get` is
 * slow with a string it has not hashed before: in a benchmark of that
 * shape, the lookups (and a push into each ID's list) took 0.92-0.99 s
 * through a `Map` and 0.29 s here. This table hashes the characters itself
 * (FNV-1a) and probes linearly in flat arrays.
 *
 * No iteration at all: the caller keeps a `Map` for that, in its order, and
 * uses this table for lookups only.
 */

/** A per-process seed: hashes that collide on purpose cannot be written into a workspace. */
const SEED = (Math.random() * 0x100000000) | 0;

/** FNV-1a of `s` without its character at `skip` (-1: the whole string), computed without making that string. */
export function hashSkipping(s: string, skip: number): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return h | 0;
}

export class StringTable<V> {
  private keys: Array<string | undefined>;
  private values: Array<V | undefined>;
  private mask: number;
  private count = 0;

  constructor() {
    this.keys = new Array<string | undefined>(64).fill(undefined);
    this.values = new Array<V | undefined>(64).fill(undefined);
    this.mask = 63;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const { keys, mask } = this;
    for (let i = hashSkipping(key, -1) & mask; ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === undefined) return undefined;
      if (k === key) return this.values[i];
    }
  }

  set(key: string, value: V): void {
    const { keys, mask } = this;
    let i = hashSkipping(key, -1) & mask;
    for (; keys[i] !== undefined; i = (i + 1) & mask) {
      if (keys[i] === key) {
        this.values[i] = value;
        return;
      }
    }
    keys[i] = key;
    this.values[i] = value;
    // At most half full, so that probes stay short.
    if (++this.count * 2 > keys.length) this.resize(keys.length * 2);
  }

  delete(key: string): boolean {
    const { keys, values, mask } = this;
    let i = hashSkipping(key, -1) & mask;
    for (; keys[i] !== key; i = (i + 1) & mask) if (keys[i] === undefined) return false;
    // Backward shift: each key after the hole that probing would not find past it moves into the hole.
    for (let j = (i + 1) & mask; keys[j] !== undefined; j = (j + 1) & mask) {
      const home = hashSkipping(keys[j]!, -1) & mask;
      // Whether `home` lies cyclically in (i, j]: then the key stays.
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      keys[i] = keys[j];
      values[i] = values[j];
      i = j;
    }
    keys[i] = undefined;
    values[i] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.count = 0;
  }

  private resize(capacity: number): void {
    const { keys, values } = this;
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) this.set(keys[i]!, values[i]!);
  }
}
