/** Offsets to line and character positions and back, for every parser and scanner of the core. */
import { countByte, forgetBytes } from './lineBreaks';
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

  /** The UTF-8 bytes of the text, when their offsets are its offsets: the cursor counts breaks in them (lineBreaks.ts). */
  private bytes: Uint8Array | undefined;

  /**
   * Cheap: the line starts are only found when first needed (most files of
   * a large workspace never ask). `bytes`, the UTF-8 the text was decoded
   * from, lets the cursor count line breaks in bulk; the caller calls
   * `release` before it reuses them.
   */
  constructor(
    private readonly text: string,
    bytes?: Uint8Array,
  ) {
    // Equal lengths mean equal offsets (see lineBreaks.ts).
    if (bytes !== undefined && bytes.length === text.length) this.bytes = bytes;
  }

  /** Lets go of the bytes given at construction; later lookups find the line starts in the text. */
  release(): void {
    if (this.bytes === undefined) return;
    forgetBytes(this.bytes);
    this.bytes = undefined;
    // The cursor's state is the bulk count's: go on from the line starts.
    this.cursorOffset = -1;
  }

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
      if (this.cursorNextBreak === -2 && this.hasCarriageReturn()) this.cursorOffset = -1;
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

  /** Whether a `\r` is in the text (every byte of it is one unit when there are bytes). */
  private hasCarriageReturn(): boolean {
    const found = this.bytes === undefined ? undefined : countByte(this.bytes, 13, 0, this.bytes.length);
    return found === undefined ? this.text.indexOf('\r') >= 0 : found > 0;
  }

  /** `positionAt` for an offset at or after the previous one, in a text whose only line break is `\n`. */
  private advance(off: number): Position {
    const text = this.text;
    if (this.bytes !== undefined) {
      const breaks = countByte(this.bytes, 10, this.cursorOffset, off);
      if (breaks !== undefined) {
        if (breaks > 0) {
          this.cursorLine += breaks;
          this.cursorLineStart = text.lastIndexOf('\n', off - 1) + 1;
        }
        // Not -2: the text was searched for a `\r` once.
        this.cursorNextBreak = -1;
        this.cursorOffset = off;
        return { line: this.cursorLine, character: off - this.cursorLineStart };
      }
      // The module cannot run here, or has no room for the bytes: count with indexOf, from the start.
      this.bytes = undefined;
      this.cursorLine = 0;
      this.cursorLineStart = 0;
      this.cursorNextBreak = -2;
    }
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
