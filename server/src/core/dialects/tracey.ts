/**
 * Tracey (bearcove/tracey): requirements are defined in Markdown by a marker
 * paragraph `r[auth.login]` (or `r[auth.login+2]` for version 2), at column 0
 * or inside a blockquote; the text up to the next blank line, heading or
 * marker (or the rest of the blockquote) is the requirement. Code comments
 * refer to them as `r[impl auth.login]`, `r[verify auth.login]`,
 * `r[depends auth.login]` and `r[related auth.login]`.
 *
 * Mapping to the reqtrace model, from Tracey's own documentation:
 * - the prefix (`r`, `h2`, `req`…) names a spec, not the requirement: the ID
 *   is `auth.login`; a definition ID needs at least one dot;
 * - `impl` covers as `impl`, `verify` as `test`; `depends` and `related` are
 *   references that cover nothing (kinds `depends` / `related`);
 * - a reference without a suffix means version 1, and only a reference at the
 *   current version covers: `strictVersion` on requirements above version 1,
 *   and every reference carries its pin, so older ones are stale;
 * - a verb-less `r[auth.login]` is an `impl` reference. Tracey infers the
 *   valid prefixes from the specs; reqtrace scans each file on its own, so a
 *   verb-less marker with another prefix (`h2[x.y]`) or an undotted ID
 *   (`r[i]`) counts only when its ID is defined somewhere (it is too easily
 *   ordinary code otherwise);
 * - annotations in backticks and lines under `@tracey:ignore-next-line` or
 *   between `@tracey:ignore-start` / `@tracey:ignore-end` are skipped.
 */
import { forEachCommentLine } from '../parse/commentLines';
import type { LineIndex } from '../lineIndex';
import type { CommentSpan, FileProblem, Range, RefCandidate, RequirementDef, SpecParseResult } from '../types';
import type { Dialect } from './dialect';

