/**
 * The registry of dialects. A new dialect is one module plus one line here.
 */
import type { Dialect } from './dialect';

const ALL: readonly Dialect[] = [];

export const DIALECTS: ReadonlyMap<string, Dialect> = new Map(ALL.map((d) => [d.name, d]));

export function dialectNames(): string[] {
  return [...DIALECTS.keys()].sort();
}
