/**
 * Syntax that several language families share: looking back at the previous
 * token (is this `/` a regex or a division?), literals with chosen
 * delimiters, character literals, heredocs and other bodies that start on the
 * next line, and the common comment and quote handlers.
 */

import * as scanner from './scanner';
import type { BodySkipper, Handler, Lx, Str } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  LF, CR, DQ, DOLLAR, SQ, LP, RP, STAR, PLUS, DASH, DOT, SLASH, LT, EQ, GT, AT, LB, BSL, RB, US, BT, LC, RC, NO_ESCAPE,
  isIdent, isAlpha, isBlank, isNewline, lineEnd, nextLine, lineComment, splicedLineComment, skipTo, block, nestedBlock,
  quoted, skipBlanks, scanStr,
} = scanner;

// ---------------------------------------------------------------- looking back

/** The identifier characters just before `i` (a string prefix such as `r`, `rb`, `u8R`). */
export function wordBefore(lx: Lx, i: number): string {
  let j = i;
  while (j > lx.begin && isIdent(lx.text.charCodeAt(j - 1))) j--;
  return lx.text.slice(j, i);
}

/** Index of the last character before `i` that is neither white space nor in a comment, or -1. */
export function prevSignificant(lx: Lx, i: number): number {
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
export function operandMayStart(lx: Lx, i: number, keywords: ReadonlySet<string>): boolean {
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
export function atLineStart(lx: Lx, i: number): boolean {
  for (let j = i - 1; j >= lx.begin; j--) {
    const c = lx.text.charCodeAt(j);
    if (isNewline(c)) return true;
    if (!isBlank(c)) return false;
  }
  return true;
}

/** The character before `i` on the same line, skipping blanks; -1 at the line start. */
export function prevOnLine(lx: Lx, i: number): number {
  for (let j = i - 1; j >= lx.begin; j--) {
    const c = lx.text.charCodeAt(j);
    if (isNewline(c)) return -1;
    if (!isBlank(c)) return c;
  }
  return -1;
}

// ---------------------------------------------------------------- literals

/**
 * Regex literal body from `i` (after the opening slash) to after the closing
 * slash and flags. Only Perl regexes (`/x` mode) may span lines.
 */
export function regexBody(lx: Lx, i: number, multiline = false): number {
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
export function skipFlags(lx: Lx, i: number): number {
  while (i < lx.end && isAlpha(lx.text.charCodeAt(i))) i++;
  return i;
}

/** The closing bracket for an opening one; any other delimiter closes itself. */
export function closerOf(c: number): number {
  return c === LP ? RP : c === LB ? RB : c === LC ? RC : c === LT ? GT : c;
}

/** A literal with a chosen delimiter at `i` (`%w[..]`, `q{..}`, `~r/../`); brackets nest. */
export function delimited(lx: Lx, i: number): number {
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
export function charLiteral(lx: Lx, i: number): number {
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

/** `[[…]]` / `[=[…]=]` at `i` (CMake bracket arguments, Lua long strings); -1 if not one. */
export function longBracket(lx: Lx, i: number): number {
  let j = i + 1;
  while (lx.text.charCodeAt(j) === EQ) j++;
  if (lx.text.charCodeAt(j) !== LB) return -1;
  return skipTo(lx, j + 1, ']' + '='.repeat(j - i - 1) + ']');
}

/** A quote after a value is the adjoint/transpose operator (`A'`, `x.'`), else a character literal. */
export function isTransposeQuote(lx: Lx, i: number): boolean {
  const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : -1;
  return isIdent(p) || p === RP || p === RB || p === RC || p === SQ || p === DOT;
}

// ---------------------------------------------------------------- heredocs and other bodies on the next line

/**
 * Heredoc body from `i` (a line start) through the line holding only `id`
 * (after blanks when `indented`); returns the index after `id`. With
 * `wholeLine` false, `id` only has to be followed by a non-word character.
 */
export function heredocBody(lx: Lx, i: number, id: string, indented: boolean, wholeLine: boolean): number {
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

/**
 * Reads a heredoc opener's delimiter word at `i` (quoted or bare); returns
 * the word and the index after it, or undefined.
 */
export function heredocWord(lx: Lx, i: number, bareMustBeUpper: boolean): { id: string; next: number } | undefined {
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
export const newline: Handler = (lx, i) => {
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

/** Announces a body that starts on the next line (a heredoc, a YAML block scalar). */
export function onNextLine(lx: Lx, skipper: BodySkipper): void {
  lx.pending.push(skipper);
}

// ---------------------------------------------------------------- common handlers

/** A backslash escapes the next character (a backslash-newline joins lines). */
export const skipEscaped: Handler = (lx, i) =>
  i + (lx.text.charCodeAt(i + 1) === CR && lx.text.charCodeAt(i + 2) === LF ? 3 : 2);

/** `//` and `/*` comments; `nested` block comments nest (Rust, Swift), `spliced` line comments continue after a backslash (C). */
function slashComments(nested: boolean, spliced: boolean): Handler {
  return (lx, i) => {
    const n = lx.text.charCodeAt(i + 1);
    if (n === SLASH) return spliced ? splicedLineComment(lx, i) : lineComment(lx, i);
    if (n === STAR) return nested ? nestedBlock(lx, i, '/*', '*/') : block(lx, i, 2, '*/');
    return -1;
  };
}
export const slashC = slashComments(false, false);
export const slashSpliced = slashComments(false, true);
export const slashNested = slashComments(true, false);
/** `/* … *\/` comments only (CSS, SQL, VHDL 2008, assembly). */
export const blockOnly: Handler = (lx, i) => (lx.text.charCodeAt(i + 1) === STAR ? block(lx, i, 2, '*/') : -1);

/** Quoted literals: single-line (`1`) or multi-line (`N`), backslash-escaped or with doubled quotes. */
export const quote1 = (q: number, esc = BSL): Handler => (lx, i) => quoted(lx, i + 1, q, esc, false, false);
export const quoteN = (q: number, esc = BSL): Handler => (lx, i) => quoted(lx, i + 1, q, esc, false, true);
export const doubled1 = (q: number): Handler => (lx, i) => quoted(lx, i + 1, q, NO_ESCAPE, true, false);
export const doubledN = (q: number): Handler => (lx, i) => quoted(lx, i + 1, q, NO_ESCAPE, true, true);
export const dq1 = quote1(DQ), sq1 = quote1(SQ), dqN = quoteN(DQ), sqN = quoteN(SQ);
export const backtickRaw1 = quote1(BT, NO_ESCAPE);

/** Three equal quotes at `i`. */
export const isTriple = (lx: Lx, i: number): boolean =>
  lx.text.charCodeAt(i + 1) === lx.text.charCodeAt(i) && lx.text.charCodeAt(i + 2) === lx.text.charCodeAt(i);

/** `"""` strings closed by `"""`, else single-line `"` strings: Java text blocks, GraphQL. */
export function tripleOr(triple: Str, single: Str): Handler {
  return (lx, i) => (isTriple(lx, i) ? scanStr(lx, i + 3, triple) : scanStr(lx, i + 1, single));
}
