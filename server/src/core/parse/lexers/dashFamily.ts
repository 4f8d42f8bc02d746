/**
 * The `--` family: SQL, Lua, Haskell, Elm, Ada and VHDL.
 *
 * Deliberate limits: SQL dollar-quoted bodies (`$$ … $$`) are lexed as SQL,
 * so comments in function bodies count; MySQL `#` comments are not
 * recognised.
 */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import type { Handler } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  DQ, SQ, RP, DASH, LB, BSL, BT, NO_ESCAPE, table, push, isIdent, isNewline, lineComment, nestedBlock, quoted, str,
} = scanner;
const { wordBefore, charLiteral, blockOnly, doubled1, doubledN, dqN, tripleOr, longBracket } = commonSyntax;

/** `--` to the end of the line. */
export const dashDash: Handler = (lx, i) => (lx.text.charCodeAt(i + 1) === DASH ? lineComment(lx, i) : -1);

/** SQL strings; `E'…'` (PostgreSQL) also takes backslash escapes. */
const sqlString: Handler = (lx, i) => {
  const w = wordBefore(lx, i);
  return quoted(lx, i + 1, SQ, w === 'E' || w === 'e' ? BSL : NO_ESCAPE, true, true);
};
export const SQL_TABLE = table({ '-': dashDash, '/': blockOnly, "'": sqlString, '"': doubledN(DQ), '`': doubledN(BT) });

export const LUA_TABLE = table({
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
export const HASKELL_TABLE = table({
  '-': haskellDashes,
  '{': braceDash,
  '"': dqN,
  // A quote after a name character is part of the name (x', foldl'); 'x and ''T are Template Haskell.
  "'": (lx, i) => (i > lx.begin && isIdent(lx.text.charCodeAt(i - 1)) ? -1 : charLiteral(lx, i)),
});
const ELM_MULTI = str({ q: DQ, triple: true, esc: BSL, multiline: true });
const ELM_STRING = str({ q: DQ, esc: BSL });
export const ELM_TABLE = table({ '-': dashDash, '{': braceDash, '"': tripleOr(ELM_MULTI, ELM_STRING), "'": charLiteral });

/** Ada and VHDL: `'x'` is a character literal, but a quote after a name or `)` is an attribute tick (`A'Length`). */
const tickOrChar: Handler = (lx, i) => {
  const p = i > lx.begin ? lx.text.charCodeAt(i - 1) : -1;
  if (isIdent(p) || p === RP) return -1;
  return lx.text.charCodeAt(i + 2) === SQ && !isNewline(lx.text.charCodeAt(i + 1)) ? i + 3 : -1;
};
export const ADA_TABLE = table({ '-': dashDash, '"': doubled1(DQ), "'": tickOrChar });
export const VHDL_TABLE = table({ '-': dashDash, '/': blockOnly, '"': doubled1(DQ), "'": tickOrChar });
