/**
 * The comment lexer's engine, shared by every language: the lexer state, the
 * handler tables and the code loop that drives them, interpolation holes,
 * and the primitives that skip comments and quoted literals.
 *
 * One forward pass over UTF-16 code units. Each language has a table from
 * ASCII code to handler; an ordinary character costs one table lookup, and
 * only characters that can open a comment, a string or another construct
 * that hides comment markers call a handler. A handler returns the index
 * just after what it consumed (or -1: "not mine, treat as an ordinary
 * character"), so every step moves forward and no input can make the lexer
 * loop. Unterminated constructs run to the end of the line or of the file,
 * as the language itself would read them. Nothing recurses with the input:
 * string interpolations (`${…}`, `#{…}`, `\(…)`, `$(…)`) and JSX push a
 * frame on an explicit stack and the code loop pops it at the closing brace.
 *
 * Imports: the other lexer modules bind what they use from this file and
 * from `commonSyntax.ts` to local constants once (`const { DQ, quoted } =
 * scanner`) rather than importing the names. Under tsx, which runs the tests
 * and scripts, every use of a named import goes through two getters, and that
 * made the per-character loops two to four times slower. The esbuild bundle
 * runs at the same speed either way.
 */

import type { CommentSpan } from '../../types';

export const TAB = 9, LF = 10, VT = 11, FF = 12, CR = 13, SP = 32, BANG = 33, DQ = 34, HASH = 35, DOLLAR = 36;
export const PERCENT = 37, AMP = 38, SQ = 39, LP = 40, RP = 41, STAR = 42, PLUS = 43, COMMA = 44, DASH = 45;
export const DOT = 46, SLASH = 47, COLON = 58, SEMI = 59, LT = 60, EQ = 61, GT = 62, QM = 63, AT = 64;
export const LB = 91, BSL = 92, RB = 93, US = 95, BT = 96, LC = 123, PIPE = 124, RC = 125, TILDE = 126;
export const BOM = 0xfeff;
export const NO_ESCAPE = -1;

/** Lexer state for one range of one document. */
export interface Lx {
  readonly text: string;
  readonly begin: number;
  readonly end: number;
  readonly spans: CommentSpan[];
  /** Open interpolation holes and JSX expressions, innermost last. */
  readonly holes: Hole[];
  /** Bodies (heredocs, YAML block scalars) that start on the next line. */
  readonly pending: BodySkipper[];
  /** Start of the current (logical) line, kept only by languages that need it. */
  lineStart: number;
  /** Set by a handler to end this range early (PHP `?>`). */
  stop: boolean;
}

/** Consumes a construct at `i`; returns the index after it, or -1 when it does not apply. */
export type Handler = (lx: Lx, i: number) => number;
/** Skips a body that starts at `lineStart`; returns where code resumes. */
export type BodySkipper = (lx: Lx, lineStart: number) => number;
/** Handlers by ASCII code. */
export type Table = ReadonlyArray<Handler | undefined>;
/** Lexes the range of `lx`: a code loop over a table, or a custom loop (markup). */
export type Runner = (lx: Lx) => void;

interface Hole {
  readonly open: number;
  readonly close: number;
  depth: number;
  /** Continues the enclosing string (or JSX) just after the closing character. */
  readonly resume: Handler;
  /** Set for `{…}` fields (Python, C#), where a top-level `:` starts a literal format spec. */
  readonly formatOf?: Str;
}

/** Lexes `text` from `begin` to `end` with `runner`, appending to `spans`: a whole document, or a region embedded in one. */
export function lexRange(text: string, begin: number, end: number, runner: Runner, spans: CommentSpan[]): void {
  runner({ text, begin, end, spans, holes: [], pending: [], lineStart: begin, stop: false });
}

// ---------------------------------------------------------------- engine

/**
 * Per table, a regular expression matching any character that has a
 * handler. Outside interpolation holes nothing else matters to the code
 * loop, so it jumps from one such character to the next with the regex
 * engine's native scan instead of looking at every character in turn: most
 * of a source file is ordinary characters.
 */
const SKIPPERS = new WeakMap<Table, RegExp>();

function skipperOf(table: Table): RegExp {
  let re = SKIPPERS.get(table);
  if (!re) {
    const chars = table.flatMap((h, c) => (h === undefined ? [] : [`\\x${c.toString(16).padStart(2, '0')}`]));
    // A table without handlers matches nothing: `[^\s\S]`.
    re = new RegExp(chars.length > 0 ? `[${chars.join('')}]` : '[^\\s\\S]', 'g');
    SKIPPERS.set(table, re);
  }
  return re;
}

