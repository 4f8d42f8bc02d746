/**
 * Dialects whose IDs can look like house IDs (Doorstop's `LLR-012`,
 * sphinx-needs' `REQ_001` under a custom pattern) leave those to the house
 * scanner, so one written ID is never two references.
 */
import type { IdMatcher } from '../idPattern';
import type { LineIndex } from '../lineIndex';
import type { RefCandidate } from '../types';

/** Drops candidates that overlap an ID the house matcher finds on the same line. */
export function withoutHouseIds(cands: RefCandidate[], text: string, lines: LineIndex, ids: IdMatcher): RefCandidate[] {
  const hitsByLine = new Map<number, Array<[number, number]>>();
  return cands.filter((c) => {
    const line = c.range.start.line;
    let hits = hitsByLine.get(line);
    if (!hits) {
      const lineText = text.slice(lines.lineStart(line), lines.lineEnd(line));
      hits = ids.findAll(lineText).map((h): [number, number] => [h.offset, h.offset + h.id.length]);
      hitsByLine.set(line, hits);
    }
    return !hits.some(([s, e]) => s < c.range.end.character && e > c.range.start.character);
  });
}
