/** Maps whose values are lists: the index's and the change narrowing's by-ID tables. */

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Removes every value of `key`'s list that is `gone` (a new list: callers may hold the old one). */
export function pullAll<K, V>(map: Map<K, V[]>, key: K, gone: (v: V) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((v) => !gone(v));
  if (kept.length === 0) map.delete(key);
  else map.set(key, kept);
}