/** Runs the code loop from `i` with `table`; returns where it stopped (the range end, or after PHP `?>`). */
export function runCode(lx: Lx, i: number, table: Table): number {
  const { text, end, holes } = lx;
  const skipper = skipperOf(table);
  while (i < end) {
    if (holes.length === 0) {
      // `test` leaves lastIndex just after the match and, unlike `exec`, allocates nothing.
      skipper.lastIndex = i;
      if (!skipper.test(text)) return end;
      i = skipper.lastIndex - 1;
      if (i >= end) return end;
    }
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (holes.length !== 0) {
        const hole = holes[holes.length - 1];
        if (c === hole.close) {
          if (hole.depth === 0) {
            holes.pop();
            i = Math.max(hole.resume(lx, i + 1), i + 1);
            continue;
          }
          hole.depth--;
        } else if (c === hole.open) {
          hole.depth++;
        } else if (c === COLON && hole.formatOf !== undefined && hole.depth === 0) {
          holes.pop();
          i = formatSpec(lx, i + 1, hole.formatOf);
          continue;
        }
      }
      const handler = table[c];
      if (handler !== undefined) {
        const next = handler(lx, i);
        if (lx.stop) return next;
        i = next > i ? next : i + 1;
        continue;
      }
    }
    i++;
  }
  return end;
}

/** A runner that lexes its whole range as code with `table`. */
export const code = (table: Table): Runner => (lx) => void runCode(lx, lx.begin, table);

/** Builds a handler table; several handlers for one character are tried in order. */
export function table(entries: Record<string, Handler | Handler[]>): Table {
  const out: Array<Handler | undefined> = new Array(128).fill(undefined);
  for (const [chars, entry] of Object.entries(entries)) {
    const handlers = Array.isArray(entry) ? entry : [entry];
    const handler: Handler =
      handlers.length === 1
        ? handlers[0]
        : (lx, i) => {
            for (const h of handlers) {
              const r = h(lx, i);
              if (r >= 0) return r;
            }
            return -1;
          };
    for (const ch of chars) out[ch.charCodeAt(0)] = handler;
  }
  return out;
}

/** Records a comment span; empty spans are dropped. */
export function push(lx: Lx, start: number, end: number): void {
  if (end > start) lx.spans.push({ start, end });
}

/** Opens an interpolation hole (or JSX expression) closed by `close`; `resume` continues after it. */
export function pushHole(lx: Lx, open: number, close: number, resume: Handler, formatOf?: Str): void {
  lx.holes.push({ open, close, depth: 0, resume, formatOf });
}

/**
 * The format spec of a `{value:spec}` field, up to the `}` that closes the
 * field, then the rest of the string `outer`. The spec is text (`{x:#x}`),
 * except for nested `{…}` fields.
 */
function formatSpec(lx: Lx, i: number, outer: Str): number {
  const { text, end } = lx;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === LC) {
      pushHole(lx, LC, RC, (l, j) => formatSpec(l, j, outer));
      return i + 1;
    }
    if (c === RC) return scanStr(lx, i + 1, outer);
    if (isNewline(c) && !outer.multiline) return i;
  }
  return end;
}

// ---------------------------------------------------------------- character classes

export function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === US || (c >= 128 && c !== BOM);
}
export function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
export function isBlank(c: number): boolean {
  return c === SP || c === TAB || c === VT || c === FF || c === BOM;
}
export function isNewline(c: number): boolean {
  return c === LF || c === CR;
}

// ---------------------------------------------------------------- primitives

/** Index of the line break at or after `i`, or the end of the range. */
export function lineEnd(lx: Lx, i: number): number {
  const { text, end } = lx;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
    i++;
  }
  return end;
}

/** Index just after the line break at or after `i` (CRLF counts as one). */
export function nextLine(lx: Lx, i: number): number {
  i = lineEnd(lx, i);
  if (i >= lx.end) return lx.end;
  return lx.text.charCodeAt(i) === CR && lx.text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

/** A comment from `i` to the end of the line. */
export function lineComment(lx: Lx, i: number): number {
  const e = lineEnd(lx, i);
  push(lx, i, e);
  return e;
}

/** A line comment that a backslash before the line break continues (C, make). */
export function splicedLineComment(lx: Lx, i: number): number {
  let e = lineEnd(lx, i);
  while (e < lx.end && lx.text.charCodeAt(e - 1) === BSL && e - 1 > i) e = lineEnd(lx, nextLine(lx, e));
  push(lx, i, e);
  return e;
}

/** Index after the first `close` at or after `i`, or the end of the range. */
export function skipTo(lx: Lx, i: number, close: string): number {
  const k = lx.text.indexOf(close, i);
  return k < 0 || k + close.length > lx.end ? lx.end : k + close.length;
}

/** A non-nesting block comment opened at `i` by `openLength` characters. */
export function block(lx: Lx, i: number, openLength: number, close: string): number {
  const e = skipTo(lx, i + openLength, close);
  push(lx, i, e);
  return e;
}

/** A nesting block comment with two-character delimiters, opened at `i`. */
export function nestedBlock(lx: Lx, i: number, open: string, close: string): number {
  const { text, end } = lx;
  const o1 = open.charCodeAt(0), o2 = open.charCodeAt(1), c1 = close.charCodeAt(0), c2 = close.charCodeAt(1);
  let depth = 0;
  let j = i;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === o1 && text.charCodeAt(j + 1) === o2) {
      depth++;
      j += 2;
    } else if (c === c1 && text.charCodeAt(j + 1) === c2) {
      j += 2;
      if (--depth === 0) break;
    } else {
      j++;
    }
  }
  j = Math.min(j, end);
  push(lx, i, j);
  return j;
}

