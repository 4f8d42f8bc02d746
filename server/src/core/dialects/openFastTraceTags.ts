/**
 * OpenFastTrace IDs and coverage tags.
 *
 * An item ID is `type~name~revision` (`dsn~login.password-check~2`): the
 * artifact type is ASCII letters, the name starts with a letter and may hold
 * letters, digits, `_`, `-` and dots between segments, the revision is a
 * number. The engine identifies an item by `type~name` and keeps the revision
 * as the definition's version (pins must match it exactly: `strictVersion`).
 *
 * A coverage tag is written on any line of any text file, not only in
 * comments (OFT's tag importer does not know the host language):
 *
 * ```text
 * [impl->dsn~login~2]                 impl covers dsn~login~2
 * [impl~~3->dsn~login~2]              ... the generated item has revision 3
 * [impl~check-hash~3->dsn~login~2]    ... and the name check-hash
 * [impl->dsn~a~1, dsn~b~1]            one tag covering several items
 * [dsn->req~login~1>>impl,utest]      the generated item needs impl and utest
 * ```
 *
 * Every tag generates covering items (OFT's `LongTagImportingLineConsumer`):
 * with a name, one item `impl~check-hash~3` covering every ID listed;
 * without, one per covered ID, named after it (`impl~login~0`) when the tag
 * says what it needs (`>>`), else by a checksum nobody can refer to. The
 * items that can be covered or need coverage (named, or with `>>`) are
 * definitions here; the checksum-named ones are not.
 */
import type { LineIndex } from '../lineIndex';
import type { Range, RefCandidate, RequirementDef } from '../types';

const TYPE = '[A-Za-z]+';
/** `\p{Alpha}[\w-]*(?:\.[\w-]+)*` in OFT's Unicode-aware Java regex. */
const NAME_CHAR = '[\\p{L}\\p{M}\\p{Nd}\\p{Pc}-]';
const NAME = `\\p{L}${NAME_CHAR}*(?:\\.${NAME_CHAR}+)*`;
const REVISION = '[0-9]+';

/** Source of a regular expression matching one item ID. */
export const OFT_ID = `${TYPE}~${NAME}~${REVISION}`;

/** Whitespace inside a line: a tag never spans lines. */
const WS = '[^\\S\\r\\n]*';

const TAG = new RegExp(
  `\\[${WS}(${TYPE})(?:~(${NAME})?~(${REVISION}))?${WS}->${WS}` +
    `(${OFT_ID}(?:${WS},${WS}${OFT_ID})*)${WS}` +
    `(?:>>${WS}(${TYPE}(?:${WS},${WS}${TYPE})*)${WS})?\\]`,
  'gdu',
);

const ID_IN_LIST = new RegExp(OFT_ID, 'gu');

export interface OftId {
  type: string;
  name: string;
  revision: number;
}

/** Splits an ID already known to match `OFT_ID`. */
export function parseOftId(text: string): OftId {
  const first = text.indexOf('~');
  const last = text.lastIndexOf('~');
  return { type: text.slice(0, first), name: text.slice(first + 1, last), revision: Number(text.slice(last + 1)) };
}

/** The engine's requirement ID of an item: type and name, without the revision. */
export function engineId(id: OftId): string {
  return `${id.type}~${id.name}`;
}

/** An ID written in a line: its parts and its `[start, end)` columns. */
export interface LocatedOftId extends OftId {
  start: number;
  end: number;
}

export interface CoverageTag {
  /** Artifact type of the generated covering item (`impl` in `[impl->...]`). */
  coveringType: string;
  /** Name of the covering item when the tag gives one (`[impl~name~2->...]`). */
  coveringName?: string;
  /** Revision of the covering item when the tag gives one (default 0). */
  coveringRevision?: number;
  covered: LocatedOftId[];
  /** Artifact types the generated item needs (`>>impl,utest`). */
  needs: string[];
  start: number;
  end: number;
}

