/** The `'` and `REM` family: Visual Basic and Windows batch files. */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import type { Handler } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const { DQ, COLON, NO_ESCAPE, table, isDigit, isBlank, isNewline, lineComment } = scanner;
const { atLineStart, quote1, doubled1 } = commonSyntax;

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
export const VB_TABLE = table({ "'": lineComment, rR: remStatement(':'), '"': doubled1(DQ) });
export const BAT_TABLE = table({
  rR: remStatement('&|(@'),
  ':': (lx, i) => (lx.text.charCodeAt(i + 1) === COLON && atLineStart(lx, i) ? lineComment(lx, i) : -1),
  '"': quote1(DQ, NO_ESCAPE),
});
