/**
 * How the lines of one file moved between two revisions, from the hunks of a
 * zero-context diff (`git diff -U0`): which lines the change touched, and
 * where an untouched line went. Lines here are 1-based, as in the hunks.
 */

/** One hunk of `@@ -oldStart,oldLines +newStart,newLines @@`. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

/** Where a line of one side is on the other: a line, or inside the hunk with this index (the change touched it). */
export type MappedLine = { line: number } | { hunk: number };

export class LineMap {
  /** The map of a file whose content did not change. */
  static readonly IDENTITY = new LineMap([]);

  /** A file that exists on one side only: every line of it is touched. */
  static readonly WHOLE = new LineMap([{ oldStart: 0, oldLines: Number.MAX_SAFE_INTEGER, newStart: 0, newLines: Number.MAX_SAFE_INTEGER }]);

  private readonly hunks: readonly Hunk[];

  constructor(hunks: readonly Hunk[]) {
    this.hunks = [...hunks].sort((a, b) => a.oldStart - b.oldStart || a.newStart - b.newStart);
  }

  get changed(): boolean {
    return this.hunks.length > 0;
  }

  /** A base line at head. */
  toHead(oldLine: number): MappedLine {
    return this.map(oldLine, 'old');
  }

  /** A head line at the base. */
  toBase(newLine: number): MappedLine {
    return this.map(newLine, 'new');
  }

  /** True when the change wrote this head line (added or rewrote it). */
  touchedAtHead(newLine: number): boolean {
    return 'hunk' in this.toBase(newLine);
  }

  /** True when any head line in [from, to] was written by the change. */
  touchesHeadRange(from: number, to: number): boolean {
    return this.hunks.some((h) => h.newLines > 0 && h.newStart <= to && h.newStart + h.newLines - 1 >= from);
  }

  private map(line: number, side: 'old' | 'new'): MappedLine {
    let shift = 0;
    for (let i = 0; i < this.hunks.length; i++) {
      const h = this.hunks[i];
      const [start, count, otherCount] = side === 'old' ? [h.oldStart, h.oldLines, h.newLines] : [h.newStart, h.newLines, h.oldLines];
      // A hunk with no lines on this side sits after line `start`: lines up to it are before the hunk.
      const first = count === 0 ? start + 1 : start;
      if (line < first) break;
      if (count > 0 && line < start + count) return { hunk: i };
      shift += otherCount - count;
    }
    return { line: line + shift };
  }
}
