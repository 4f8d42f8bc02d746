/**
 * The house Markdown spec format: a requirement is an ATX heading whose text
 * starts with an ID, followed by optional `Key: value` attribute lines and the
 * requirement's text, up to the next heading of the same or a higher level.
 *
 * ```markdown
 * ## AUTH-001: Users can log in
 * Status: approved
 * Parent: PRD-1
 * Needs: impl, test
 *
 * Users log in with email and password.
 * ```
 *
 * Only the block structure that decides what is a heading is recognised
 * (fenced and indented code, HTML comments and raw blocks, front matter, list
 * items holding fences); everything else is kept as text.
 */
import type { IdMatcher } from '../idPattern';
import { STATUSES, type FileProblem, type LinkRef, type Range, type RequirementDef, type SpecParseResult } from '../types';

/**
 * Parses a Markdown spec file. Positions are in `text` without a leading
 * byte-order mark (as editors present the document); a requirement's `text`
 * has its lines joined with `\n` whatever the file's line breaks.
 */
export function parseMarkdownSpec(text: string, file: string, ids: IdMatcher): SpecParseResult {
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const headings = findHeadings(lines);
  const idHeadings = headings.map((h) => matchIdHeading(h.content, ids));
  const definitions: RequirementDef[] = [];
  const problems: FileProblem[] = [];

  for (let h = 0; h < headings.length; h++) {
    const head = headings[h];
    const match = idHeadings[h];
    if (!match) continue;

    // The section ends at the next heading of the same or a higher level, or
    // at the next definition heading whatever its level.
    let end = lines.length;
    for (let k = h + 1; k < headings.length; k++) {
      if (headings[k].level <= head.level || idHeadings[k]) {
        end = headings[k].line;
        break;
      }
    }
    let last = end - 1;
    while (last > head.line && isBlank(lines[last])) last--;

    const idStart = head.contentStart;
    const def: RequirementDef = {
      id: match.id,
      title: match.title,
      version: 1,
      tags: [],
      parents: [],
      text: '',
      file,
      range: lineRange(head.line, idStart, idStart + match.id.length),
      fullRange: {
        start: { line: head.line, character: head.hashStart },
        end: { line: last, character: lines[last].length },
      },
      source: 'markdown',
    };

    const textStart = readAttributes(lines, head.line + 1, last + 1, def, ids, problems);
    let first = textStart;
    while (first <= last && isBlank(lines[first])) first++;
    def.text = first <= last ? lines.slice(first, last + 1).join('\n').trimEnd() : '';
    definitions.push(def);
  }
  return { definitions, problems };
}

interface Heading {
  line: number;
  level: number;
  /** Column of the first `#`. */
  hashStart: number;
  /** Heading text without the opening and closing `#` sequences. */
  content: string;
  /** Column where `content` starts. */
  contentStart: number;
}

interface Fence {
  char: string;
  length: number;
  /** Indentation of the container (a list item): a line indented less ends the fence. */
  containerIndent: number;
}

const ATX_HEADING = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])(?:([ \t]+)|$)/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
const HTML_COMMENT_OPEN = /^ {0,3}<!--/;
const RAW_HTML_OPEN = /^ {0,3}<(pre|script|style|textarea)(?=[\s>]|$)/i;