/**
 * Skips a quoted literal whose body starts at `i`; returns the index after
 * the closing quote. `esc` escapes the next character (NO_ESCAPE for none),
 * `doubled` makes two quotes stand for one, and a single-line literal stops
 * before an unescaped line break.
 */
export function quoted(lx: Lx, i: number, q: number, esc: number, doubled: boolean, multiline: boolean): number {
  const { text, end } = lx;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === q) {
      if (doubled && text.charCodeAt(i + 1) === q) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (c === esc) {
      i += text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF ? 3 : 2;
      continue;
    }
    if (!multiline && (c === LF || c === CR)) return i;
    i++;
  }
  return end;
}

/** Index of the first character at or after `i` that is not a blank. */
export function skipBlanks(lx: Lx, i: number): number {
  while (i < lx.end && isBlank(lx.text.charCodeAt(i))) i++;
  return i;
}

// ---------------------------------------------------------------- strings with interpolation

/** Interpolation syntaxes: how a hole opens inside a string. */
export const enum HoleKind {
  None,
  /** `${` (JS, Kotlin, Groovy, Dart, Scala) */
  DollarBrace,
  /** `{`, with `{{` as a literal brace (C#, Python f-strings) */
  Brace,
  /** `#{` (Ruby, Elixir) */
  HashBrace,
  /** `\(` (Swift) */
  BackslashParen,
  /** `$(` (Julia, PowerShell) */
  DollarParen,
  /** `$(`, `${` and backquotes (POSIX shell) */
  Shell,
  /** `{$` and `${` (PHP) */
  Php,
  /** `${` and `%{` (HCL) */
  Hcl,
}

/** How a language's string literal of one kind is written. */
export interface StrKind {
  readonly q: number;
  /** Closed by three quotes. */
  readonly triple?: boolean;
  /** Quotes before a triple close are content (`""""` ends with one `"` of text). */
  readonly greedy?: boolean;
  readonly esc?: number;
  readonly doubled?: boolean;
  readonly multiline?: boolean;
  readonly hole?: HoleKind;
  /** `$$` is a literal dollar (Scala, HCL). */
  readonly dollarEscape?: boolean;
}

/** A string kind with its resume handler, created once per language. */
export interface Str extends StrKind {
  readonly resume: Handler;
}

export function str(kind: StrKind): Str {
  const s: Str = { ...kind, resume: (lx, i) => scanStr(lx, i, s) };
  return s;
}

/** Skips a string body starting at `i`; may stop after a hole opener, having pushed the hole. */
export function scanStr(lx: Lx, i: number, k: Str): number {
  const { text, end } = lx;
  const q = k.q, esc = k.esc ?? NO_ESCAPE, hole = k.hole ?? HoleKind.None;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === q) {
      if (k.triple) {
        if (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
          i += 3;
          if (k.greedy) while (i < end && text.charCodeAt(i) === q) i++;
          return Math.min(i, end);
        }
      } else if (k.doubled && text.charCodeAt(i + 1) === q) {
        i++;
      } else {
        return i + 1;
      }
    } else if (c === esc) {
      if (hole === HoleKind.BackslashParen && text.charCodeAt(i + 1) === LP) {
        pushHole(lx, LP, RP, k.resume);
        return i + 2;
      }
      i += text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF ? 2 : 1;
    } else if (c === LF || c === CR) {
      if (!k.multiline) return i;
    } else if (hole !== HoleKind.None) {
      const n = text.charCodeAt(i + 1);
      switch (hole) {
        case HoleKind.DollarBrace:
        case HoleKind.Hcl:
          if ((c === DOLLAR || (c === PERCENT && hole === HoleKind.Hcl)) && n === LC) {
            pushHole(lx, LC, RC, k.resume);
            return i + 2;
          }
          if (c === DOLLAR && n === DOLLAR && k.dollarEscape) i++;
          break;
        case HoleKind.Brace:
          if (c === LC) {
            if (n !== LC) {
              pushHole(lx, LC, RC, k.resume, k);
              return i + 1;
            }
            i++;
          }
          break;
        case HoleKind.HashBrace:
          if (c === HASH && n === LC) {
            pushHole(lx, LC, RC, k.resume);
            return i + 2;
          }
          break;
        case HoleKind.DollarParen:
          if (c === DOLLAR && n === LP) {
            pushHole(lx, LP, RP, k.resume);
            return i + 2;
          }
          break;
        case HoleKind.Shell:
          if (c === DOLLAR && (n === LP || n === LC)) {
            pushHole(lx, n, n === LP ? RP : RC, k.resume);
            return i + 2;
          }
          if (c === BT) i = quoted(lx, i + 1, BT, BSL, false, true) - 1;
          break;
        case HoleKind.Php:
          if ((c === LC && n === DOLLAR) || (c === DOLLAR && n === LC)) {
            pushHole(lx, LC, RC, k.resume);
            return c === LC ? i + 1 : i + 2;
          }
          break;
      }
    }
    i++;
  }
  return end;
}

