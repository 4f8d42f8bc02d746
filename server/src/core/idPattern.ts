/**
 * Requirement ID matching. The ID shape is configurable (`idPattern` in
 * reqtrace.yaml); everything that looks for IDs goes through an IdMatcher so
 * the shape is decided in one place.
 */
import { bytesHoldDefaultId, isIdChar, textHoldsDefaultId } from './defaultIdScan';

/** Default ID shape: `REQ-1`, `AUTH-001`, `API-AUTH-12`. */
export const DEFAULT_ID_PATTERN = '[A-Z][A-Z]*(?:-[A-Z0-9]+)*-[0-9]+';

export interface IdMatcher {
  /** The user-facing pattern source (without boundaries). */
  readonly source: string;
  /** True when the whole string is an ID. */
  isId(text: string): boolean;
  /**
   * Every ID in `text` with its offset. IDs glued to other word characters
   * (`XAUTH-001`, `AUTH-001x`) are not matches.
   */
  findAll(text: string): Array<{ id: string; offset: number }>;
  /**
   * `findAll` into the caller's arrays (from index 0; returns how many), with
   * no object made per ID: the reference scanner's form, run on every
   * commented line of a workspace.
   */
  findInto(text: string, ids: string[], offsets: number[]): number;
  /** The ID covering `offset` in `text`, if any. */
  idAt(text: string, offset: number): { id: string; offset: number } | undefined;
  /**
   * False only when no line of `text` can hold an ID: then a source file
   * need not even be lexed. A whole-text search for the pattern, which runs
   * natively and stops at the first hit; always true for patterns it cannot
   * vouch for (see `lineBound`).
   */
  mayOccurIn(text: string): boolean;
  /**
   * `mayOccurIn` of the UTF-8 `bytes`' text, asked before decoding them, for
   * the patterns it is exact for (the default one); undefined for the others.
   */
  mayOccurInBytes?: (bytes: Uint8Array) => boolean;
  /** A character every ID holds (the default shape's `-`), when the pattern is known to have one: a line without it holds none. */
  readonly requiredChar?: string;
}

/**
 * Patterns written only with letters, digits, `_`, `-`, `.`, `\d`, `\w`,
 * non-negated classes of those, groups and quantifiers can never match a
 * line break, so a search
 * over a whole text tries the same attempts a line-by-line search does: the
 * linear-time proof regexSafety.ts gives for lines holds for the text. Other
 * patterns (`\s`, `.`, `[^…]`) are only ever run line by line.
 */
function lineBound(pattern: string): boolean {
  // `.` never matches a line break (no `s` flag); `\d`, `\w` and escaped punctuation neither.
  return /^(?:[A-Za-z0-9_\-[\]():?*+{},|.]|\\[dw._-])*$/.test(pattern);
}

/** Characters that may not touch an ID: before it (a character class body)... */
export const GLUED_BEFORE = 'A-Za-z0-9_-';
/** ...and after it. regexSafety.ts analyses a pattern with these same boundaries. */
export const GLUED_AFTER = 'A-Za-z0-9_';

/**
 * The prefix of an ID: the ID without its trailing number and separator
 * (`API-AUTH-12` → `API-AUTH`). Used to decide whether a bare ID in a
 * comment is one of ours (`JIRA-123` is not when no `JIRA-` requirement exists).
 */
export function idPrefix(id: string): string {
  const m = /^(.*?)[-_.:]?\d+$/.exec(id);
  return m && m[1] ? m[1] : id;
}

/**
 * Compiles an ID pattern. Throws an Error with a readable message when the
 * pattern is not a valid regular expression.
 */
export function createIdMatcher(pattern: string = DEFAULT_ID_PATTERN): IdMatcher {
  // Boundaries: no word character or dash glued before, no word character after.
  const body = `(?:${pattern})`;
  const anchored = new RegExp(`^${body}$`);
  const global = new RegExp(`(?<![${GLUED_BEFORE}])${body}(?![${GLUED_AFTER}])`, 'g');
  // Every ID the scanner finds on a line matches this in the whole text: the
  // scanner's lines start at a line break or at a comment delimiter, never
  // inside a word, so the character before an ID is the same in both. The
  // look-behind stays: without it an attempt starts at every character of a
  // long run like `A-A-A-…`, and each one scans the rest of the run.
  const anywhere = lineBound(pattern) ? new RegExp(`(?<![${GLUED_BEFORE}])${body}`) : undefined;
  // The default shape has a search without the regex (defaultIdScan.ts): several times faster on code.
  const isDefault = pattern === DEFAULT_ID_PATTERN;
  return {
    source: pattern,
    isId: (text) => anchored.test(text),
    findAll(text) {
      const ids: string[] = [];
      const offsets: number[] = [];
      const n = this.findInto(text, ids, offsets);
      const out: Array<{ id: string; offset: number }> = [];
      for (let i = 0; i < n; i++) out.push({ id: ids[i], offset: offsets[i] });
      return out;
    },
    findInto(text, ids, offsets) {
      let n = 0;
      global.lastIndex = 0;
      if (isDefault) {
        // No match array per ID (`test` makes none): an ID of the default shape is made of
        // [A-Z0-9-] only, and the look-behind keeps all of them from the character before it,
        // so it starts where that run, walked back from its end, does.
        while (global.test(text)) {
          const end = global.lastIndex;
          let start = end - 1;
          while (start > 0 && isIdChar(text.charCodeAt(start - 1))) start--;
          ids[n] = text.slice(start, end);
          offsets[n++] = start;
        }
        return n;
      }
      let m: RegExpExecArray | null;
      while ((m = global.exec(text)) !== null) {
        if (m[0].length === 0) {
          global.lastIndex++;
          continue;
        }
        ids[n] = m[0];
        offsets[n++] = m.index;
      }
      return n;
    },
    mayOccurIn(text) {
      if (isDefault) return textHoldsDefaultId(text);
      return anywhere ? anywhere.test(text) : true;
    },
    mayOccurInBytes: isDefault ? bytesHoldDefaultId : undefined,
    requiredChar: isDefault ? '-' : undefined,
    idAt(text, offset) {
      for (const hit of this.findAll(text)) {
        if (offset >= hit.offset && offset <= hit.offset + hit.id.length) return hit;
      }
      return undefined;
    },
  };
}