/** Every coverage tag in one line of text, with columns into that line. */
export function findCoverageTags(line: string): CoverageTag[] {
  if (!line.includes('->')) return [];
  const out: CoverageTag[] = [];
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(line)) !== null) {
    const listStart = m.indices![4][0];
    const covered: LocatedOftId[] = [];
    ID_IN_LIST.lastIndex = 0;
    let id: RegExpExecArray | null;
    while ((id = ID_IN_LIST.exec(m[4])) !== null) {
      const start = listStart + id.index;
      covered.push({ ...parseOftId(id[0]), start, end: start + id[0].length });
    }
    const tag: CoverageTag = {
      coveringType: m[1],
      covered,
      needs: m[5] ? m[5].split(',').map((s) => s.trim()) : [],
      start: m.index,
      end: m.index + m[0].length,
    };
    if (m[2] !== undefined) tag.coveringName = m[2];
    if (m[3] !== undefined) tag.coveringRevision = Number(m[3]);
    out.push(tag);
  }
  return out;
}

/**
 * The reference candidates of the tags in one line: one per covered ID, of
 * the covering artifact type, pinned to the covered revision.
 */
export function tagCandidates(line: string, lineNo: number): RefCandidate[] {
  const out: RefCandidate[] = [];
  for (const tag of findCoverageTags(line)) {
    for (const c of tag.covered) {
      out.push({ id: engineId(c), range: lineRange(lineNo, c.start, c.end), explicit: true, verbKind: tag.coveringType, pin: c.revision });
    }
  }
  return out;
}

/** Coverage tags of a whole text file: every line counts. */
export function scanCoverageTags(text: string, lines: LineIndex): RefCandidate[] {
  if (!text.includes('->')) return [];
  const out: RefCandidate[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const line = text.slice(lines.lineStart(l), lines.lineEnd(l));
    if (line.includes('->')) out.push(...tagCandidates(line, l));
  }
  return out;
}

/**
 * The items the tags of one line generate that are definitions: a named
 * tag's item, and one item per covered ID of a tag that needs coverage
 * (`>>`). Each is defined where its tag (named) or its covered ID is written.
 */
export function tagItems(line: string, lineNo: number, file: string): RequirementDef[] {
  const out: RequirementDef[] = [];
  for (const tag of findCoverageTags(line)) {
    const revision = tag.coveringRevision ?? 0;
    const make = (name: string, start: number, end: number, covered: LocatedOftId[]): RequirementDef => ({
      id: `${tag.coveringType}~${name}`,
      title: `${tag.coveringType}~${name}~${revision}`,
      needs: [...tag.needs],
      version: revision,
      tags: [],
      parents: [],
      text: `Generated by the coverage tag \`${line.slice(tag.start, tag.end)}\`: covers ${covered.map((c) => `${c.type}~${c.name}~${c.revision}`).join(', ')}${tag.needs.length > 0 ? `, needs ${tag.needs.join(', ')}` : ''}.`,
      file,
      range: lineRange(lineNo, start, end),
      fullRange: lineRange(lineNo, start, end),
      source: 'oft',
      strictVersion: true,
      exempt: false,
      fromTag: true,
    });
    if (tag.coveringName !== undefined) out.push(make(tag.coveringName, tag.start, tag.end, tag.covered));
    else if (tag.needs.length > 0) for (const c of tag.covered) out.push(make(c.name, c.start, c.end, [c]));
  }
  return out;
}

/** The generated items (see `tagItems`) of a whole text file. */
export function scanTagItems(text: string, lines: LineIndex, file: string): RequirementDef[] {
  if (!text.includes('->')) return [];
  const out: RequirementDef[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const line = text.slice(lines.lineStart(l), lines.lineEnd(l));
    if (line.includes('->')) out.push(...tagItems(line, l, file));
  }
  return out;
}

/**
 * The file extensions OFT's tag importer reads (`TagImporterFactory`,
 * compared exactly, case included). Markdown and reStructuredText have their
 * own rule (tags in one-line comments only).
 */
const TAG_EXTENSIONS = new Set(
  (
    'bat c C cc cpp c++ h H h++ hh hpp c# cs cfg conf ini go groovy json htm html xhtml yaml yml java clj kt scala ' +
    'js ts lua m mm php pl pm py robot pu puml plantuml r rs sh bash zsh swift tf tfvars sql pls'
  ).split(' '),
);

/** True when OFT reads coverage tags from this file. */
export function readsTags(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && TAG_EXTENSIONS.has(base.slice(dot + 1));
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
