/**
 * A spec file's older revision read from its newer one: the lines of the two
 * are diffed, the requirements whose lines no change touches are carried over
 * (same content, lines shifted), and only the lines of the touched ones are
 * parsed, alone. Parsing a whole revision costs ~100× more than one
 * requirement's lines (a YAML file of 100 requirements: ~20 ms), and walking a
 * spec's history visits every revision. Whenever the step is not clear-cut (a
 * change before the first requirement or across requirements' boundaries
 * that cannot be placed, two definitions of one ID, a large rewrite), the
 * caller parses the whole revision instead; a test compares both ways on
 * random histories.
 */
import { diffLines } from 'diff';

/** A requirement in one revision: its content key and text, and its lines [start, end). */
export interface Section {
  id: string;
  start: number;
  end: number;
  key: string;
  text: string;
}

/** One revision's requirements in line order, and its line count. */
export interface RevisionSections {
  sections: Section[];
  lines: number;
}

/** A definition as a parse of some lines found it: where it starts, and its content. */
export interface ParsedDef {
  id: string;
  line: number;
  key: string;
  text: string;
}

/** Edits past which a diff costs more than parsing the whole revision. */
const MAX_EDIT_LENGTH = 200;

/** Lines as `diffLines` counts them: a last line without a newline is one too. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/**
 * Sections from a parse of a whole revision: each requirement runs from its
 * first line to the next one's (the last to the end). Undefined when an ID is
 * defined twice (then lines cannot be told apart by ID).
 */
export function sectionsOf(defs: readonly ParsedDef[], lines: number): RevisionSections | undefined {
  const sorted = [...defs].sort((a, b) => a.line - b.line);
  if (new Set(sorted.map((d) => d.id)).size !== sorted.length) return undefined;
  const sections = sorted.map((d, i) => ({ id: d.id, key: d.key, text: d.text, start: d.line, end: i + 1 < sorted.length ? sorted[i + 1].line : lines }));
  return { sections, lines };
}

/**
 * The older revision's sections from the newer one's, parsing only the lines
 * of touched requirements with `parseLines` (which returns their definitions
 * with 0-based lines relative to the text given, or undefined when it cannot).
 */
export function deriveOlder(
  newer: RevisionSections,
  newerText: string,
  olderText: string,
  parseLines: (text: string) => ParsedDef[] | undefined,
): RevisionSections | undefined {
  const parts = diffLines(olderText, newerText, { maxEditLength: MAX_EDIT_LENGTH });
  if (!parts) return undefined;
  const { sections } = newer;
  if (sections.length === 0) return undefined;
  const touched = new Array<boolean>(sections.length).fill(false);
  /** Newer line → older line, for lines both have. */
  const toOlder = new Map<number, number>();
  let o = 0;
  let n = 0;
  // The section holding newer line `line` (-1 before the first).
  const sectionAt = (line: number) => {
    let lo = 0;
    let hi = sections.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sections[mid].start <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  for (const part of parts) {
    const count = part.count ?? 0;
    if (!part.added && !part.removed) {
      for (let k = 0; k < count; k++) toOlder.set(n + k, o + k);
      o += count;
      n += count;
    } else if (part.removed) {
      // Lines only the older has, at newer point n: they belong to the section there, or, at a boundary, to either.
      const at = sectionAt(n);
      const before = sectionAt(n - 1);
      if (at < 0 || before < 0) return undefined;
      touched[at] = true;
      touched[before] = true;
      o += count;
    } else {
      const first = sectionAt(n);
      if (first < 0) return undefined;
      for (let s = first; s <= sectionAt(n + count - 1); s++) touched[s] = true;
      n += count;
    }
  }
  const olderLines = o;
  const olderLineStarts = lineStarts(olderText);
  const out: Section[] = [];
  for (let i = 0; i < sections.length; ) {
    const s = sections[i];
    if (!touched[i]) {
      const start = toOlder.get(s.start);
      if (start === undefined) return undefined;
      out.push({ ...s, start, end: start + (s.end - s.start) });
      i++;
      continue;
    }
    // A run of touched sections: its older lines lie between the untouched neighbours' (or the file's end).
    let j = i;
    while (j + 1 < sections.length && touched[j + 1]) j++;
    // After the untouched section before; for the first, after the untouched lines before any requirement.
    const from = i > 0 ? out[out.length - 1].end : s.start === 0 ? 0 : (toOlder.get(s.start - 1) ?? -2) + 1;
    if (from < 0) return undefined;
    const next = j + 1 < sections.length ? toOlder.get(sections[j + 1].start) : olderLines;
    if (next === undefined || next < from) return undefined;
    // The older revision has no lines there: those requirements did not exist yet.
    if (next === from) {
      i = j + 1;
      continue;
    }
    const text = olderText.slice(olderLineStarts[from] ?? olderText.length, olderLineStarts[next] ?? olderText.length);
    const defs = parseLines(text);
    if (!defs) return undefined;
    const block = sectionsOf(
      defs.map((d) => ({ ...d, line: d.line + from })),
      next,
    );
    // Lines before the block's first requirement would belong to the section before, whose content was carried over.
    if (!block || block.sections.length === 0 || block.sections[0].start !== from) return undefined;
    for (const b of block.sections) out.push(b);
    i = j + 1;
  }
  if (new Set(out.map((s) => s.id)).size !== out.length) return undefined;
  return { sections: out, lines: olderLines };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}
