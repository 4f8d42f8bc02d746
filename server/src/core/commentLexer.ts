/**
 * The comment lexer: finds the comments of a source file, so that the
 * reference scanner looks for requirement IDs only where people write prose
 * and never inside string literals.
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
 * Spans include their delimiters (`//`, `#`, `/*` … `*\/`, `<!--` … `-->`)
 * and a line comment ends before its line break (LF, CRLF or a lone CR).
 *
 * Not modelled (each would need a parser or costs more than it brings):
 * Ruby `%` literals and Perl quote-like operators are handled but their
 * interpolations are not; `#{…}` holes in Ruby regexps; Swift regex literals;
 * C# raw string interpolation holes; SQL dollar-quoted bodies (`$$ … $$`) are
 * lexed as SQL, so comments in function bodies are found; MySQL `#` comments;
 * Scheme `#;` datum comments; Svelte `{…}` markup expressions.
 */

import type { CommentSpan } from './types';
import { languageForPath, type CommentFamily, type LanguageInfo } from './languages';

const TAB = 9, LF = 10, VT = 11, FF = 12, CR = 13, SP = 32, BANG = 33, DQ = 34, HASH = 35, DOLLAR = 36;
const PERCENT = 37, AMP = 38, SQ = 39, LP = 40, RP = 41, STAR = 42, PLUS = 43, COMMA = 44, DASH = 45;
const DOT = 46, SLASH = 47, COLON = 58, SEMI = 59, LT = 60, EQ = 61, GT = 62, QM = 63, AT = 64;
const LB = 91, BSL = 92, RB = 93, US = 95, BT = 96, LC = 123, PIPE = 124, RC = 125, TILDE = 126;
const BOM = 0xfeff;
const NO_ESCAPE = -1;

