/** The `%` family: Erlang, MATLAB and LaTeX. */

import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import type { Handler } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  DQ, SQ, STAR, BSL, LC, NO_ESCAPE, table, push, isAlpha, isNewline, lineEnd, nextLine, lineComment, skipTo, quoted,
  skipBlanks,
} = scanner;
const { atLineStart, doubled1, dqN, sqN, isTransposeQuote } = commonSyntax;

export const ERLANG_TABLE = table({
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
export const MATLAB_TABLE = table({
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
export const LATEX_TABLE = table({ '%': lineComment, '\\': latexCommand });