/** Finds the ATX headings that are real headings: not in code, comments or front matter. */
function findHeadings(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: Fence | undefined;
  /** Closing marker of an HTML block (`-->`, `</pre>`...) we are inside. */
  let htmlEnd: string | undefined;
  /** Content column of the list item we are in, when in one. */
  let listIndent: number | undefined;
  let prevBlank = true;

  for (let i = frontMatterEnd(lines); i < lines.length; i++) {
    const line = lines[i];
    const blank = isBlank(line);
    const indent = indentWidth(line);

    if (fence) {
      if (blank || indent >= fence.containerIndent) {
        if (isClosingFence(line, fence)) fence = undefined;
        prevBlank = blank;
        continue;
      }
      // A less indented line ends the list item, and the fence inside it.
      fence = undefined;
    }
    if (htmlEnd !== undefined) {
      if (line.toLowerCase().includes(htmlEnd)) htmlEnd = undefined;
      prevBlank = blank;
      continue;
    }
    if (blank) {
      prevBlank = true;
      continue;
    }

    const heading = ATX_HEADING.exec(line);
    // `base`: the indentation of the list item this line belongs to, if any.
    let base = 0;
    if (listIndent !== undefined) {
      if (indent >= listIndent) base = listIndent;
      else if (prevBlank || heading || FENCE_OPEN.test(line.trimStart())) listIndent = undefined;
    }
    const item = indent - base <= 3 ? LIST_ITEM.exec(line) : null;
    /** Indentation of the block holding what follows on this line. */
    let container = base;
    if (item) {
      const spaces = item[3] ? indentWidth(item[3]) : 1;
      listIndent = indentWidth(item[1]) + item[2].length + (spaces > 4 ? 1 : spaces);
      container = listIndent;
    }
    prevBlank = false;

    if (heading) {
      headings.push(parseHeading(line, i, heading));
      continue;
    }
    // 4+ columns past the container's indentation: indented code (or a
    // paragraph continuation); neither can open a fence or a heading.
    if (!item && indent - base >= 4) continue;

    const rest = item ? line.slice(item[0].length) : line.trimStart();
    const open = FENCE_OPEN.exec(rest);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      fence = { char: open[1][0], length: open[1].length, containerIndent: container };
      continue;
    }
    if (HTML_COMMENT_OPEN.test(line)) {
      if (!line.slice(line.indexOf('<!--') + 4).includes('-->')) htmlEnd = '-->';
      continue;
    }
    const raw = RAW_HTML_OPEN.exec(line);
    if (raw) {
      const close = `</${raw[1].toLowerCase()}>`;
      if (!line.toLowerCase().includes(close)) htmlEnd = close;
    }
  }
  return headings;
}

function parseHeading(line: string, lineNo: number, m: RegExpExecArray): Heading {
  const hashStart = m[1].length;
  let contentStart = m[0].length;
  while (contentStart < line.length && (line[contentStart] === ' ' || line[contentStart] === '\t')) contentStart++;
  let content = line.slice(contentStart).trimEnd();
  // Optional closing sequence: `## Title ##` (the `#`s must follow a space).
  // Scanned by hand: the regular expression for it backtracks quadratically
  // over a long run of blanks.
  let hashes = content.length;
  while (hashes > 0 && content[hashes - 1] === '#') hashes--;
  if (hashes < content.length && (hashes === 0 || content[hashes - 1] === ' ' || content[hashes - 1] === '\t')) {
    content = content.slice(0, hashes).trimEnd();
  }
  return { line: lineNo, level: m[2].length, hashStart, content, contentStart };
}

/** Front matter is a `---` block at the very start, closed by `---` or `...`. */
function frontMatterEnd(lines: string[]): number {
  if (lines.length === 0 || lines[0].trimEnd() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trimEnd();
    if (l === '---' || l === '...') return i + 1;
  }
  return 0;
}

function isClosingFence(line: string, fence: Fence): boolean {
  if (indentWidth(line) - fence.containerIndent > 3) return false;
  const t = line.trim();
  if (t.length < fence.length) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== fence.char) return false;
  return true;
}

/** The ID at the start of a heading's text, and the title after it. */
function matchIdHeading(content: string, ids: IdMatcher): { id: string; title: string } | undefined {
  const ws = /[ \t]/.exec(content);
  const token = ws ? content.slice(0, ws.index) : content;
  const candidates = [token];
  if (token.endsWith(':')) candidates.push(token.slice(0, -1));
  const colon = token.indexOf(':');
  if (colon > 0) candidates.push(token.slice(0, colon));
  for (const id of candidates) {
    if (id.length === 0 || !ids.isId(id)) continue;
    // Separators accepted between ID and title: `:`, whitespace, or a dash.
    const title = content.slice(id.length).replace(/^[ \t]*(?::|[-–—](?=[ \t]|$))?[ \t]*/, '');
    return { id, title };
  }
  return undefined;
}

