/**
 * Walks comment spans one line at a time. Scanners look at single lines so a
 * pattern's cost stays bounded by the line's length.
 */
import type { CommentSpan } from '../types';

/** Calls `visit(start, end)` for each line inside each span (`end` excludes the line break). */
export function forEachCommentLine(text: string, spans: readonly CommentSpan[], visit: (start: number, end: number) => void): void {
  for (const span of spans) {
    let lineStart = span.start;
    while (lineStart < span.end) {
      let lineEnd = lineStart;
      while (lineEnd < span.end && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
      visit(lineStart, lineEnd);
      lineStart = lineEnd + 1;
    }
  }
}

/**
 * `forEachCommentLine`, for only the lines holding `char`: those are found by
 * a native search from one `char` to the next, and the lines without it are
 * never walked. The same lines, with the same bounds, as forEachCommentLine's.
 */
export function forEachCommentLineHolding(text: string, spans: readonly CommentSpan[], char: string, visit: (start: number, end: number) => void): void {
  for (const span of spans) {
    for (let at = text.indexOf(char, span.start); at >= 0 && at < span.end; ) {
      let start = at;
      while (start > span.start && !isLineBreak(text.charCodeAt(start - 1))) start--;
      let end = at + 1;
      while (end < span.end && !isLineBreak(text.charCodeAt(end))) end++;
      visit(start, end);
      at = end < span.end ? text.indexOf(char, end + 1) : -1;
    }
  }
}

const isLineBreak = (c: number) => c === 10 || c === 13;