/** `auth.login`, `api.v2.response-format`: dot-separated segments of letters, digits, `-` and `_`. */
const SEGMENTS = '[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*';
/** A definition marker that is the whole (quote-stripped) line: prefix, bracket content. */
const DEF_LINE = /^([a-z][a-z0-9]*)\[([^\]\s]+)\][ \t]*$/;
const DEF_ID = new RegExp(`^(${SEGMENTS})(?:\\+([1-9][0-9]{0,8}))?$`);
/** A reference in a comment: prefix, optional verb, ID, optional version. */
const REF = new RegExp(`(?<![A-Za-z0-9_])([a-z][a-z0-9]*)\\[(?:([a-z]+)[ \\t]+)?(${SEGMENTS})(?:\\+([1-9][0-9]{0,8}))?\\]`, 'dg');
/** The cursor right after `r[`, `r[impl ` or `h2[verify auth.lo`: prefix, verb, typed part of the ID. */
const COMPLETION = /(?<![A-Za-z0-9_])([a-z][a-z0-9]*)\[(?:([a-z]+)[ \t]+)?([A-Za-z0-9_.-]*)$/;
const QUOTE_MARKER = /^ {0,3}>[ \t]?/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
/** Verbs and the coverage kind each names. */
const VERBS = new Map<string, string>([
  ['impl', 'impl'],
  ['verify', 'test'],
  ['depends', 'depends'],
  ['related', 'related'],
]);
/** Longest title taken from the requirement's first sentence. */
const TITLE_MAX = 100;

export const traceyDialect: Dialect = {
  name: 'tracey',
  description: 'Tracey: r[id] / r[id+2] markers in Markdown specs, r[impl id] / r[verify id] in code comments',
  markers: ['.config/tracey/config.styx'],
  parseSpec(text, file) {
    const lower = file.toLowerCase();
    if (!lower.endsWith('.md') && !lower.endsWith('.markdown')) return undefined;
    const result = parseTraceySpec(text, file);
    return result.definitions.length > 0 || result.problems.length > 0 ? result : undefined;
  },
  scanReferences(text, _file, spans, lines) {
    return scanTraceyReferences(text, spans, lines);
  },
  completionAt(lineBefore, _file, inComment) {
    const m = inComment ? COMPLETION.exec(lineBefore) : null;
    if (!m || (m[2] === undefined ? m[1] !== 'r' : !VERBS.has(m[2]))) return undefined;
    // A Tracey requirement above version 1 is referenced at its current version.
    return { typed: m[3], insertText: (def) => (def.source === 'tracey' && def.version > 1 ? `${def.id}+${def.version}` : def.id) };
  },
};

interface Fence {
  char: string;
  length: number;
  /** Blockquote depth the fence was opened at. */
  depth: number;
}

interface Line {
  /** Blockquote depth (number of `>`). */
  depth: number;
  /** Column where the content starts, after the quote markers. */
  column: number;
  content: string;
}

/** Splits off the blockquote markers of a line. With `depth`, strips at most that many. */
function splitQuote(raw: string, maxDepth = Infinity): Line {
  let depth = 0;
  let column = 0;
  while (depth < maxDepth) {
    const m = QUOTE_MARKER.exec(raw.slice(column));
    if (!m) break;
    column += m[0].length;
    depth++;
  }
  return { depth, column, content: raw.slice(column) };
}

/** Parses the Tracey requirement markers of a Markdown file. */
export function parseTraceySpec(text: string, file: string): SpecParseResult {
  const lines = text.split(/\r\n|\r|\n/);
  const definitions: RequirementDef[] = [];
  const problems: FileProblem[] = [];
  /** Marker lines outside code: line number → parsed line. */
  const markers = new Map<number, Line & { prefix: string; inner: string }>();
  let fence: Fence | undefined;

  for (let i = 0; i < lines.length; i++) {
    if (fence) {
      const inFence = splitQuote(lines[i], fence.depth);
      if (inFence.depth === fence.depth) {
        const close = FENCE.exec(inFence.content);
        if (close && close[1][0] === fence.char && close[1].length >= fence.length && close[2].trim() === '') fence = undefined;
        continue;
      }
      // The blockquote holding the fence ended, and the fence with it.
      fence = undefined;
    }
    const line = splitQuote(lines[i]);
    const open = FENCE.exec(line.content);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = { char: open[1][0], length: open[1].length, depth: line.depth };
      continue;
    }
    // Column 0 outside a blockquote; right after the markers inside one.
    const m = DEF_LINE.exec(line.content);
    if (m && (line.depth > 0 || line.column === 0)) markers.set(i, { ...line, prefix: m[1], inner: m[2] });
  }

  for (const [i, marker] of markers) {
    const innerStart = marker.column + marker.prefix.length + 1;
    const idMatch = DEF_ID.exec(marker.inner);
    if (!idMatch || !idMatch[1].includes('.')) {
      if (/[A-Za-z]/.test(marker.inner) && /^[A-Za-z0-9_.+-]+$/.test(marker.inner)) {
        problems.push({
          code: 'invalid-spec',
          severity: 'warning',
          message: `'${marker.inner}' is not a Tracey requirement ID: dot-separated segments of letters, digits, '-' and '_' (at least one dot), optionally '+N' with N ≥ 1`,
          range: lineRange(i, innerStart, innerStart + marker.inner.length),
        });
      }
      continue;
    }
    const body = requirementBody(lines, i, marker, markers);
    const last = body.lastLine;
    definitions.push({
      id: idMatch[1],
      title: titleOf(body.text) || idMatch[1],
      version: idMatch[2] ? Number(idMatch[2]) : 1,
      tags: [],
      parents: [],
      text: body.text,
      file,
      range: lineRange(i, innerStart, innerStart + idMatch[1].length),
      fullRange: { start: { line: i, character: marker.column }, end: { line: last, character: lines[last].length } },
      source: 'tracey',
      ...(idMatch[2] && Number(idMatch[2]) > 1 ? { strictVersion: true } : {}),
    });
  }
  return { definitions, problems };
}

