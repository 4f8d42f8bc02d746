/**
 * The size bounds of every MCP answer. A coding agent pays for each token it
 * reads, and a workspace can hold a hundred thousand requirements: so every
 * list is capped (with how many were left out, and how to see them) and
 * every free-text field is clipped.
 */

/** Items a list answer holds unless the caller asks for fewer or more. */
export const DEFAULT_ITEMS = 50;
/** The most items any list answer holds, whatever the caller asks. */
export const MAX_ITEMS = 200;
/** References listed with a requirement unless the caller asks for more. */
export const DEFAULT_REFERENCES = 20;
/** Characters kept of a requirement's text. */
export const MAX_TEXT = 2000;
/** Characters kept of a title, a message or a path. */
export const MAX_LINE = 300;

/** A list cut to at most `limit` items, with the count of those left out. */
export interface Capped<T> {
  items: T[];
  total: number;
  /** Items left out (0 when the list is complete). */
  truncated: number;
}

/** The limit a caller asked for, kept within 1..MAX_ITEMS. */
export function limitOf(asked: number | undefined, fallback = DEFAULT_ITEMS): number {
  if (asked === undefined || !Number.isFinite(asked)) return fallback;
  return Math.max(1, Math.min(MAX_ITEMS, Math.floor(asked)));
}

export function cap<T>(items: readonly T[], limit: number): Capped<T> {
  return { items: items.slice(0, limit), total: items.length, truncated: Math.max(0, items.length - limit) };
}

/** `s` cut to `max` characters, with a note of how many were cut. */
export function clip(s: string, max = MAX_LINE): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}

/** The line a text answer ends with when a list was cut. */
export function truncationNote(c: Capped<unknown>, what: string, how = 'pass a larger limit (at most 200) or narrow the query'): string | undefined {
  return c.truncated > 0 ? `… truncated: ${c.truncated} more ${what} (${c.items.length} of ${c.total} shown; ${how})` : undefined;
}
