/**
 * The `#` family: Python, R, YAML, TOML, Dockerfile, CMake, PowerShell,
 * Elixir, Julia, GraphQL and HCL (Terraform). Ruby, Perl, shell and make,
 * with their heredocs and regex literals, are in `scriptLanguages.ts`.
 */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import { HoleKind, type Handler, type Lx, type Str } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  SP, DQ, HASH, SQ, LP, PLUS, COMMA, DASH, COLON, LT, EQ, QM, LB, BSL, BT, LC, NO_ESCAPE, table, push, isIdent, isAlpha,
  isDigit, isBlank, isNewline, lineEnd, nextLine, lineComment, skipTo, block, nestedBlock, quoted, skipBlanks, str, scanStr,
} = scanner;
const {
  wordBefore, atLineStart, prevOnLine, closerOf, delimited, charLiteral, heredocBody, heredocWord, newline, onNextLine,
  skipEscaped, slashC, quoteN, doubledN, dqN, backtickRaw1, isTriple, tripleOr, longBracket, isTransposeQuote,
} = commonSyntax;

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
export const PYTHON_TABLE = table({ '#': lineComment, '"\'': pyString });

function rRaw(lx: Lx, i: number): number {
  // r"(…)", R'[…]', r"--{…}--": dashes and bracket choose the closing delimiter.
  const { text } = lx;
  let j = i + 1;
  while (text.charCodeAt(j) === DASH) j++;
  const open = text.charCodeAt(j);
  if (open !== LP && open !== LB && open !== LC) return quoted(lx, i + 1, text.charCodeAt(i), BSL, false, true);
  return skipTo(lx, j + 1, String.fromCharCode(closerOf(open)) + text.slice(i + 1, j) + text.charAt(i));
}
export const R_TABLE = table({
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

export const YAML_TABLE = table({
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
export const TOML_TABLE = table({
  '#': lineComment,
  '"': (lx, i) => (isTriple(lx, i) ? scanStr(lx, i + 3, TOML_DQ3) : quoted(lx, i + 1, DQ, BSL, false, false)),
  "'": (lx, i) => (isTriple(lx, i) ? scanStr(lx, i + 3, TOML_SQ3) : quoted(lx, i + 1, SQ, NO_ESCAPE, false, false)),
});

/** Dockerfile: `#` is a comment only as the first thing on a line. */
export const DOCKER_TABLE = table({ '#': (lx, i) => (atLineStart(lx, i) ? lineComment(lx, i) : -1) });

export const CMAKE_TABLE = table({
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
export const PS_TABLE = table({
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
export const ELIXIR_TABLE = table({
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

export const JULIA_TABLE = table({
  '#': (lx, i) => (lx.text.charCodeAt(i + 1) === EQ ? nestedBlock(lx, i, '#=', '=#') : lineComment(lx, i)),
  '"': tripleOr(JL_DQ3, JL_DQ),
  "'": (lx, i) => (isTransposeQuote(lx, i) ? -1 : charLiteral(lx, i)),
  '`': quoteN(BT),
});

const GQL_BLOCK = str({ q: DQ, triple: true, esc: BSL, multiline: true });
const GQL_STRING = str({ q: DQ, esc: BSL });
export const GRAPHQL_TABLE = table({ '#': lineComment, '"': tripleOr(GQL_BLOCK, GQL_STRING) });

const HCL_STRING = str({ q: DQ, esc: BSL, hole: HoleKind.Hcl, dollarEscape: true });
export const HCL_TABLE = table({
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
