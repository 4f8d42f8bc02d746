/**
 * Ruby, Perl, shell and make: `#` comments, in languages full of constructs
 * that hide a `#` from a naive scan — heredocs, regex literals, `%w[…]` and
 * quote-like operators, POD and `=begin` blocks, `__END__` data. Ruby and
 * Perl share most of that; make recipes are shell.
 *
 * Deliberate limits:
 * - Comments inside Perl `/x` regexes are part of the regex.
 * - Interpolation inside Ruby `%` literals and Perl quote-like operators is
 *   not followed.
 */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import { HoleKind, type Handler, type Lx } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  TAB, DQ, HASH, DOLLAR, PERCENT, AMP, SQ, LP, RP, STAR, COMMA, DASH, SLASH, COLON, SEMI, LT, EQ, GT, AT, BSL, RB, BT, LC,
  PIPE, RC, TILDE, table, push, isIdent, isBlank, isNewline, lineEnd, nextLine, lineComment, splicedLineComment, skipTo,
  quoted, skipBlanks, str, scanStr,
} = scanner;
const {
  prevSignificant, operandMayStart, regexBody, skipFlags, closerOf, delimited, heredocBody, heredocWord, newline, onNextLine,
  skipEscaped, sqN,
} = commonSyntax;

// Ruby

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

export const RUBY_TABLE = table({
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

// Shell

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

export const SHELL_TABLE = table({
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
export const PERL_TABLE = table({
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

// Make

/**
 * Make: `#` starts a comment anywhere (a trailing backslash continues it),
 * except in recipe lines (tab-indented), which belong to the shell: there
 * quotes hide `#` and `#` must start a word.
 */
const isRecipe = (lx: Lx): boolean => lx.text.charCodeAt(lx.lineStart) === TAB;
export const MAKE_TABLE = table({
  '#': (lx, i) => (!isRecipe(lx) ? splicedLineComment(lx, i) : shellWordStart(lx, i) ? lineComment(lx, i) : -1),
  '"\'': (lx, i) => (isRecipe(lx) ? quoted(lx, i + 1, lx.text.charCodeAt(i), BSL, false, false) : -1),
  '\\': skipEscaped,
  '\n\r': newline,
});
