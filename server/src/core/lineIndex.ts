/** Offsets to line and character positions and back, for every parser and scanner of the core. */
import type { Position, Range } from './types';

/**
 * Converts between string offsets and {line, character} positions of one
 * text. `\n`, `\r\n` and a lone `\r` each end a line (as in LSP). Columns are
 * UTF-16 code units. Built once per text in O(n); each lookup is a binary
 * search over the line starts.
 */
export class LineIndex {
  private starts: number[] | undefined;
  /**
   * A forward-only cursor for the commonest use, a scanner asking for the
   * positions of its hits in document order: it counts line breaks from the
   * previous answer on, and the line starts (an array as long as the file has
   * lines, built for every indexed file otherwise) are never made. -1 once the
   * text turned out to hold a `\r` or a lookup went backwards.
   */
  private cursorOffset = 0;
  private cursorLine = 0;
  private cursorLineStart = 0;
  /** The first `\n` at or after `cursorOffset` (-1: none), so each break is searched for once. */
  private cursorNextBreak = -2;

  /** Cheap: the line starts are only found when first needed (most files of a large workspace never ask). */
  constructor(private readonly text: string) {}

  /** Offset of the first character of each line; `lineStarts[0]` is 0. */
  private get lineStarts(): number[] {
    return (this.starts ??= findLineStarts(this.text));
  }

  /** Number of lines; a text ending with a line break has an empty last line. */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offset where `line` starts (clamped to the text). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    return this.lineStarts[line];
  }

  /**
   * The position of `offset`, clamped to `[0, text.length]`. An offset
   * between the `\r` and `\n` of a line break maps to the end of the line.
   */
  positionAt(offset: number): Position {
    const off = Math.max(0, Math.min(offset, this.text.length));
    if (this.starts === undefined && this.cursorOffset >= 0) {
      if (this.cursorNextBreak === -2 && this.text.indexOf('\r') >= 0) this.cursorOffset = -1;
      else if (off >= this.cursorOffset) return this.advance(off);
      else this.cursorOffset = -1;
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(off, this.lineEnd(lo)) - this.lineStarts[lo] };
  }

  /** `positionAt` for an offset at or after the previous one, in a text whose only line break is `\n`. */
  private advance(off: number): Position {
    const text = this.text;
    let next = this.cursorNextBreak === -2 ? text.indexOf('\n') : this.cursorNextBreak;
    while (next >= 0 && next < off) {
      this.cursorLine++;
      this.cursorLineStart = next + 1;
      next = text.indexOf('\n', next + 1);
    }
    this.cursorNextBreak = next;
    this.cursorOffset = off;
    return { line: this.cursorLine, character: off - this.cursorLineStart };
  }

  /**
   * The offset of `pos`. Lines past the end clamp to the text's end; a
   * character past the end of its line clamps to the line's end (before the
   * line break), as LSP asks.
   */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    return start + Math.max(0, Math.min(pos.character, this.lineEnd(pos.line) - start));
  }

  /** Offset of the end of `line`'s content, before its line break. */
  lineEnd(line: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length - 1) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.lineStarts[line]);
  }

  /** The range between two offsets. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // The common case: only LF. indexOf runs natively, several times faster than a loop over every character.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}