/**
 * The text of the requirement whose marker is on line `at`: the lines up to
 * a blank line, a heading or another marker; in a blockquote, the rest of the
 * blockquote (blank `>` lines included) up to another marker at its depth.
 */
function requirementBody(lines: string[], at: number, marker: Line, markers: Map<number, Line>): { text: string; lastLine: number } {
  const out: string[] = [];
  let last = at;
  for (let k = at + 1; k < lines.length && !markers.has(k); k++) {
    if (marker.depth === 0) {
      if (lines[k].trim() === '' || HEADING.test(lines[k])) break;
      out.push(lines[k]);
    } else {
      const inner = splitQuote(lines[k], marker.depth);
      if (inner.depth < marker.depth) break;
      out.push(inner.content);
    }
    last = k;
  }
  while (out.length > 0 && out[out.length - 1].trim() === '') {
    out.pop();
    last--;
  }
  return { text: out.join('\n').trim(), lastLine: last };
}

/** The first sentence of the text, on one line, shortened to a title. */
function titleOf(text: string): string {
  const para = text.split(/\n[ \t]*\n/)[0].replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(para)?.[1] ?? para;
  return sentence.length > TITLE_MAX ? `${sentence.slice(0, TITLE_MAX - 1).trimEnd()}…` : sentence;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Finds `PREFIX[verb id+N]` references in the comment spans of a source file. */
export function scanTraceyReferences(text: string, spans: readonly CommentSpan[], lines: LineIndex): RefCandidate[] {
  const out: RefCandidate[] = [];
  let ignoreLine = -1;
  let inIgnoreBlock = false;
  forEachCommentLine(text, spans, (lineStart, lineEnd) => {
    const lineText = text.slice(lineStart, lineEnd);
    const lineNo = lines.positionAt(lineStart).line;
    if (lineText.includes('@tracey:ignore-start')) inIgnoreBlock = true;
    const skipped = inIgnoreBlock || lineNo === ignoreLine;
    if (lineText.includes('@tracey:ignore-end')) inIgnoreBlock = false;
    if (lineText.includes('@tracey:ignore-next-line')) ignoreLine = lineNo + 1;
    if (!skipped && lineText.includes('[')) scanLine(lineText, lineStart, lines, out);
  });
  return out;
}

function scanLine(line: string, offset: number, lines: LineIndex, out: RefCandidate[]): void {
  const ticks = backtickRanges(line);
  REF.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = REF.exec(line)) !== null) {
    const [, prefix, verb, id, version] = m;
    if (ticks.some(([a, b]) => m!.index >= a && m!.index < b)) continue;
    const idStart = m.indices![3][0];
    const cand: RefCandidate = {
      id,
      range: lines.rangeOf(offset + idStart, offset + idStart + id.length),
      // Without a verb, only `r` with a dotted ID is surely Tracey's (`r[i]` is code talk);
      // unknown verbs are kept (Tracey warns) but cover nothing.
      explicit: verb ? VERBS.has(verb) : prefix === 'r' && id.includes('.'),
      verbKind: verb ? (VERBS.get(verb) ?? verb) : 'impl',
      pin: version ? Number(version) : 1,
      // `+N` after the ID, or where it would go: the stale-pin fix writes the current version there.
      pinRange: version
        ? lines.rangeOf(offset + m.indices![4][0] - 1, offset + m.indices![4][1])
        : lines.rangeOf(offset + idStart + id.length, offset + idStart + id.length),
      pinPrefix: '+',
    };
    out.push(cand);
  }
}

/** `[start, end)` column ranges of backtick code spans in a comment line. */
function backtickRanges(line: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) !== 96) continue;
    if (open < 0) open = i;
    else {
      out.push([open, i + 1]);
      open = -1;
    }
  }
  return out;
}
