/**
 * A map from strings to values for the index's hottest lookup: each ID a
 * file names, once per file (1.17M lookups into 55k IDs at the L corpus).
 * The ID strings come fresh from each file's text, and V8's `Map.get` is
 * slow with a string it has not hashed before: in a benchmark of that
 * shape, the lookups (and a push into each ID's list) took 0.92-0.99 s
 * through a `Map` and 0.29 s here. This table hashes the characters itself
 * (FNV-1a) and probes linearly.
 *
 * Each key has a number, dense from 0 and reused after a delete, so that a
 * caller can keep per-key data in typed arrays. The probed slots are one
 * `Int32Array` (see SLOT): a probe past another key compares hashes, a hit
 * compares the key's characters with the table's own copy of them (see
 * `arena`), and neither touches a stored string or value. With the keys and
 * values in arrays of their own (a slot per key, as the first version had),
 * each lookup read four places nowhere near each other, the stored string
 * among them; this reads the slot and, on a hit, the copied characters.
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

const INITIAL_SLOTS = 64;
/** Ints per slot: the key's hash; its number + 1 (0: an empty slot); where its characters start in the arena, and how many (-1: not there). */
const SLOT = 4;

export class StringTable<V> {
  /** SLOT ints per slot (see SLOT). */
  private slots = new Int32Array(INITIAL_SLOTS * SLOT);
  private mask = INITIAL_SLOTS - 1;
  /**
   * The characters of every key whose characters all fit a byte, one after
   * another. A hit compares the key with these rather than with the stored
   * string: those strings lie all over a large heap, and reading each one
   * was most of a lookup's time at L (416 of 779 ms in a profile).
   */
  private arena = new Uint8Array(1024);
  private arenaUsed = 0;
  /** Characters in the arena of keys deleted since: dropped when the arena would grow. */
  private arenaDead = 0;
  /** Keys and values by number; undefined at a number deleted and not yet reused. */
  private keys: Array<string | undefined> = [];
  private values: Array<V | undefined> = [];
  private free: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** One more than the highest number a key has had since the last clear: per-number data needs this many places. */
  get numbers(): number {
    return this.keys.length;
  }

  get(key: string): V | undefined {
    const n = this.numberOf(key);
    return n < 0 ? undefined : this.values[n];
  }

  /** The number of `key`, or -1. */
  numberOf(key: string): number {
    const i = this.slotOf(key, hashSkipping(key, -1));
    return this.slots[i * SLOT + 1] - 1;
  }

  /** The key with number `n` (the table's own string, whatever copy of it was looked up). */
  keyAt(n: number): string | undefined {
    return this.keys[n];
  }

  valueAt(n: number): V | undefined {
    return this.values[n];
  }

  /** Sets the value of `key`; returns the key's number. */
  set(key: string, value: V): number {
    const h = hashSkipping(key, -1);
    const i = this.slotOf(key, h);
    const at = i * SLOT;
    if (this.slots[at + 1] !== 0) {
      const n = this.slots[at + 1] - 1;
      this.values[n] = value;
      return n;
    }
    const n = this.free.pop() ?? this.keys.length;
    this.keys[n] = key;
    this.values[n] = value;
    const start = this.store(key);
    // `store` may have compacted the arena, which moves no slot: `at` still holds.
    const slots = this.slots;
    slots[at] = h;
    slots[at + 1] = n + 1;
    slots[at + 2] = start;
    slots[at + 3] = start < 0 ? -1 : key.length;
    // At most half full, so that probes stay short.
    if (++this.count * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
    return n;
  }

  delete(key: string): boolean {
    const { slots, mask } = this;
    let i = this.slotOf(key, hashSkipping(key, -1));
    const n = slots[i * SLOT + 1] - 1;
    if (n < 0) return false;
    if (slots[i * SLOT + 3] > 0) this.arenaDead += slots[i * SLOT + 3];
    // Backward shift: each key after the hole that probing would not find past it moves into the hole.
    for (let j = (i + 1) & mask; slots[j * SLOT + 1] !== 0; j = (j + 1) & mask) {
      const home = slots[j * SLOT] & mask;
      // Whether `home` lies cyclically in (i, j]: then the key stays.
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      slots.copyWithin(i * SLOT, j * SLOT, j * SLOT + SLOT);
      i = j;
    }
    slots.fill(0, i * SLOT, i * SLOT + SLOT);
    this.keys[n] = undefined;
    this.values[n] = undefined;
    this.free.push(n);
    this.count--;
    return true;
  }

  clear(): void {
    this.slots.fill(0);
    this.arenaUsed = 0;
    this.arenaDead = 0;
    this.keys = [];
    this.values = [];
    this.free = [];
    this.count = 0;
  }

  /** The slot holding `key` (hash `h`), or the empty slot where it would go. */
  private slotOf(key: string, h: number): number {
    const { slots, mask, arena } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT;
      if (slots[at + 1] === 0) return i;
      if (slots[at] !== h) continue;
      const len = slots[at + 3];
      if (len < 0) {
        if (this.keys[slots[at + 1] - 1] === key) return i;
        continue;
      }
      if (len !== key.length) continue;
      const start = slots[at + 2];
      let c = 0;
      while (c < len && arena[start + c] === key.charCodeAt(c)) c++;
      if (c === len) return i;
    }
  }

  /** Copies `key`'s characters into the arena; returns where they start, or -1 for a key with a character past a byte. */
  private store(key: string): number {
    for (let c = 0; c < key.length; c++) if (key.charCodeAt(c) > 0xff) return -1;
    if (this.arenaUsed + key.length > this.arena.length) this.makeRoom(key.length);
    const start = this.arenaUsed;
    for (let c = 0; c < key.length; c++) this.arena[start + c] = key.charCodeAt(c);
    this.arenaUsed += key.length;
    return start;
  }

  /** Drops deleted keys' characters when they are half the arena, and grows it if that is not room enough. */
  private makeRoom(more: number): void {
    const { slots } = this;
    const live = this.arenaUsed - this.arenaDead;
    const size = Math.max(this.arena.length, (live + more) * 2);
    const old = this.arena;
    const arena = new Uint8Array(size);
    let used = 0;
    for (let at = 0; at < slots.length; at += SLOT) {
      if (slots[at + 1] === 0 || slots[at + 3] < 0) continue;
      const len = slots[at + 3];
      arena.set(old.subarray(slots[at + 2], slots[at + 2] + len), used);
      slots[at + 2] = used;
      used += len;
    }
    this.arena = arena;
    this.arenaUsed = used;
    this.arenaDead = 0;
  }

  /** Moves every slot into a table of `capacity` slots, by the hashes the slots keep (no key is hashed again). */
  private resize(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(capacity * SLOT);
    const mask = capacity - 1;
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s + 1] === 0) continue;
      let i = old[s] & mask;
      while (slots[i * SLOT + 1] !== 0) i = (i + 1) & mask;
      slots.set(old.subarray(s, s + SLOT), i * SLOT);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
