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
      while (lineEnd < span.end && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
      visit(lineStart, lineEnd);
      lineStart = lineEnd + 1;
    }
  }
}
