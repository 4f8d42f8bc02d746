/**
 * The C family: `//` line and `/* … *\/` block comments, and the many
 * string syntaxes around them. C, C++, Objective-C, C#, Java, JavaScript and
 * TypeScript (with regex literals and JSX), Go, Rust, Swift, Kotlin, Scala,
 * Dart, Groovy, CSS, SCSS and Less, Protocol Buffers. PHP, also in the C
 * family, is in `markup.ts`: a PHP file is HTML with code islands.
 *
 * Deliberate limits:
 * - Interpolation inside C# raw strings and Swift extended-delimiter strings
 *   is not followed.
 * - Swift regex literals are ordinary text.
 */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import { HoleKind, type Handler, type Lx } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  DQ, HASH, DOLLAR, SQ, LP, RP, COMMA, DOT, SLASH, COLON, LT, GT, AT, BSL, US, BT, LC, RC, NO_ESCAPE, code, table, pushHole,
  isIdent, isAlpha, isDigit, isBlank, isNewline, lineComment, skipTo, quoted, str, scanStr,
} = scanner;
const {
  wordBefore, operandMayStart, regexBody, charLiteral, slashC, slashSpliced, slashNested, blockOnly, quoteN, dq1, sq1,
  backtickRaw1, isTriple, tripleOr,
} = commonSyntax;

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

export const C_TABLE = table({ '/': slashSpliced, '"': dq1, "'": cChar });
export const CPP_TABLE = table({ '/': slashSpliced, '"': cppString, "'": cChar });

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
export const CSHARP_TABLE = table({ '/': slashC, '"': csString, "'": sq1 });

const JAVA_TEXT_BLOCK = str({ q: DQ, triple: true, esc: BSL, multiline: true });
const JAVA_STRING = str({ q: DQ, esc: BSL });
export const JAVA_TABLE = table({ '/': slashC, '"': tripleOr(JAVA_TEXT_BLOCK, JAVA_STRING), "'": sq1 });

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

export const GO_TABLE = table({ '/': slashC, '"': dq1, "'": sq1, '`': quoteN(BT, NO_ESCAPE) });

const rustRawPrefix = (w: string): boolean => w === 'r' || w === 'br' || w === 'cr';
export const RUST_TABLE = table({
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
export const SWIFT_TABLE = table({
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
export const KOTLIN_TABLE = table({ '/': slashNested, '"': tripleOr(KOTLIN_RAW, KOTLIN_STRING), "'": sq1, '`': backtickRaw1 });

const SCALA_RAW = str({ q: DQ, triple: true, greedy: true, multiline: true });
const SCALA_RAW_INTERP = str({ ...SCALA_RAW, hole: HoleKind.DollarBrace, dollarEscape: true });
const SCALA_STRING = str({ q: DQ, esc: BSL });
const SCALA_INTERP = str({ ...SCALA_STRING, hole: HoleKind.DollarBrace, dollarEscape: true });
export const SCALA_TABLE = table({
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
export const DART_TABLE = table({ '/': slashNested, '"': dartQuote(DQ), "'": dartQuote(SQ) });

const GROOVY_KEYWORDS: ReadonlySet<string> = new Set(['return', 'case', 'in', 'assert', 'else', 'new']);
const GROOVY_GSTRING_MULTI = str({ q: DQ, triple: true, esc: BSL, multiline: true, hole: HoleKind.DollarBrace });
const GROOVY_GSTRING = str({ q: DQ, esc: BSL, hole: HoleKind.DollarBrace });
const GROOVY_SQ_MULTI = str({ q: SQ, triple: true, esc: BSL, multiline: true });
const GROOVY_SQ = str({ q: SQ, esc: BSL });
export const GROOVY_TABLE = table({
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

export const OBJC_TABLE = C_TABLE;

/** `//` in Sass and Less, except in `url(//host/…)` and after `:` (`http://`). */
const cssLineComment: Handler = (lx, i) => {
  if (lx.text.charCodeAt(i + 1) !== SLASH) return -1;
  const p = lx.text.charCodeAt(i - 1);
  if (p === COLON || lx.text.slice(Math.max(lx.begin, i - 4), i).toLowerCase() === 'url(') return -1;
  return lineComment(lx, i);
};
const CSS_TABLE = table({ '/': blockOnly, '"': dq1, "'": sq1 });
const SCSS_TABLE = table({ '/': [blockOnly, cssLineComment], '"': dq1, "'": sq1 });
export const PROTO_TABLE = table({ '/': slashC, '"': dq1, "'": sq1 });

/** Runners that markup also uses for `<script>` and `<style>` contents. */
export const TS_RUNNER = code(TS_TABLE);
export const JSX_RUNNER = code(JSX_TABLE);
export const CSS_RUNNER = code(CSS_TABLE);
export const SCSS_RUNNER = code(SCSS_TABLE);