/** Lexer state for one range of one document. */
interface Lx {
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
type Handler = (lx: Lx, i: number) => number;
/** Skips a body that starts at `lineStart`; returns where code resumes. */
type BodySkipper = (lx: Lx, lineStart: number) => number;
type Table = ReadonlyArray<Handler | undefined>;
type Runner = (lx: Lx) => void;

interface Hole {
  readonly open: number;
  readonly close: number;
  depth: number;
  /** Continues the enclosing string (or JSX) just after the closing character. */
  readonly resume: Handler;
  /** Set for `{…}` fields (Python, C#), where a top-level `:` starts a literal format spec. */
  readonly formatOf?: Str;
}

/**
 * Returns the comment spans of `text`, in document order. `language` is a
 * `LanguageInfo`, a language id, or a file path; an unknown language gives
 * no spans. Never throws.
 */
export function lexComments(text: string, language: LanguageInfo | string): CommentSpan[] {
  const spans: CommentSpan[] = [];
  const runner = runnerFor(language);
  if (runner) lexRange(text, 0, text.length, runner, spans);
  return spans;
}

function runnerFor(language: LanguageInfo | string): Runner | undefined {
  if (typeof language !== 'string') return RUNNERS.get(language.id) ?? FAMILY_RUNNERS[language.family];
  const byId = RUNNERS.get(language);
  if (byId) return byId;
  const info = languageForPath(language);
  return info && runnerFor(info);
}

function lexRange(text: string, begin: number, end: number, runner: Runner, spans: CommentSpan[]): void {
  runner({ text, begin, end, spans, holes: [], pending: [], lineStart: begin, stop: false });
}

// ---------------------------------------------------------------- engine

function runCode(lx: Lx, i: number, table: Table): number {
  const { text, end, holes } = lx;
  while (i < end) {
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

const code = (table: Table): Runner => (lx) => void runCode(lx, lx.begin, table);

/** Builds a handler table; several handlers for one character are tried in order. */
function table(entries: Record<string, Handler | Handler[]>): Table {
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

function push(lx: Lx, start: number, end: number): void {
  if (end > start) lx.spans.push({ start, end });
}

function pushHole(lx: Lx, open: number, close: number, resume: Handler, formatOf?: Str): void {
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

function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === US || (c >= 128 && c !== BOM);
}
function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isBlank(c: number): boolean {
  return c === SP || c === TAB || c === VT || c === FF || c === BOM;
}
function isNewline(c: number): boolean {
  return c === LF || c === CR;
}

// ---------------------------------------------------------------- primitives

function lineEnd(lx: Lx, i: number): number {
  const { text, end } = lx;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
    i++;
  }
  return end;
}

/** Index just after the line break at or after `i` (CRLF counts as one). */
function nextLine(lx: Lx, i: number): number {
  i = lineEnd(lx, i);
  if (i >= lx.end) return lx.end;
  return lx.text.charCodeAt(i) === CR && lx.text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

function lineComment(lx: Lx, i: number): number {
  const e = lineEnd(lx, i);
  push(lx, i, e);
  return e;
}

/** A line comment that a backslash before the line break continues (C, make). */
function splicedLineComment(lx: Lx, i: number): number {
  let e = lineEnd(lx, i);
  while (e < lx.end && lx.text.charCodeAt(e - 1) === BSL && e - 1 > i) e = lineEnd(lx, nextLine(lx, e));
  push(lx, i, e);
  return e;
}

/** Index after the first `close` at or after `i`, or the end of the range. */
function skipTo(lx: Lx, i: number, close: string): number {
  const k = lx.text.indexOf(close, i);
  return k < 0 || k + close.length > lx.end ? lx.end : k + close.length;
}

/** A non-nesting block comment opened at `i` by `openLength` characters. */
function block(lx: Lx, i: number, openLength: number, close: string): number {
  const e = skipTo(lx, i + openLength, close);
  push(lx, i, e);
  return e;
}

/** A nesting block comment with two-character delimiters, opened at `i`. */
function nestedBlock(lx: Lx, i: number, open: string, close: string): number {
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
function quoted(lx: Lx, i: number, q: number, esc: number, doubled: boolean, multiline: boolean): number {
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

/** Interpolation syntaxes: how a hole opens inside a string. */
const enum HoleKind {
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

interface StrKind {
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
interface Str extends StrKind {
  readonly resume: Handler;
}

function str(kind: StrKind): Str {
  const s: Str = { ...kind, resume: (lx, i) => scanStr(lx, i, s) };
  return s;
}

/** Skips a string body starting at `i`; may stop after a hole opener, having pushed the hole. */
function scanStr(lx: Lx, i: number, k: Str): number {
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

/** The identifier characters just before `i` (a string prefix such as `r`, `rb`, `u8R`). */
function wordBefore(lx: Lx, i: number): string {
  let j = i;
  while (j > lx.begin && isIdent(lx.text.charCodeAt(j - 1))) j--;
  return lx.text.slice(j, i);
}

/** Index of the last character before `i` that is neither white space nor in a comment, or -1. */
function prevSignificant(lx: Lx, i: number): number {
  const { text, spans } = lx;
  let s = spans.length - 1;
  let j = i - 1;
  while (j >= lx.begin) {
    const c = text.charCodeAt(j);
    if (isBlank(c) || isNewline(c)) {
      j--;
      continue;
    }
    while (s >= 0 && spans[s].end > j + 1) s--;
    if (s >= 0 && spans[s].end === j + 1 && spans[s].start >= lx.begin) {
      j = spans[s].start - 1;
      s--;
      continue;
    }
    return j;
  }
  return -1;
}

/**
 * Whether an operand (a regex literal, a JSX element, a `%w[]` literal) can
 * start at `i`: the previous token is an operator, an opening bracket, a
 * keyword in `keywords`, or nothing. After a name, a number, a closing
 * bracket or a string, `/` and `<` are operators.
 */
function operandMayStart(lx: Lx, i: number, keywords: ReadonlySet<string>): boolean {
  const j = prevSignificant(lx, i);
  if (j < 0) return true;
  const c = lx.text.charCodeAt(j);
  if (c === RP || c === RB || c === DQ || c === SQ || c === BT) return false;
  if ((c === PLUS || c === DASH) && lx.text.charCodeAt(j - 1) === c) return false; // `i++ < n`: postfix, an operand ended
  if (isIdent(c)) {
    const word = wordBefore(lx, j + 1);
    const sigil = lx.text.charCodeAt(j - word.length);
    return sigil !== DOLLAR && sigil !== AT && keywords.has(word); // `$x / 2`: a variable, not the `x` operator
  }
  return true;
}

/** True when only blanks stand between the start of the line and `i`. */
function atLineStart(lx: Lx, i: number): boolean {
  for (let j = i - 1; j >= lx.begin; j--) {
    const c = lx.text.charCodeAt(j);
    if (isNewline(c)) return true;
    if (!isBlank(c)) return false;
  }
  return true;
}

/** The character before `i` on the same line, skipping blanks; -1 at the line start. */
function prevOnLine(lx: Lx, i: number): number {
  for (let j = i - 1; j >= lx.begin; j--) {
    const c = lx.text.charCodeAt(j);
    if (isNewline(c)) return -1;
    if (!isBlank(c)) return c;
  }
  return -1;
}

/**
 * Regex literal body from `i` (after the opening slash) to after the closing
 * slash and flags. Only Perl regexes (`/x` mode) may span lines.
 */
function regexBody(lx: Lx, i: number, multiline = false): number {
  const { text, end } = lx;
  let inClass = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if ((c === LF || c === CR) && !multiline) return i;
    if (c === BSL) {
      i += isNewline(text.charCodeAt(i + 1)) ? 1 : 2;
      continue;
    }
    if (inClass) {
      if (c === RB) inClass = false;
    } else if (c === LB) {
      inClass = true;
    } else if (c === SLASH) {
      return skipFlags(lx, i + 1);
    }
    i++;
  }
  return end;
}

/** Regex flags after a closing delimiter (`/x/gi`, `s{a}{b}gex`): letters, not a new word. */
function skipFlags(lx: Lx, i: number): number {
  while (i < lx.end && isAlpha(lx.text.charCodeAt(i))) i++;
  return i;
}

function closerOf(c: number): number {
  return c === LP ? RP : c === LB ? RB : c === LC ? RC : c === LT ? GT : c;
}

/** A literal with a chosen delimiter at `i` (`%w[..]`, `q{..}`, `~r/../`); brackets nest. */
function delimited(lx: Lx, i: number): number {
  const { text, end } = lx;
  const open = text.charCodeAt(i);
  const close = closerOf(open);
  if (close === open) return quoted(lx, i + 1, open, BSL, false, true);
  let depth = 0;
  for (let j = i; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === BSL) j++;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return end;
}

/**
 * A character literal at `i` (`'a'`, `'\n'`, `'\u{1F600}'`), or -1 when the
 * quote starts something else (a Rust lifetime, a Scala symbol, a TH name).
 */
function charLiteral(lx: Lx, i: number): number {
  const { text } = lx;
  const n = text.charCodeAt(i + 1);
  if (n === BSL) {
    for (let j = i + 3; j < lx.end && j < i + 14; j++) {
      const c = text.charCodeAt(j);
      if (c === SQ) return j + 1;
      if (isNewline(c)) break;
    }
    return -1;
  }
  if (isNewline(n) || i + 2 >= lx.end) return -1;
  if (text.charCodeAt(i + 2) === SQ) return i + 3;
  if (n >= 0xd800 && n <= 0xdbff && text.charCodeAt(i + 3) === SQ) return i + 4;
  return -1;
}

/**
 * Heredoc body from `i` (a line start) through the line holding only `id`
 * (after blanks when `indented`); returns the index after `id`. With
 * `wholeLine` false, `id` only has to be followed by a non-word character.
 */
function heredocBody(lx: Lx, i: number, id: string, indented: boolean, wholeLine: boolean): number {
  const { text, end } = lx;
  while (i < end) {
    let j = i;
    if (indented) while (j < end && isBlank(text.charCodeAt(j))) j++;
    if (text.startsWith(id, j)) {
      const after = j + id.length;
      if (wholeLine ? lineEnd(lx, after) === skipBlanks(lx, after) : !isIdent(text.charCodeAt(after))) return Math.min(after, end);
    }
    i = nextLine(lx, i);
  }
  return end;
}

function skipBlanks(lx: Lx, i: number): number {
  while (i < lx.end && isBlank(lx.text.charCodeAt(i))) i++;
  return i;
}

/**
 * Reads a heredoc opener's delimiter word at `i` (quoted or bare); returns
 * the word and the index after it, or undefined.
 */
function heredocWord(lx: Lx, i: number, bareMustBeUpper: boolean): { id: string; next: number } | undefined {
  const { text, end } = lx;
  const q = text.charCodeAt(i);
  if (q === SQ || q === DQ || q === BT) {
    // Delimiters are short words; giving up early keeps long lines linear.
    for (let j = i + 1; j < end && j < i + 64; j++) {
      const c = text.charCodeAt(j);
      if (c === q) return j > i + 1 ? { id: text.slice(i + 1, j), next: j + 1 } : undefined;
      if (isNewline(c)) break;
    }
    return undefined;
  }
  if (!(isAlpha(q) || q === US) || (bareMustBeUpper && !(q === US || (q >= 65 && q <= 90)))) return undefined;
  let j = i;
  while (j < end && isIdent(text.charCodeAt(j))) j++;
  return { id: text.slice(i, j), next: j };
}

/** Line-break handler: runs the bodies (heredocs, block scalars) announced on the line just ended. */
const newline: Handler = (lx, i) => {
  lx.lineStart = nextLine(lx, i);
  if (lx.pending.length === 0) return lx.lineStart;
  let j = lx.lineStart;
  for (let k = 0; k < lx.pending.length; k++) {
    if (k > 0) j = nextLine(lx, j);
    j = lx.pending[k](lx, j);
  }
  lx.pending.length = 0;
  lx.lineStart = j;
  return j;
};

function onNextLine(lx: Lx, skipper: BodySkipper): void {
  lx.pending.push(skipper);
}

/** A backslash escapes the next character (a backslash-newline joins lines). */
const skipEscaped: Handler = (lx, i) =>
  i + (lx.text.charCodeAt(i + 1) === CR && lx.text.charCodeAt(i + 2) === LF ? 3 : 2);

// ---------------------------------------------------------------- C family

function slashComments(nested: boolean, spliced: boolean): Handler {
  return (lx, i) => {
    const n = lx.text.charCodeAt(i + 1);
    if (n === SLASH) return spliced ? splicedLineComment(lx, i) : lineComment(lx, i);
    if (n === STAR) return nested ? nestedBlock(lx, i, '/*', '*/') : block(lx, i, 2, '*/');
    return -1;
  };
}
const slashC = slashComments(false, false);
const slashSpliced = slashComments(false, true);
const slashNested = slashComments(true, false);
const blockOnly: Handler = (lx, i) => (lx.text.charCodeAt(i + 1) === STAR ? block(lx, i, 2, '*/') : -1);

const quote1 = (q: number, esc = BSL): Handler => (lx, i) => quoted(lx, i + 1, q, esc, false, false);
const quoteN = (q: number, esc = BSL): Handler => (lx, i) => quoted(lx, i + 1, q, esc, false, true);
const doubled1 = (q: number): Handler => (lx, i) => quoted(lx, i + 1, q, NO_ESCAPE, true, false);
const doubledN = (q: number): Handler => (lx, i) => quoted(lx, i + 1, q, NO_ESCAPE, true, true);
const dq1 = quote1(DQ), sq1 = quote1(SQ), dqN = quoteN(DQ), sqN = quoteN(SQ);
const backtickRaw1 = quote1(BT, NO_ESCAPE);

const isTriple = (lx: Lx, i: number): boolean =>
  lx.text.charCodeAt(i + 1) === lx.text.charCodeAt(i) && lx.text.charCodeAt(i + 2) === lx.text.charCodeAt(i);

/** `"""` strings closed by `"""`, else single-line `"` strings: Java text blocks, GraphQL. */
function tripleOr(triple: Str, single: Str): Handler {
  return (lx, i) => (isTriple(lx, i) ? scanStr(lx, i + 3, triple) : scanStr(lx, i + 1, single));
}

/** C and C++ character literals, except C++14/C23 digit separators (`1'000'000`). */
const cChar: Handler = (lx, i) => {
  const w = wordBefore(lx, i);
  if (w.length > 0 && isDigit(w.charCodeAt(0))) return i + 1;
  return quoted(lx, i + 1, SQ, BSL, false, false);
};

/** C++ strings, including raw strings `R"delim( … )delim"`. */
const cppString: Handler = (lx, i) => {
  const w = wordBefore(lx, i);
  if (w === 'R' || w === 'u8R' || w === 'uR' || w === 'UR' || w === 'LR') {
    const { text } = lx;
    let j = i + 1;
    while (j < lx.end && j - i <= 17 && text.charCodeAt(j) !== LP) {
      const c = text.charCodeAt(j);
      if (c === RP || c === BSL || c === DQ || isBlank(c) || isNewline(c)) break;
      j++;
    }
    if (text.charCodeAt(j) === LP) return skipTo(lx, j + 1, `)${text.slice(i + 1, j)}"`);
  }
  return quoted(lx, i + 1, DQ, BSL, false, false);
};

const C_TABLE = table({ '/': slashSpliced, '"': dq1, "'": cChar });
const CPP_TABLE = table({ '/': slashSpliced, '"': cppString, "'": cChar });

const CS_REGULAR = str({ q: DQ, esc: BSL });
const CS_VERBATIM = str({ q: DQ, doubled: true, multiline: true });
const CS_INTERP = str({ q: DQ, esc: BSL, hole: HoleKind.Brace });
const CS_INTERP_VERBATIM = str({ q: DQ, doubled: true, multiline: true, hole: HoleKind.Brace });

/** C# strings: regular, verbatim `@"…"`, interpolated `$"…{x}…"`, and raw `"""…"""`. */
const csString: Handler = (lx, i) => {
  const { text, end } = lx;
  let n = i;
  while (n < end && text.charCodeAt(n) === DQ) n++;
  if (n - i >= 3) return skipTo(lx, n, '"'.repeat(n - i));
  let verbatim = false, interpolated = false;
  for (let j = i - 1; j >= lx.begin; j--) {
    const c = text.charCodeAt(j);
    if (c === AT) verbatim = true;
    else if (c === DOLLAR) interpolated = true;
    else break;
  }
  const kind = interpolated ? (verbatim ? CS_INTERP_VERBATIM : CS_INTERP) : verbatim ? CS_VERBATIM : CS_REGULAR;
  return scanStr(lx, i + 1, kind);
};
const CSHARP_TABLE = table({ '/': slashC, '"': csString, "'": sq1 });

const JAVA_TEXT_BLOCK = str({ q: DQ, triple: true, esc: BSL, multiline: true });
const JAVA_STRING = str({ q: DQ, esc: BSL });
const JAVA_TABLE = table({ '/': slashC, '"': tripleOr(JAVA_TEXT_BLOCK, JAVA_STRING), "'": sq1 });

const JS_KEYWORDS: ReadonlySet<string> = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);
const TEMPLATE = str({ q: BT, esc: BSL, multiline: true, hole: HoleKind.DollarBrace });

const jsSlash: Handler = (lx, i) => {
  const r = slashC(lx, i);
  if (r >= 0) return r;
  return operandMayStart(lx, i, JS_KEYWORDS) ? regexBody(lx, i + 1) : -1;
};

const JSX_CHILDREN = 0, JSX_OPEN_TAG = 1, JSX_CLOSE_TAG = 2;

/** A JSX element at `i` (just after `<`), unless the `<` is a comparison or a TSX type parameter list. */
const jsxElement: Handler = (lx, i) => {
  const { text, end } = lx;
  const n = text.charCodeAt(i + 1);
  if (n !== GT && !(isAlpha(n) || n === US || n === DOLLAR)) return -1;
  if (text.charCodeAt(i - 1) === LT || !operandMayStart(lx, i, JS_KEYWORDS)) return -1; // `1<<k` is a shift
  if (n !== GT) {
    let j = i + 1;
    while (j < end && (isIdent(text.charCodeAt(j)) || text.charCodeAt(j) === DOT || text.charCodeAt(j) === DOLLAR)) j++;
    while (j < end && (isBlank(text.charCodeAt(j)) || isNewline(text.charCodeAt(j)))) j++;
    if (text.charCodeAt(j) === COMMA) return -1; // `<T,>(x) => x`
    if (text.startsWith('extends', j) && !isIdent(text.charCodeAt(j + 7))) return -1; // `<T extends U>(x) => x`
  }
  return jsx(lx, i + 1, 0, JSX_OPEN_TAG);
};

/**
 * JSX from `i` in `mode`, with `depth` elements open. Text between tags is
 * not code (`<p>Don't</p>`); `{…}` and attribute braces are code holes.
 */
function jsx(lx: Lx, i: number, depth: number, mode: number): number {
  const { text, end } = lx;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (mode === JSX_CHILDREN) {
      if (c === LC) {
        const d = depth;
        pushHole(lx, LC, RC, (l, j) => jsx(l, j, d, JSX_CHILDREN));
        return i + 1;
      }
      if (c === LT) {
        mode = text.charCodeAt(i + 1) === SLASH ? JSX_CLOSE_TAG : JSX_OPEN_TAG;
        i += mode === JSX_CLOSE_TAG ? 2 : 1;
        continue;
      }
    } else if (c === DQ || c === SQ) {
      i = quoted(lx, i + 1, c, NO_ESCAPE, false, true);
      continue;
    } else if (c === LC) {
      const d = depth, m = mode;
      pushHole(lx, LC, RC, (l, j) => jsx(l, j, d, m));
      return i + 1;
    } else if (c === SLASH) {
      const n = text.charCodeAt(i + 1);
      if (n === GT) {
        if (depth === 0) return i + 2;
        mode = JSX_CHILDREN;
        i += 2;
        continue;
      }
      const r = slashC(lx, i);
      if (r >= 0) {
        i = r;
        continue;
      }
    } else if (c === GT) {
      depth += mode === JSX_CLOSE_TAG ? -1 : 1;
      if (depth <= 0) return i + 1;
      mode = JSX_CHILDREN;
    }
    i++;
  }
  return end;
}

const JS_ENTRIES = { '/': jsSlash, '"': dq1, "'": sq1, '`': (lx: Lx, i: number) => scanStr(lx, i + 1, TEMPLATE) };
const TS_TABLE = table(JS_ENTRIES);
const JSX_TABLE = table({ ...JS_ENTRIES, '<': jsxElement });

const GO_TABLE = table({ '/': slashC, '"': dq1, "'": sq1, '`': quoteN(BT, NO_ESCAPE) });

const rustRawPrefix = (w: string): boolean => w === 'r' || w === 'br' || w === 'cr';
const RUST_TABLE = table({
  '/': slashNested,
  '"': (lx, i) => (rustRawPrefix(wordBefore(lx, i)) ? skipTo(lx, i + 1, '"') : quoted(lx, i + 1, DQ, BSL, false, true)),
  // r#"…"#: the hashes after `r` choose the closing delimiter.
  '#': (lx, i) => {
    if (!rustRawPrefix(wordBefore(lx, i))) return -1;
    let j = i;
    while (j < lx.end && lx.text.charCodeAt(j) === HASH) j++;
    return lx.text.charCodeAt(j) === DQ ? skipTo(lx, j + 1, '"' + '#'.repeat(j - i)) : -1;
  },
  "'": charLiteral, // else a lifetime or label: an ordinary character
});

const SWIFT_MULTI = str({ q: DQ, triple: true, esc: BSL, multiline: true, hole: HoleKind.BackslashParen });
const SWIFT_STRING = str({ q: DQ, esc: BSL, hole: HoleKind.BackslashParen });
const SWIFT_TABLE = table({
  '/': slashNested,
  '"': tripleOr(SWIFT_MULTI, SWIFT_STRING),
  // Extended delimiters #"…"# and #"""…"""#: escapes and holes need `\#`, so the body is raw to us.
  '#': (lx, i) => {
    let j = i;
    while (j < lx.end && lx.text.charCodeAt(j) === HASH) j++;
    if (lx.text.charCodeAt(j) !== DQ) return j;
    const quotes = isTriple(lx, j) ? '"""' : '"';
    return skipTo(lx, j + quotes.length, quotes + '#'.repeat(j - i));
  },
});

const KOTLIN_RAW = str({ q: DQ, triple: true, greedy: true, multiline: true, hole: HoleKind.DollarBrace });
const KOTLIN_STRING = str({ q: DQ, esc: BSL, hole: HoleKind.DollarBrace });
const KOTLIN_TABLE = table({ '/': slashNested, '"': tripleOr(KOTLIN_RAW, KOTLIN_STRING), "'": sq1, '`': backtickRaw1 });

const SCALA_RAW = str({ q: DQ, triple: true, greedy: true, multiline: true });
const SCALA_RAW_INTERP = str({ ...SCALA_RAW, hole: HoleKind.DollarBrace, dollarEscape: true });
const SCALA_STRING = str({ q: DQ, esc: BSL });
const SCALA_INTERP = str({ ...SCALA_STRING, hole: HoleKind.DollarBrace, dollarEscape: true });
const SCALA_TABLE = table({
  '/': slashNested,
  // An identifier glued to the quote is an interpolator: s"…${x}…", f"…", sql"…".
  '"': (lx, i) => {
    const interp = i > lx.begin && isIdent(lx.text.charCodeAt(i - 1));
    if (isTriple(lx, i)) return scanStr(lx, i + 3, interp ? SCALA_RAW_INTERP : SCALA_RAW);
    return scanStr(lx, i + 1, interp ? SCALA_INTERP : SCALA_STRING);
  },
  "'": charLiteral, // else a symbol literal ('sym)
  '`': backtickRaw1,
});

function dartQuote(q: number): Handler {
  const triple = str({ q, triple: true, esc: BSL, multiline: true, hole: HoleKind.DollarBrace });
  const single = str({ q, esc: BSL, hole: HoleKind.DollarBrace });
  const rawTriple = String.fromCharCode(q).repeat(3);
  return (lx, i) => {
    const raw = wordBefore(lx, i) === 'r';
    if (isTriple(lx, i)) return raw ? skipTo(lx, i + 3, rawTriple) : scanStr(lx, i + 3, triple);
    return raw ? quoted(lx, i + 1, q, NO_ESCAPE, false, false) : scanStr(lx, i + 1, single);
  };
}
const DART_TABLE = table({ '/': slashNested, '"': dartQuote(DQ), "'": dartQuote(SQ) });

const GROOVY_KEYWORDS: ReadonlySet<string> = new Set(['return', 'case', 'in', 'assert', 'else', 'new']);
const GROOVY_GSTRING_MULTI = str({ q: DQ, triple: true, esc: BSL, multiline: true, hole: HoleKind.DollarBrace });
const GROOVY_GSTRING = str({ q: DQ, esc: BSL, hole: HoleKind.DollarBrace });
const GROOVY_SQ_MULTI = str({ q: SQ, triple: true, esc: BSL, multiline: true });
const GROOVY_SQ = str({ q: SQ, esc: BSL });
const GROOVY_TABLE = table({
  '/': (lx, i) => {
    const r = slashC(lx, i);
    if (r >= 0) return r;
    // Slashy string /…/ where an operand can start.
    return operandMayStart(lx, i, GROOVY_KEYWORDS) ? quoted(lx, i + 1, SLASH, BSL, false, false) : -1;
  },
  '"': tripleOr(GROOVY_GSTRING_MULTI, GROOVY_GSTRING),
  "'": tripleOr(GROOVY_SQ_MULTI, GROOVY_SQ),
  $: (lx, i) => (lx.text.charCodeAt(i + 1) === SLASH ? skipTo(lx, i + 2, '/$') : -1), // dollar-slashy $/…/$
});

const OBJC_TABLE = C_TABLE;

/** `//` in Sass and Less, except in `url(//host/…)` and after `:` (`http://`). */
const cssLineComment: Handler = (lx, i) => {
  if (lx.text.charCodeAt(i + 1) !== SLASH) return -1;
  const p = lx.text.charCodeAt(i - 1);
  if (p === COLON || lx.text.slice(Math.max(lx.begin, i - 4), i).toLowerCase() === 'url(') return -1;
  return lineComment(lx, i);
};
const CSS_TABLE = table({ '/': blockOnly, '"': dq1, "'": sq1 });
const SCSS_TABLE = table({ '/': [blockOnly, cssLineComment], '"': dq1, "'": sq1 });
const PROTO_TABLE = table({ '/': slashC, '"': dq1, "'": sq1 });

// ---------------------------------------------------------------- PHP

/** PHP line comments end at the line break or at `?>`, whichever comes first. */
const phpLineComment: Handler = (lx, i) => {
  const { text } = lx;
  const e = lineEnd(lx, i);
  let j = i;
  while (j < e && !(text.charCodeAt(j) === QM && text.charCodeAt(j + 1) === GT)) j++;
  push(lx, i, j);
  return j;
};
const PHP_DQ = str({ q: DQ, esc: BSL, multiline: true, hole: HoleKind.Php });
const PHP_BT = str({ q: BT, esc: BSL, multiline: true, hole: HoleKind.Php });
const PHP_TABLE = table({
  '/': (lx, i) => {
    const n = lx.text.charCodeAt(i + 1);
    return n === SLASH ? phpLineComment(lx, i) : n === STAR ? block(lx, i, 2, '*/') : -1;
  },
  '#': (lx, i) => (lx.text.charCodeAt(i + 1) === LB ? -1 : phpLineComment(lx, i)), // `#[Attr]` is PHP 8 syntax
  "'": sqN,
  '"': (lx, i) => scanStr(lx, i + 1, PHP_DQ),
  '`': (lx, i) => scanStr(lx, i + 1, PHP_BT),
  // Heredoc <<<ID / <<<"ID" and nowdoc <<<'ID': the body starts on the next line.
  '<': (lx, i) => {
    if (!lx.text.startsWith('<<<', i)) return -1;
    const word = heredocWord(lx, skipBlanks(lx, i + 3), false);
    if (!word) return -1;
    return heredocBody(lx, nextLine(lx, word.next), word.id, true, false);
  },
  '?': (lx, i) => {
    if (lx.text.charCodeAt(i + 1) !== GT) return -1;
    lx.stop = true;
    return i + 2;
  },
});

/** PHP files are HTML with `<?php … ?>` islands. */
const phpRunner: Runner = (lx) => {
  const { text, end } = lx;
  let i = lx.begin;
  while (i < end) {
    let open = text.indexOf('<?', i);
    if (open < 0 || open >= end) open = end;
    if (open > i) lexRange(text, i, open, htmlRunner, lx.spans);
    if (open >= end) return;
    i = open + 2;
    if (text.slice(i, i + 3).toLowerCase() === 'php') i += 3;
    else if (text.charCodeAt(i) === EQ) i++;
    const island: Lx = { ...lx, begin: i, holes: [], pending: [], stop: false };
    i = runCode(island, i, PHP_TABLE);
  }
};

// ---------------------------------------------------------------- `#` family

function pyStrings(q: number): { plain: Str; f: Str; plain3: Str; f3: Str } {
  const plain = str({ q, esc: BSL });
  const plain3 = str({ q, triple: true, esc: BSL, multiline: true });
  return {
    plain,
    plain3,
    f: str({ ...plain, hole: HoleKind.Brace }),
    f3: str({ ...plain3, hole: HoleKind.Brace }),
  };
}
const PY_DQ = pyStrings(DQ), PY_SQ = pyStrings(SQ);

/** Python strings with any prefix; f-strings (and 3.14 t-strings) get `{…}` holes. */
const pyString: Handler = (lx, i) => {
  const kinds = lx.text.charCodeAt(i) === DQ ? PY_DQ : PY_SQ;
  const prefix = wordBefore(lx, i).toLowerCase();
  const f = prefix.length <= 3 && /^[rbfut]*$/.test(prefix) && /[ft]/.test(prefix);
  if (isTriple(lx, i)) return scanStr(lx, i + 3, f ? kinds.f3 : kinds.plain3);
  return scanStr(lx, i + 1, f ? kinds.f : kinds.plain);
};
const PYTHON_TABLE = table({ '#': lineComment, '"\'': pyString });

const RUBY_KEYWORDS: ReadonlySet<string> = new Set([
  'if', 'elsif', 'unless', 'while', 'until', 'when', 'and', 'or', 'not', 'return', 'then', 'do', 'in', 'case', 'puts', 'p',
]);
const RUBY_DQ = str({ q: DQ, esc: BSL, multiline: true, hole: HoleKind.HashBrace });
const RUBY_BT = str({ q: BT, esc: BSL, multiline: true, hole: HoleKind.HashBrace });

/** `=begin` … `=end` at column 0 (Ruby), and POD `=pod` … `=cut` (Perl): the span runs to the end of the closing line. */
function lineBlock(start: RegExp, close: string): Handler {
  return (lx, i) => {
    if (i > lx.begin && !isNewline(lx.text.charCodeAt(i - 1))) return -1;
    if (!start.test(lx.text.slice(i, i + 12))) return -1;
    let j = nextLine(lx, i);
    while (j < lx.end && !(lx.text.startsWith(close, j) && !isIdent(lx.text.charCodeAt(j + close.length)))) j = nextLine(lx, j);
    const e = lineEnd(lx, j);
    push(lx, i, e);
    return e;
  };
}

/** Operand-position literal after a blank in command-call style (`puts %w[a]`, `split /,/`). */
function commandArgument(lx: Lx, i: number): boolean {
  return isBlank(lx.text.charCodeAt(i - 1)) && !isBlank(lx.text.charCodeAt(i + 1)) && !isNewline(lx.text.charCodeAt(i + 1));
}

const rubyPercent: Handler = (lx, i) => {
  const { text } = lx;
  let j = i + 1;
  if ('qQwWiIrsx'.includes(text.charAt(j))) j++;
  const d = text.charCodeAt(j);
  if (!(d < 128) || isIdent(d) || isBlank(d) || isNewline(d) || d === EQ) return -1;
  if (!operandMayStart(lx, i, RUBY_KEYWORDS) && !commandArgument(lx, i)) return -1;
  return delimited(lx, j);
};

/** Heredoc openers `<<~ID`, `<<-ID`, `<<ID`, `<<~'ID'` (Ruby, Perl); bare IDs must be upper case. */
function lineHeredoc(allowSpace: boolean): Handler {
  return (lx, i) => {
    const { text } = lx;
    if (text.charCodeAt(i + 1) !== LT) return -1;
    let j = i + 2;
    const flag = text.charCodeAt(j);
    const indented = flag === TILDE || flag === DASH;
    if (indented) j++;
    // Perl allows blanks before a quoted delimiter (`<< "EOF"`), never before a bare one.
    let k = allowSpace ? skipBlanks(lx, j) : j;
    if (k > j && text.charCodeAt(k) !== DQ && text.charCodeAt(k) !== SQ) k = j;
    const word = heredocWord(lx, k, !indented);
    if (!word) return -1;
    onNextLine(lx, (l, s) => heredocBody(l, s, word.id, true, true));
    return word.next;
  };
}

const RUBY_TABLE = table({
  '#': lineComment,
  '=': lineBlock(/^=begin(\s|$)/, '=end'),
  "'": sqN,
  '"': (lx, i) => scanStr(lx, i + 1, RUBY_DQ),
  '`': (lx, i) => scanStr(lx, i + 1, RUBY_BT),
  '%': rubyPercent,
  '/': (lx, i) => (operandMayStart(lx, i, RUBY_KEYWORDS) || commandArgument(lx, i) ? regexBody(lx, i + 1) : -1),
  // Character literals ?" ?' ?# ?` and global variables $' $".
  '?': (lx, i) => {
    if (i > lx.begin && isIdent(lx.text.charCodeAt(i - 1))) return -1;
    const n = lx.text.charCodeAt(i + 1);
    if (n === BSL) return i + 3;
    return (n === DQ || n === SQ || n === HASH || n === BT) && !isIdent(lx.text.charCodeAt(i + 2)) ? i + 2 : -1;
  },
  $: (lx, i) => (lx.text.charCodeAt(i + 1) === SQ || lx.text.charCodeAt(i + 1) === DQ ? i + 2 : -1),
  '<': lineHeredoc(false),
  _: dataSection(false),
  '\n\r': newline,
});

/** `__END__` (and Perl's `__DATA__`) on its own line: the rest of the file is data, except Perl POD. */
function dataSection(perl: boolean): Handler {
  return (lx, i) => {
    const { text } = lx;
    if (i > lx.begin && !isNewline(text.charCodeAt(i - 1))) return -1;
    const marker = text.startsWith('__END__', i) ? 7 : perl && text.startsWith('__DATA__', i) ? 8 : 0;
    if (marker === 0 || lineEnd(lx, i + marker) !== skipBlanks(lx, i + marker)) return -1;
    if (!perl) return lx.end;
    const pod = perlPod;
    for (let j = nextLine(lx, i); j < lx.end; j = nextLine(lx, j)) {
      if (text.charCodeAt(j) === EQ) j = Math.max(pod(lx, j), j);
    }
    return lx.end;
  };
}

/** Shell: `#` starts a comment only at the start of a word. */
function shellWordStart(lx: Lx, i: number): boolean {
  if (i <= lx.begin) return true;
  const p = lx.text.charCodeAt(i - 1);
  return isBlank(p) || isNewline(p) || p === SEMI || p === AMP || p === PIPE || p === LP || p === RP || p === LT || p === GT;
}
const SHELL_DQ = str({ q: DQ, esc: BSL, multiline: true, hole: HoleKind.Shell });
const SHELL_ANSI = str({ q: SQ, esc: BSL, multiline: true });

/** True when `i` is inside `(( … ))` on its line, where `<<` is a shift. */
function inArithmetic(lx: Lx, i: number): boolean {
  let j = i - 1;
  while (j >= lx.begin && j > i - 256 && !isNewline(lx.text.charCodeAt(j))) j--;
  const line = lx.text.slice(j + 1, i);
  return line.split('((').length > line.split('))').length;
}

const SHELL_TABLE = table({
  '#': (lx, i) => (shellWordStart(lx, i) ? lineComment(lx, i) : -1),
  "'": (lx, i) => skipTo(lx, i + 1, "'"),
  '"': (lx, i) => scanStr(lx, i + 1, SHELL_DQ),
  $: (lx, i) => {
    const n = lx.text.charCodeAt(i + 1);
    return n === SQ ? scanStr(lx, i + 2, SHELL_ANSI) : n === DQ ? scanStr(lx, i + 2, SHELL_DQ) : -1;
  },
  '\\': skipEscaped,
  '<': (lx, i) => {
    const { text } = lx;
    if (text.charCodeAt(i + 1) !== LT) return -1;
    if (text.charCodeAt(i + 2) === LT) return i + 3; // here-string
    let j = i + 2;
    const indented = text.charCodeAt(j) === DASH;
    if (indented) j++;
    j = skipBlanks(lx, j);
    if (text.charCodeAt(j) === BSL) j++;
    const word = heredocWord(lx, j, false);
    if (!word || inArithmetic(lx, i)) return -1;
    onNextLine(lx, (l, s) => heredocBody(l, s, word.id, indented, true));
    return word.next;
  },
  '\n\r': newline,
});

// Perl

const PERL_KEYWORDS: ReadonlySet<string> = new Set([
  'if', 'unless', 'while', 'until', 'and', 'or', 'not', 'return', 'split', 'grep', 'map', 'join', 'push', 'unshift', 'x', 'lt', 'gt', 'le', 'ge', 'eq', 'ne', 'cmp',
]);
const PERL_QUOTE_OPS: ReadonlySet<string> = new Set(['q', 'qq', 'qw', 'qx', 'qr', 'm', 's', 'tr', 'y']);

/** Quote-like operators q() qq{} qw// qx qr// m// s/// tr/// y///. */
const perlQuoteOp: Handler = (lx, i) => {
  const { text, end } = lx;
  const p = i > lx.begin ? text.charCodeAt(i - 1) : -1;
  if (isIdent(p) || p === DOLLAR || p === AT || p === PERCENT || p === AMP || p === STAR || p === COLON || p === DASH) return -1; // `-s $file` is a file test
  if (p === GT && text.charCodeAt(i - 2) === DASH) return -1; // ->s(...) method call
  let j = i;
  while (j < end && text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122) j++;
  const op = text.slice(i, j);
  if (!PERL_QUOTE_OPS.has(op) || isIdent(text.charCodeAt(j))) return -1;
  let k = j;
  while (k < end && (isBlank(text.charCodeAt(k)) || isNewline(text.charCodeAt(k)))) k++;
  const d = text.charCodeAt(k);
  if (k >= end || d >= 128 || isIdent(d) || d === RP || d === RB || d === RC || d === GT) return -1;
  // After blanks, `#` starts a comment and `,`, `;`, `=` are operators (`s => 1`, `y = 2`, `(q, r)`).
  if (k > j && (d === HASH || d === COMMA || d === SEMI || d === EQ)) return -1;
  if (d === EQ && text.charCodeAt(k + 1) === GT) return -1;
  if (d === RC && p === LC) return -1; // $h{s}
  let e = delimited(lx, k);
  if (op === 's' || op === 'tr' || op === 'y') {
    if (closerOf(d) !== d) {
      let m = e;
      while (m < end && (isBlank(text.charCodeAt(m)) || isNewline(text.charCodeAt(m)))) m++;
      e = m < end ? delimited(lx, m) : end;
    } else {
      e = quoted(lx, e, d, BSL, false, true);
    }
  }
  return skipFlags(lx, e);
};

const perlPod = lineBlock(/^=[a-zA-Z]/, '=cut');
const PERL_TABLE = table({
  '#': lineComment,
  '=': perlPod,
  "'": sqN,
  '"`': (lx, i) => quoted(lx, i + 1, lx.text.charCodeAt(i), BSL, false, true),
  // Special variables $' $" $` $/ and $#array.
  $: (lx, i) => (i + 1 < lx.end && "'\"`#/".includes(lx.text.charAt(i + 1)) ? i + 2 : -1),
  qmsty: perlQuoteOp,
  // Division and `//` (defined-or) after an operand, else a regex, which /x lets span lines.
  // `}` mostly closes a subscript there (`$h{a}/2`).
  '/': (lx, i) =>
    lx.text.charCodeAt(prevSignificant(lx, i)) !== RC && operandMayStart(lx, i, PERL_KEYWORDS)
      ? regexBody(lx, i + 1, true)
      : lx.text.charCodeAt(i + 1) === SLASH
        ? i + 2
        : -1,
  '<': lineHeredoc(true),
  _: dataSection(true),
  '\n\r': newline,
});

function rRaw(lx: Lx, i: number): number {
  // r"(…)", R'[…]', r"--{…}--": dashes and bracket choose the closing delimiter.
  const { text } = lx;
  let j = i + 1;
  while (text.charCodeAt(j) === DASH) j++;
  const open = text.charCodeAt(j);
  if (open !== LP && open !== LB && open !== LC) return quoted(lx, i + 1, text.charCodeAt(i), BSL, false, true);
  return skipTo(lx, j + 1, String.fromCharCode(closerOf(open)) + text.slice(i + 1, j) + text.charAt(i));
}
const R_TABLE = table({
  '#': lineComment,
  '"\'': (lx, i) => {
    const w = wordBefore(lx, i);
    return w === 'r' || w === 'R' ? rRaw(lx, i) : quoted(lx, i + 1, lx.text.charCodeAt(i), BSL, false, true);
  },
  '`': backtickRaw1,
});

// YAML

/** A YAML quote opens a quoted scalar only where a scalar starts (`key: 'x'`, `- "x"`, `[ 'x' ]`). */
function yamlScalarStart(lx: Lx, i: number): boolean {
  const p = prevOnLine(lx, i);
  if (p === -1 || p === LB || p === LC || p === COMMA || p === QM || p === COLON) return true;
  return p === DASH && isBlank(lx.text.charCodeAt(i - 1));
}

/** Block scalar header `|`, `>-`, `|+2`: the indented lines that follow are text, not YAML. */
const yamlBlockScalar: Handler = (lx, i) => {
  const p = prevOnLine(lx, i);
  if (p !== -1 && p !== COLON && p !== DASH && p !== QM) return -1;
  const { text } = lx;
  let j = i + 1;
  while (j < lx.end && (text.charCodeAt(j) === PLUS || text.charCodeAt(j) === DASH || isDigit(text.charCodeAt(j)))) j++;
  const k = skipBlanks(lx, j);
  if (!(k >= lx.end || isNewline(text.charCodeAt(k)) || (text.charCodeAt(k) === HASH && k > j))) return -1;
  let lineStart = i;
  while (lineStart > lx.begin && !isNewline(text.charCodeAt(lineStart - 1))) lineStart--;
  const parentIndent = skipBlanks(lx, lineStart) - lineStart;
  onNextLine(lx, (l, s) => yamlBlockBody(l, s, parentIndent));
  return j;
};

function yamlBlockBody(lx: Lx, i: number, parentIndent: number): number {
  const { text, end } = lx;
  let contentIndent = -1;
  while (i < end) {
    let j = i;
    while (j < end && text.charCodeAt(j) === SP) j++;
    const k = skipBlanks(lx, j);
    if (k < end && !isNewline(text.charCodeAt(k))) {
      const indent = j - i;
      if (contentIndent < 0) {
        if (indent <= parentIndent) return i;
        contentIndent = indent;
      } else if (indent < contentIndent) {
        return i;
      }
    }
    i = nextLine(lx, i);
  }
  return end;
}

const YAML_TABLE = table({
  '#': (lx, i) => {
    const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : SP;
    return isBlank(p) || isNewline(p) ? lineComment(lx, i) : -1;
  },
  "'": (lx, i) => (yamlScalarStart(lx, i) ? quoted(lx, i + 1, SQ, NO_ESCAPE, true, true) : -1),
  '"': (lx, i) => (yamlScalarStart(lx, i) ? quoted(lx, i + 1, DQ, BSL, false, true) : -1),
  '|>': yamlBlockScalar,
  '\n\r': newline,
});

const TOML_DQ3 = str({ q: DQ, triple: true, greedy: true, esc: BSL, multiline: true });
const TOML_SQ3 = str({ q: SQ, triple: true, greedy: true, multiline: true });
const TOML_TABLE = table({
  '#': lineComment,
  '"': (lx, i) => (isTriple(lx, i) ? scanStr(lx, i + 3, TOML_DQ3) : quoted(lx, i + 1, DQ, BSL, false, false)),
  "'": (lx, i) => (isTriple(lx, i) ? scanStr(lx, i + 3, TOML_SQ3) : quoted(lx, i + 1, SQ, NO_ESCAPE, false, false)),
});

/**
 * Make: `#` starts a comment anywhere (a trailing backslash continues it),
 * except in recipe lines (tab-indented), which belong to the shell: there
 * quotes hide `#` and `#` must start a word.
 */
const isRecipe = (lx: Lx): boolean => lx.text.charCodeAt(lx.lineStart) === TAB;
const MAKE_TABLE = table({
  '#': (lx, i) => (!isRecipe(lx) ? splicedLineComment(lx, i) : shellWordStart(lx, i) ? lineComment(lx, i) : -1),
  '"\'': (lx, i) => (isRecipe(lx) ? quoted(lx, i + 1, lx.text.charCodeAt(i), BSL, false, false) : -1),
  '\\': skipEscaped,
  '\n\r': newline,
});

/** Dockerfile: `#` is a comment only as the first thing on a line. */
const DOCKER_TABLE = table({ '#': (lx, i) => (atLineStart(lx, i) ? lineComment(lx, i) : -1) });

/** `[[…]]` / `[=[…]=]` at `i` (CMake bracket arguments, Lua long strings); -1 if not one. */
function longBracket(lx: Lx, i: number): number {
  let j = i + 1;
  while (lx.text.charCodeAt(j) === EQ) j++;
  if (lx.text.charCodeAt(j) !== LB) return -1;
  return skipTo(lx, j + 1, ']' + '='.repeat(j - i - 1) + ']');
}
const CMAKE_TABLE = table({
  '#': (lx, i) => {
    const e = lx.text.charCodeAt(i + 1) === LB ? longBracket(lx, i + 1) : -1;
    if (e < 0) return lineComment(lx, i);
    push(lx, i, e);
    return e;
  },
  '"': dqN,
  '[': (lx, i) => {
    const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : SP;
    return isBlank(p) || isNewline(p) || p === LP ? longBracket(lx, i) : -1;
  },
  '\\': skipEscaped,
});

const PS_DQ = str({ q: DQ, esc: BT, doubled: true, multiline: true, hole: HoleKind.DollarParen });
const PS_TABLE = table({
  '#': (lx, i) => {
    const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : SP;
    return isBlank(p) || isNewline(p) || ';(){}|&,\'"'.includes(String.fromCharCode(p)) ? lineComment(lx, i) : -1;
  },
  '<': (lx, i) => (lx.text.charCodeAt(i + 1) === HASH ? block(lx, i, 2, '#>') : -1),
  "'": doubledN(SQ),
  '"': (lx, i) => scanStr(lx, i + 1, PS_DQ),
  // Here-strings @"…"@ and @'…'@: the closing quote must start a line.
  '@': (lx, i) => {
    const q = lx.text.charCodeAt(i + 1);
    if ((q !== DQ && q !== SQ) || lineEnd(lx, i + 2) !== skipBlanks(lx, i + 2)) return -1;
    const close = String.fromCharCode(q) + '@';
    for (let j = nextLine(lx, i); j < lx.end; j = nextLine(lx, j)) {
      if (lx.text.startsWith(close, j)) return j + 2;
    }
    return lx.end;
  },
  '`': skipEscaped,
  $: (lx, i) => (lx.text.charCodeAt(i + 1) === LC ? skipTo(lx, i + 2, '}') : -1), // ${name with # in it}
});

const EX_DQ = str({ q: DQ, esc: BSL, multiline: true, hole: HoleKind.HashBrace });
const EX_SQ = str({ q: SQ, esc: BSL, multiline: true, hole: HoleKind.HashBrace });
const EX_DQ3 = str({ ...EX_DQ, triple: true });
const EX_SQ3 = str({ ...EX_SQ, triple: true });
const ELIXIR_TABLE = table({
  '#': lineComment,
  '"': tripleOr(EX_DQ3, EX_DQ),
  "'": tripleOr(EX_SQ3, EX_SQ),
  // Character literals ?" ?# ?\n, unless the ? ends a name (valid?).
  '?': (lx, i) => {
    if (i > lx.begin && isIdent(lx.text.charCodeAt(i - 1))) return -1;
    return lx.text.charCodeAt(i + 1) === BSL ? i + 3 : i + 2;
  },
  // Sigils ~s(…) ~r/…/ ~S"""…""".
  '~': (lx, i) => {
    const { text } = lx;
    let j = i + 1;
    if (!isAlpha(text.charCodeAt(j))) return -1;
    while (isAlpha(text.charCodeAt(j))) j++;
    const d = text.charCodeAt(j);
    if ((d === DQ || d === SQ) && isTriple(lx, j)) return skipTo(lx, j + 3, text.slice(j, j + 3));
    return '/|"\'([{<'.includes(text.charAt(j)) && j < lx.end ? delimited(lx, j) : -1;
  },
});

const JL_DQ = str({ q: DQ, esc: BSL, multiline: true, hole: HoleKind.DollarParen });
const JL_DQ3 = str({ ...JL_DQ, triple: true });
/** A quote after a value is the adjoint/transpose operator (`A'`, `x.'`), else a character literal. */
function isTransposeQuote(lx: Lx, i: number): boolean {
  const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : -1;
  return isIdent(p) || p === RP || p === RB || p === RC || p === SQ || p === DOT;
}
const JULIA_TABLE = table({
  '#': (lx, i) => (lx.text.charCodeAt(i + 1) === EQ ? nestedBlock(lx, i, '#=', '=#') : lineComment(lx, i)),
  '"': tripleOr(JL_DQ3, JL_DQ),
  "'": (lx, i) => (isTransposeQuote(lx, i) ? -1 : charLiteral(lx, i)),
  '`': quoteN(BT),
});

const GQL_BLOCK = str({ q: DQ, triple: true, esc: BSL, multiline: true });
const GQL_STRING = str({ q: DQ, esc: BSL });
const GRAPHQL_TABLE = table({ '#': lineComment, '"': tripleOr(GQL_BLOCK, GQL_STRING) });

const HCL_STRING = str({ q: DQ, esc: BSL, hole: HoleKind.Hcl, dollarEscape: true });
const HCL_TABLE = table({
  '#': lineComment,
  '/': slashC,
  '"': (lx, i) => scanStr(lx, i + 1, HCL_STRING),
  '<': (lx, i) => {
    const { text } = lx;
    if (text.charCodeAt(i + 1) !== LT) return -1;
    const j = text.charCodeAt(i + 2) === DASH ? i + 3 : i + 2;
    const word = heredocWord(lx, j, false);
    if (!word) return -1;
    onNextLine(lx, (l, s) => heredocBody(l, s, word.id, true, true));
    return word.next;
  },
  '\n\r': newline,
});

// ---------------------------------------------------------------- `--` family

const dashDash: Handler = (lx, i) => (lx.text.charCodeAt(i + 1) === DASH ? lineComment(lx, i) : -1);

/** SQL strings; `E'…'` (PostgreSQL) also takes backslash escapes. */
const sqlString: Handler = (lx, i) => {
  const w = wordBefore(lx, i);
  return quoted(lx, i + 1, SQ, w === 'E' || w === 'e' ? BSL : NO_ESCAPE, true, true);
};
const SQL_TABLE = table({ '-': dashDash, '/': blockOnly, "'": sqlString, '"': doubledN(DQ), '`': doubledN(BT) });

const LUA_TABLE = table({
  '-': (lx, i) => {
    if (lx.text.charCodeAt(i + 1) !== DASH) return -1;
    const e = lx.text.charCodeAt(i + 2) === LB ? longBracket(lx, i + 2) : -1;
    if (e < 0) return lineComment(lx, i);
    push(lx, i, e);
    return e;
  },
  '[': longBracket,
  '"\'': (lx, i) => quoted(lx, i + 1, lx.text.charCodeAt(i), BSL, false, false),
});

const HASKELL_SYMBOLS = '!#$%&*+./<=>?@\\^|-~:';
/** `--` (or more dashes) starts a comment unless the dashes are part of an operator such as `-->` or `|--`. */
const haskellDashes: Handler = (lx, i) => {
  const { text, end } = lx;
  if (text.charCodeAt(i + 1) !== DASH) return -1;
  if (i > lx.begin && HASKELL_SYMBOLS.includes(text.charAt(i - 1))) return -1;
  let j = i + 2;
  while (j < end && text.charCodeAt(j) === DASH) j++;
  if (j < end && HASKELL_SYMBOLS.includes(text.charAt(j))) return -1;
  return lineComment(lx, i);
};
const braceDash: Handler = (lx, i) => (lx.text.charCodeAt(i + 1) === DASH ? nestedBlock(lx, i, '{-', '-}') : -1);
const HASKELL_TABLE = table({
  '-': haskellDashes,
  '{': braceDash,
  '"': dqN,
  // A quote after a name character is part of the name (x', foldl'); 'x and ''T are Template Haskell.
  "'": (lx, i) => (i > lx.begin && isIdent(lx.text.charCodeAt(i - 1)) ? -1 : charLiteral(lx, i)),
});
const ELM_MULTI = str({ q: DQ, triple: true, esc: BSL, multiline: true });
const ELM_STRING = str({ q: DQ, esc: BSL });
const ELM_TABLE = table({ '-': dashDash, '{': braceDash, '"': tripleOr(ELM_MULTI, ELM_STRING), "'": charLiteral });

/** Ada and VHDL: `'x'` is a character literal, but a quote after a name or `)` is an attribute tick (`A'Length`). */
const tickOrChar: Handler = (lx, i) => {
  const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : -1;
  if (isIdent(p) || p === RP) return -1;
  return lx.text.charCodeAt(i + 2) === SQ && !isNewline(lx.text.charCodeAt(i + 1)) ? i + 3 : -1;
};
const ADA_TABLE = table({ '-': dashDash, '"': doubled1(DQ), "'": tickOrChar });
const VHDL_TABLE = table({ '-': dashDash, '/': blockOnly, '"': doubled1(DQ), "'": tickOrChar });

// ---------------------------------------------------------------- `;` family

const lispHash: Handler = (lx, i) => {
  const n = lx.text.charCodeAt(i + 1);
  if (n === PIPE) return nestedBlock(lx, i, '#|', '|#');
  return n === BSL ? i + 3 : -1; // #\; #\" character objects
};
const LISP_TABLE = table({
  ';': lineComment,
  '#': lispHash,
  '"': dqN,
  '|': quoteN(PIPE), // |symbol with ; in it|
  '\\': skipEscaped,
});
const ELISP_TABLE = table({
  ';': lineComment,
  '"': dqN,
  // ?\" ?; ?\; character syntax, not inside names like `foo?`.
  '?': (lx, i) => {
    if (i > lx.begin && isIdent(lx.text.charCodeAt(i - 1))) return -1;
    return lx.text.charCodeAt(i + 1) === BSL ? i + 3 : i + 2;
  },
  '\\': skipEscaped,
});
const CLOJURE_TABLE = table({ ';': lineComment, '"': dqN, '\\': skipEscaped });
const ASM_TABLE = table({
  ';': lineComment,
  '#': (lx, i) => (atLineStart(lx, i) ? lineComment(lx, i) : -1),
  '/': blockOnly,
  '"': dq1,
  "'": sq1,
});

// ---------------------------------------------------------------- `%` family

const ERLANG_TABLE = table({
  '%': lineComment,
  '"': dqN,
  "'": sqN,
  $: (lx, i) => (lx.text.charCodeAt(i + 1) === BSL ? i + 3 : i + 2), // $% $" character literals
});

/** MATLAB `%{` … `%}` on lines of their own; they nest. */
const matlabBlock: Handler = (lx, i) => {
  const { text } = lx;
  const alone = (j: number, marker: string): boolean =>
    text.startsWith(marker, j) && lineEnd(lx, j + 2) === skipBlanks(lx, j + 2);
  if (!atLineStart(lx, i) || !alone(i, '%{')) return -1;
  let depth = 0;
  for (let line = i; line < lx.end; line = nextLine(lx, line)) {
    const j = line === i ? i : skipBlanks(lx, line);
    if (alone(j, '%{')) depth++;
    else if (alone(j, '%}') && --depth === 0) {
      const e = lineEnd(lx, j);
      push(lx, i, e);
      return e;
    }
  }
  push(lx, i, lx.end);
  return lx.end;
};
const MATLAB_TABLE = table({
  '%': [matlabBlock, lineComment],
  // After `...` the rest of the line is a comment.
  '.': (lx, i) => (lx.text.startsWith('...', i) ? lineComment(lx, i) : -1),
  "'": (lx, i) => (isTransposeQuote(lx, i) ? -1 : quoted(lx, i + 1, SQ, NO_ESCAPE, true, false)),
  '"': doubled1(DQ),
});

const VERBATIM_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment',
]);
/** LaTeX control sequences: `\%` is a percent sign; `\verb|…|`, `\url{…}` and verbatim environments hide `%`. */
const latexCommand: Handler = (lx, i) => {
  const { text, end } = lx;
  let j = i + 1;
  while (j < end && isAlpha(text.charCodeAt(j))) j++;
  if (j === i + 1) return i + 2;
  const name = text.slice(i + 1, j);
  if (name === 'verb' || name === 'lstinline') {
    if (text.charCodeAt(j) === STAR) j++;
    const d = text.charCodeAt(j);
    return j < end && !isNewline(d) ? quoted(lx, j + 1, d, NO_ESCAPE, false, false) : j;
  }
  if ((name === 'url' || name === 'path') && text.charCodeAt(j) === LC) return skipTo(lx, j + 1, '}');
  if (name === 'begin' && text.charCodeAt(j) === LC) {
    const close = text.slice(j, j + 20).indexOf('}') + j;
    const env = close > j ? text.slice(j + 1, close) : '';
    if (!VERBATIM_ENVIRONMENTS.has(env)) return j;
    const e = skipTo(lx, close + 1, `\\end{${env}}`);
    if (env === 'comment') push(lx, i, e);
    return e;
  }
  return j;
};
const LATEX_TABLE = table({ '%': lineComment, '\\': latexCommand });

// ---------------------------------------------------------------- markup

interface MarkupOptions {
  /** Lex `<script>` and `<style>` contents with their own lexers (HTML, Vue, Svelte). */
  readonly embedded: boolean;
  /** Attribute values may be `{…}` expressions (Svelte). */
  readonly braces: boolean;
}

/** End of a tag opened before `i`: after its `>`, skipping quoted attribute values. */
function tagEnd(lx: Lx, i: number, braces: boolean): number {
  const { text, end } = lx;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === GT) return i + 1;
    if ((c === DQ || c === SQ) && prevOnLine(lx, i) === EQ) {
      i = skipTo(lx, i + 1, String.fromCharCode(c));
      continue;
    }
    if (c === LC && braces) {
      i = delimited(lx, i);
      continue;
    }
    i++;
  }
  return end;
}

/** Index of `</name` (any case) at or after `i`, or the end of the range. */
function closingTag(lx: Lx, i: number, name: string): number {
  for (;;) {
    const k = lx.text.indexOf('</', i);
    if (k < 0 || k >= lx.end) return lx.end;
    if (lx.text.slice(k + 2, k + 2 + name.length).toLowerCase() === name) return k;
    i = k + 2;
  }
}

function embeddedRunner(tag: string, attributes: string): Runner | undefined {
  const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attributes)?.[1]?.toLowerCase();
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
  if (tag === 'style') return RUNNERS.get(lang === 'scss' || lang === 'sass' || lang === 'less' ? 'scss' : 'css');
  if (/html|template/.test(type)) return PLAIN_MARKUP_RUNNER;
  if (lang === 'ts' || lang === 'typescript' || type.includes('typescript')) return RUNNERS.get('typescript');
  if (lang === 'tsx') return RUNNERS.get('typescriptreact');
  return RUNNERS.get('javascript');
}

function markup(options: MarkupOptions): Runner {
  return (lx) => {
    const { text, end } = lx;
    let i = lx.begin;
    while (i < end) {
      const lt = text.indexOf('<', i);
      if (lt < 0 || lt >= end) return;
      i = lt;
      const n = text.charCodeAt(i + 1);
      if (n === BANG) {
        if (text.startsWith('<!--', i)) i = block(lx, i, 4, '-->');
        else if (text.startsWith('<![CDATA[', i)) i = skipTo(lx, i + 9, ']]>');
        else i = tagEnd(lx, i + 2, false);
      } else if (n === QM) {
        i = skipTo(lx, i + 2, '?>');
      } else if (n === SLASH) {
        i = tagEnd(lx, i + 2, options.braces);
      } else if (isAlpha(n)) {
        let j = i + 1;
        while (j < end && (isIdent(text.charCodeAt(j)) || text.charCodeAt(j) === DASH || text.charCodeAt(j) === COLON)) j++;
        const name = text.slice(i + 1, j).toLowerCase();
        const close = tagEnd(lx, j, options.braces);
        i = close;
        if (options.embedded && (name === 'script' || name === 'style') && text.charCodeAt(close - 2) !== SLASH) {
          const contentEnd = closingTag(lx, close, name);
          const runner = embeddedRunner(name, text.slice(j, close));
          if (runner) lexRange(text, close, contentEnd, runner, lx.spans);
          i = contentEnd;
        }
      } else {
        i++;
      }
    }
  };
}
const htmlRunner = markup({ embedded: true, braces: false });
/** `<script type="text/html">` templates: markup again, but one level only. */
const PLAIN_MARKUP_RUNNER = markup({ embedded: false, braces: false });

// ---------------------------------------------------------------- `'` and REM

/** `REM` as a statement: at the start of a line (after a line number), or after `:` (VB) / `&`, `|`, `(`, `@` (batch). */
function remStatement(separators: string): Handler {
  return (lx, i) => {
    const { text } = lx;
    if ((text.charCodeAt(i + 1) | 32) !== 101 || (text.charCodeAt(i + 2) | 32) !== 109) return -1; // "em", any case
    const n = text.charCodeAt(i + 3);
    if (!(i + 3 >= lx.end || isBlank(n) || isNewline(n))) return -1;
    let j = i - 1;
    while (j >= lx.begin && isBlank(text.charCodeAt(j))) j--;
    while (j >= lx.begin && isDigit(text.charCodeAt(j))) j--; // classic BASIC line numbers
    while (j >= lx.begin && isBlank(text.charCodeAt(j))) j--;
    if (j >= lx.begin && !isNewline(text.charCodeAt(j)) && !separators.includes(text.charAt(j))) return -1;
    return lineComment(lx, i);
  };
}
const VB_TABLE = table({ "'": lineComment, rR: remStatement(':'), '"': doubled1(DQ) });
const BAT_TABLE = table({
  rR: remStatement('&|(@'),
  ':': (lx, i) => (lx.text.charCodeAt(i + 1) === COLON && atLineStart(lx, i) ? lineComment(lx, i) : -1),
  '"': quote1(DQ, NO_ESCAPE),
});

// ---------------------------------------------------------------- registry

const JSX_RUNNER = code(JSX_TABLE);
const RUNNERS: ReadonlyMap<string, Runner> = new Map<string, Runner>([
  ['c', code(C_TABLE)],
  ['cpp', code(CPP_TABLE)],
  ['csharp', code(CSHARP_TABLE)],
  ['java', code(JAVA_TABLE)],
  // Plain JavaScript gets JSX too: `<` where an operand starts is otherwise a syntax error there.
  ['javascript', JSX_RUNNER],
  ['javascriptreact', JSX_RUNNER],
  ['typescript', code(TS_TABLE)],
  ['typescriptreact', JSX_RUNNER],
  ['go', code(GO_TABLE)],
  ['rust', code(RUST_TABLE)],
  ['swift', code(SWIFT_TABLE)],
  ['kotlin', code(KOTLIN_TABLE)],
  ['scala', code(SCALA_TABLE)],
  ['dart', code(DART_TABLE)],
  ['php', phpRunner],
  ['objective-c', code(OBJC_TABLE)],
  ['objective-cpp', code(CPP_TABLE)],
  ['groovy', code(GROOVY_TABLE)],
  ['css', code(CSS_TABLE)],
  ['scss', code(SCSS_TABLE)],
  ['less', code(SCSS_TABLE)],
  ['proto', code(PROTO_TABLE)],
  ['python', code(PYTHON_TABLE)],
  ['ruby', code(RUBY_TABLE)],
  ['shellscript', code(SHELL_TABLE)],
  ['perl', code(PERL_TABLE)],
  ['r', code(R_TABLE)],
  ['yaml', code(YAML_TABLE)],
  ['toml', code(TOML_TABLE)],
  ['makefile', code(MAKE_TABLE)],
  ['dockerfile', code(DOCKER_TABLE)],
  ['cmake', code(CMAKE_TABLE)],
  ['powershell', code(PS_TABLE)],
  ['elixir', code(ELIXIR_TABLE)],
  ['julia', code(JULIA_TABLE)],
  ['graphql', code(GRAPHQL_TABLE)],
  ['terraform', code(HCL_TABLE)],
  ['sql', code(SQL_TABLE)],
  ['lua', code(LUA_TABLE)],
  ['haskell', code(HASKELL_TABLE)],
  ['elm', code(ELM_TABLE)],
  ['ada', code(ADA_TABLE)],
  ['vhdl', code(VHDL_TABLE)],
  ['commonlisp', code(LISP_TABLE)],
  ['scheme', code(LISP_TABLE)],
  ['emacslisp', code(ELISP_TABLE)],
  ['clojure', code(CLOJURE_TABLE)],
  ['asm', code(ASM_TABLE)],
  ['erlang', code(ERLANG_TABLE)],
  ['matlab', code(MATLAB_TABLE)],
  ['latex', code(LATEX_TABLE)],
  ['html', htmlRunner],
  ['xml', PLAIN_MARKUP_RUNNER],
  ['vue', htmlRunner],
  ['svelte', markup({ embedded: true, braces: true })],
  ['vb', code(VB_TABLE)],
  ['bat', code(BAT_TABLE)],
]);

/** For a `LanguageInfo` with an id this file does not know: the family's plainest rules. */
const FAMILY_RUNNERS: Readonly<Record<CommentFamily, Runner>> = {
  c: code(PROTO_TABLE),
  hash: code(table({ '#': lineComment, '"': dq1, "'": sq1 })),
  dash: code(table({ '-': dashDash, "'": doubled1(SQ), '"': doubled1(DQ) })),
  semicolon: code(CLOJURE_TABLE),
  percent: code(table({ '%': lineComment })),
  markup: PLAIN_MARKUP_RUNNER,
  rem: code(VB_TABLE),
};

/** Language ids with a dedicated lexer (the tests check this covers `LANGUAGE_IDS`). */
export const LEXER_LANGUAGE_IDS: readonly string[] = Object.freeze([...RUNNERS.keys()]);