interface Attribute {
  key: 'status' | 'parent' | 'needs' | 'version' | 'tags' | 'release';
  value: string;
  /** Column where the (trimmed) value starts. */
  valueStart: number;
}

const ATTRIBUTE = /^ {0,3}(?:[-*+][ \t]+)?(?:(\*\*|__)([A-Za-z]+)(?::\1|\1[ \t]*:)|([A-Za-z]+)[ \t]*:)/;
/** A Map: an object literal would take `Constructor:` or `toString:` for an attribute (its inherited keys). */
const ATTRIBUTE_KEYS = new Map<string, Attribute['key']>([
  ['status', 'status'],
  ['parent', 'parent'],
  ['parents', 'parent'],
  ['needs', 'needs'],
  ['version', 'version'],
  ['tags', 'tags'],
  ['release', 'release'],
]);

function parseAttribute(line: string): Attribute | undefined {
  const m = ATTRIBUTE.exec(line);
  if (!m) return undefined;
  const key = ATTRIBUTE_KEYS.get((m[2] ?? m[3]).toLowerCase());
  if (!key) return undefined;
  let valueStart = m[0].length;
  while (valueStart < line.length && (line[valueStart] === ' ' || line[valueStart] === '\t')) valueStart++;
  return { key, value: line.slice(valueStart).trimEnd(), valueStart };
}

/**
 * Reads the attribute lines that follow a heading (blank lines may come
 * before the first one; any other line ends them) into `def`. Returns the
 * line where the requirement's text starts.
 */
function readAttributes(
  lines: string[],
  from: number,
  to: number,
  def: RequirementDef,
  ids: IdMatcher,
  problems: FileProblem[],
): number {
  let j = from;
  while (j < to && isBlank(lines[j])) j++;
  const firstAttribute = j;
  const problem = (severity: FileProblem['severity'], message: string, range: Range) =>
    problems.push({ code: 'invalid-spec', severity, message, range, requirement: def.id });

  for (; j < to; j++) {
    const attr = parseAttribute(lines[j]);
    if (!attr) break;
    const { value, valueStart } = attr;
    const valueRange = lineRange(j, valueStart, valueStart + value.length);
    switch (attr.key) {
      case 'status': {
        const status = value.toLowerCase();
        if (status) def.status = status;
        if (!(STATUSES as readonly string[]).includes(status)) {
          const what = status ? `Unknown status '${value}'` : 'Empty status';
          problem('warning', `${what}; expected one of: ${STATUSES.join(', ')}`, valueRange);
        }
        break;
      }
      case 'parent':
        for (const item of splitList(value, valueStart)) {
          const range = lineRange(j, item.start, item.start + item.text.length);
          if (ids.isId(item.text)) def.parents.push({ id: item.text, range } satisfies LinkRef);
          else problem('error', `Parent '${item.text}' is not a requirement ID (pattern ${ids.source})`, range);
        }
        break;
      case 'needs': {
        const kinds = splitList(value, valueStart).map((k) => k.text.toLowerCase());
        def.needs = (def.needs ?? []).concat(kinds.filter((k) => k !== 'none'));
        break;
      }
      case 'version':
        if (/^\d+$/.test(value) && Number(value) > 0) def.version = Number(value);
        else problem('error', `Version must be a positive integer, not '${value}'`, valueRange);
        break;
      case 'tags':
        for (const t of splitList(value, valueStart)) def.tags.push(t.text);
        break;
      case 'release':
        if (value) def.release = value;
        else problem('warning', 'Empty release', valueRange);
        break;
    }
  }
  return j === firstAttribute ? from : j;
}

/** Comma-separated items of a value, trimmed, with their start columns. */
function splitList(value: string, valueStart: number): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let pos = 0;
  for (const part of value.split(',')) {
    const lead = part.length - part.trimStart().length;
    const text = part.trim();
    if (text) out.push({ text, start: valueStart + pos + lead });
    pos += part.length + 1;
  }
  return out;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Leading indentation in columns, tabs to the next multiple of 4. */
function indentWidth(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ' ') col++;
    else if (line[i] === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
