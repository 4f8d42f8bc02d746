/**
 * The `;` family: Common Lisp, Scheme, Emacs Lisp, Clojure and assembly.
 *
 * Deliberate limit: Scheme `#;` datum comments are ordinary text.
 */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import type { Handler } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const { BSL, PIPE, table, isIdent, lineComment, nestedBlock } = scanner;
const { atLineStart, skipEscaped, blockOnly, quoteN, dq1, sq1, dqN } = commonSyntax;

const lispHash: Handler = (lx, i) => {
  const n = lx.text.charCodeAt(i + 1);
  if (n === PIPE) return nestedBlock(lx, i, '#|', '|#');
  return n === BSL ? i + 3 : -1; // #\; #\" character objects
};
export const LISP_TABLE = table({
  ';': lineComment,
  '#': lispHash,
  '"': dqN,
  '|': quoteN(PIPE), // |symbol with ; in it|
  '\\': skipEscaped,
});
export const ELISP_TABLE = table({
  ';': lineComment,
  '"': dqN,
  // ?\" ?; ?\; character syntax, not inside names like `foo?`.
  '?': (lx, i) => {
    if (i > lx.begin && isIdent(lx.text.charCodeAt(i - 1))) return -1;
    return lx.text.charCodeAt(i + 1) === BSL ? i + 3 : i + 2;
  },
  '\\': skipEscaped,
});
export const CLOJURE_TABLE = table({ ';': lineComment, '"': dqN, '\\': skipEscaped });
export const ASM_TABLE = table({
  ';': lineComment,
  '#': (lx, i) => (atLineStart(lx, i) ? lineComment(lx, i) : -1),
  '/': blockOnly,
  '"': dq1,
  "'": sq1,
});
