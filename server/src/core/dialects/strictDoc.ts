/**
 * StrictDoc (strictdoc-project/strictdoc): requirements live in `.sdoc`
 * files, code points at them with `@relation(...)` markers in comments.
 *
 * ```
 * [REQUIREMENT]
 * UID: REQ-2
 * STATUS: Active
 * TITLE: Sessions expire
 * STATEMENT: >>>
 * A session expires after 30 minutes.
 * <<<
 * RELATIONS:
 * - TYPE: Parent
 *   VALUE: REQ-1
 * ```
 *
 * Mapping to the reqtrace model, from StrictDoc's user guide and marker grammar:
 * - every node with a `UID` is a definition (`[REQUIREMENT]`,
 *   `[COMPOSITE_REQUIREMENT]`, custom grammar elements), except the document
 *   structure (`[DOCUMENT]`, `[SECTION]`/`[[SECTION]]`, `[TEXT]`, …); a node
 *   without a UID cannot be referenced and is skipped, as StrictDoc allows;
 * - `TITLE`, the content field (`STATEMENT`, `DESCRIPTION` or `CONTENT`) and
 *   `RATIONALE` give the title and text; `TAGS` the tags; `STATUS` is kept
 *   (lower-cased) except `Deleted`, which is `deprecated` for reqtrace;
 * - `RELATIONS: - TYPE: Parent / VALUE: UID` are parent links; `Child`
 *   relations name a child from its parent: they must name a defined
 *   requirement, as StrictDoc checks, but are not in the parent hierarchy.
 *   `File` relations (a requirement naming the file that implements it)
 *   are not modelled: coverage comes from the markers in the code;
 * - StrictDoc has no coverage rule: requirements need coverage only when
 *   `needs` is written in reqtrace.yaml;
 * - StrictDoc's default grammar has no release field (UID, LEVEL, STATUS,
 *   TAGS, TITLE, STATEMENT, RATIONALE, COMMENT): `release: {strictdoc: NAME}`
 *   in reqtrace.yaml names the custom grammar field that holds it;
 * - a marker is `@relation(UID, UID, scope=S)` or `@relation{…}`, with
 *   `scope=` one of file, class, function, line, range_start, range_end and
 *   an optional `role=`. `Implementation`/`Implements` cover as `impl`;
 *   `Test`/`Verification`/`Verifies`/`TestDefinition` as `test`; no role lets
 *   the file decide (test files cover `test`); any other role (`Refines`) is
 *   a reference that covers nothing. A marker may span several comment lines;
 *   in Python, docstrings are read too (StrictDoc's own examples put markers
 *   there). `@relation(skip, scope=range_start)` … `range_end` and the legacy
 *   `@sdoc[nosdoc]` … `@sdoc[/nosdoc]` hide markers; the legacy
 *   `@sdoc[UID]` … `@sdoc[/UID]` range markers are references too.
 */
import type { LineIndex } from '../lineIndex';
import type { CommentSpan, CoverageKind, FileProblem, LinkRef, Range, RefCandidate, RequirementDef, SpecParseResult } from '../types';
import type { Dialect } from './dialect';

export const strictDocDialect: Dialect = {
  name: 'strictdoc',
  description: 'StrictDoc: .sdoc documents ([REQUIREMENT] with UID, TITLE, STATEMENT, RELATIONS) and @relation(...) markers in code',
  releaseField: {
    what: 'a StrictDoc field, such as RELEASE',
    check: (name) =>
      !FIELD_NAME.test(name) ? 'a StrictDoc field name is uppercase letters, digits and _' : RESERVED_FIELDS.has(name) ? `${name} is one of StrictDoc's own fields` : undefined,
  },
  claimsSpec: (path) => isSdoc(path),
  parseSpec(text, file, ctx) {
    return isSdoc(file) ? parseSdoc(text, file, ctx.config.release.strictdoc) : undefined;
  },
  scanReferences(text, file, spans, lines) {
    return scanRelationMarkers(text, file, spans, lines);
  },
  completionAt(lineBefore, file, inComment) {
    // Python markers also live in docstrings, which are not comments.
    const m = inComment || isPython(file) ? COMPLETION.exec(lineBefore) : null;
    return m ? { typed: m[1], insertText: (def) => def.id } : undefined;
  },
};

function isSdoc(path: string): boolean {
  return path.toLowerCase().endsWith('.sdoc');
}

function isPython(path: string): boolean {
  return /\.py[iw]?$/i.test(path);
}

// ---------------------------------------------------------------- .sdoc documents

const NODE_OPEN = /^(\[\[?)([A-Z][A-Z0-9_]*)(\]\]?)[ \t]*$/;
const NODE_CLOSE = /^(\[\[?)\/([A-Z][A-Z0-9_]*)(\]\]?)[ \t]*$/;
const FIELD = /^([A-Z][A-Z0-9_]*):(?:([ \t]+)(.*))?$/;
const RELATION_ITEM = /^([ \t]*)-[ \t]+TYPE:[ \t]*(.*)$/;
const RELATION_ATTR = /^([ \t]+)([A-Z][A-Z0-9_]*):[ \t]*(.*)$/;
/** Nodes that shape the document rather than state requirements. */
const STRUCTURE = new Set(['DOCUMENT', 'GRAMMAR', 'TEXT', 'FREETEXT', 'SECTION', 'DOCUMENT_FROM_FILE']);
const CONTENT_FIELDS = ['STATEMENT', 'DESCRIPTION', 'CONTENT'];
/** Fields StrictDoc's strict rule #3 forbids to be empty (list-valued ones such as RELATIONS may be). */
const SCALAR_FIELDS = new Set(['UID', 'TITLE', 'STATUS', 'TAGS', 'STATEMENT', 'DESCRIPTION', 'CONTENT', 'RATIONALE', 'COMMENT', 'LEVEL']);
/** Fields that mean something else to StrictDoc or to this reader: never the release. */
const RESERVED_FIELDS = new Set([...SCALAR_FIELDS, 'MID', 'RELATIONS', 'REFS']);
const FIELD_NAME = /^[A-Z][A-Z0-9_]*$/;

interface FieldValue {
  value: string;
  range: Range;
}

interface Relation {
  type: string;
  line: number;
  attrs: Map<string, FieldValue>;
}

interface SdocNode {
  tag: string;
  line: number;
  column: number;
  lastLine: number;
  fields: Map<string, FieldValue>;
  relations: Relation[];
}

interface Multiline {
  node: SdocNode;
  name: string;
  line: number;
  body: string[];
}

/**
 * Parses an `.sdoc` document into definitions and problems at their exact
 * places. `releaseField` is the field that holds the release (`release:
 * {strictdoc: …}` in reqtrace.yaml).
 */
export function parseSdoc(text: string, file: string, releaseField?: string): SpecParseResult {
  const lines = text.split(/\r\n|\r|\n/);
  const definitions: RequirementDef[] = [];
  const problems: FileProblem[] = [];
  const problem = (severity: FileProblem['severity'], message: string, range: Range) =>
    problems.push({ code: 'invalid-spec', severity, message, range });
  let node: SdocNode | undefined;
  let multi: Multiline | undefined;
  let inFreeText = false;
  let inRelations = false;

  const finish = () => {
    if (node) {
      const def = definitionOf(node, file, lines, problem, releaseField);
      if (def) definitions.push(def);
    }
    node = undefined;
    inRelations = false;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (multi) {
      if (/^<<<[ \t]*$/.test(line)) {
        multi.node.fields.set(multi.name, {
          value: multi.body.join('\n'),
          range: { start: { line: multi.line, character: 0 }, end: { line: i, character: 3 } },
        });
        multi.node.lastLine = i;
        multi = undefined;
      } else multi.body.push(line);
      continue;
    }
    if (inFreeText) {
      if (/^\[\/FREETEXT\][ \t]*$/.test(line)) inFreeText = false;
      continue;
    }
    const open = NODE_OPEN.exec(line);
    const close = open ? undefined : NODE_CLOSE.exec(line);
    if ((open && open[1].length === open[3].length) || (close && close[1].length === close[3].length)) {
      finish();
      if (open?.[2] === 'FREETEXT') inFreeText = true;
      else if (open) node = { tag: open[2], line: i, column: 0, lastLine: i, fields: new Map(), relations: [] };
      continue;
    }
    if (!node || line.trim() === '') continue;
    node.lastLine = i;
    const field = FIELD.exec(line);
    if (field) {
      const [, name, gap = '', raw = ''] = field;
      inRelations = name === 'RELATIONS' || name === 'REFS';
      const value = raw.trimEnd();
      const start = name.length + 1 + gap.length;
      if (value === '>>>') {
        multi = { node, name, line: i, body: [] };
      } else if (value === '') {
        if (SCALAR_FIELDS.has(name)) problem('warning', `${name} is empty: StrictDoc does not allow empty fields (write TBD)`, lineRange(i, 0, name.length));
      } else if (!node.fields.has(name)) {
        node.fields.set(name, { value, range: lineRange(i, start, start + value.length) });
      }
      continue;
    }
    if (inRelations) readRelationLine(line, i, node, problem);
  }
  if (multi) {
    const m = multi as Multiline;
    problem('error', `${m.name}: >>> is never closed by a <<< line`, lineRange(m.line, 0, m.name.length));
    m.node.lastLine = lines.length - 1;
  }
  finish();
  return { definitions, problems };
}

/** A `- TYPE: X` item of RELATIONS, or an attribute line (`VALUE:`, `ROLE:`…) of the item before it. */
function readRelationLine(line: string, i: number, node: SdocNode, problem: (s: FileProblem['severity'], m: string, r: Range) => void): void {
  const item = RELATION_ITEM.exec(line);
  if (item) {
    node.relations.push({ type: item[2].trim(), line: i, attrs: new Map() });
    return;
  }
  const attr = RELATION_ATTR.exec(line);
  const rel = node.relations[node.relations.length - 1];
  if (attr && rel) {
    const value = attr[3].trimEnd();
    const start = line.length - attr[3].length;
    rel.attrs.set(attr[2], { value, range: lineRange(i, start, start + value.length) });
    return;
  }
  problem('warning', `not a RELATIONS item: expected '- TYPE: …' or an attribute such as 'VALUE: …'`, lineRange(i, 0, line.length));
}

function definitionOf(
  node: SdocNode,
  file: string,
  lines: string[],
  problem: (s: FileProblem['severity'], m: string, r: Range) => void,
  releaseField: string | undefined,
): RequirementDef | undefined {
  for (const rel of node.relations) {
    if ((rel.type === 'Parent' || rel.type === 'Child') && !rel.attrs.get('VALUE')?.value) {
      problem('error', `${rel.type} relation without a VALUE (the UID it points to)`, lineRange(rel.line, 0, lines[rel.line].length));
    }
  }
  const uid = node.fields.get('UID');
  if (STRUCTURE.has(node.tag) || !uid) return undefined;
  const content = CONTENT_FIELDS.map((f) => node.fields.get(f)).find((f) => f !== undefined)?.value.trim() ?? '';
  const rationale = node.fields.get('RATIONALE')?.value.trim();
  const status = node.fields.get('STATUS')?.value.trim().toLowerCase();
  const parents: LinkRef[] = node.relations
    .filter((r) => (r.type === 'Parent' || r.type === 'Child') && r.attrs.get('VALUE')?.value)
    .map((r) => {
      const v = r.attrs.get('VALUE')!;
      return r.type === 'Child' ? { id: v.value.trim(), range: v.range, relation: 'child' } : { id: v.value.trim(), range: v.range };
    });
  const def: RequirementDef = {
    id: uid.value.trim(),
    title: node.fields.get('TITLE')?.value.trim() || content.split('\n')[0].trim() || uid.value.trim(),
    version: 1,
    tags: (node.fields.get('TAGS')?.value ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    parents,
    text: rationale ? `${content}\n\nRationale: ${rationale}` : content,
    file,
    range: uid.range,
    fullRange: { start: { line: node.line, character: node.column }, end: { line: node.lastLine, character: lines[node.lastLine].length } },
    source: 'strictdoc',
    needsOnlyIfConfigured: true,
  };
  if (status) def.status = status === 'deleted' ? 'deprecated' : status;
  const release = releaseField === undefined ? undefined : node.fields.get(releaseField);
  if (release && release.value.trim().includes('\n')) problem('warning', `${releaseField} (the release) must be one line, such as 2.1 or Q3`, release.range);
  else if (release?.value.trim()) def.release = release.value.trim();
  return def;
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

// ---------------------------------------------------------------- @relation markers in code

const MARKER = /(?<![A-Za-z0-9_@])@(relation|sdoc)([({[])/g;
/** The cursor in the UID list of a marker: `@relation(REQ-1, RE`. */
const COMPLETION = /@relation[({](?:[ \t]*[A-Za-z][A-Za-z0-9_/.\\-]*[ \t]*,)*[ \t]*([A-Za-z0-9_/.\\-]*)$/;
const UID = /[A-Za-z][A-Za-z0-9_/.\\-]*/y;
const SCOPE = /(?:file|class|function|line|range_start|range_end)(?![A-Za-z0-9_])/y;
const ROLE = /[A-Za-z0-9_]+/y;
const TEST_ROLES = new Set(['test', 'tests', 'testdefinition', 'verification', 'verifies', 'verify']);
const IMPL_ROLES = new Set(['implementation', 'implements', 'impl']);
/** Comment leaders at the start of a comment line: `//`, `/**`, `*`, `#`, `--`, `;`, `%`, `<!--`, `'`, docstring quotes. */
const LEADER = /^[ \t]*(?:\/\*+!?|\/\/+!?|#+!?|--+|;+|%+|<!--|\*+(?!\/)|'(?!'')|"""|''')?/;
const CLOSER = /(?:\*+\/|-->|"""|''')[ \t]*$/;
/** Stands for code in the masked text: not whitespace, not part of any token. */
const CODE = 1;

interface Marker {
  uids: Array<{ id: string; offset: number }>;
  scope: string;
  role?: string;
}

/** The coverage kind a `role=` names; undefined lets the file decide. */
export function kindOfRole(role: string | undefined): CoverageKind | undefined {
  if (role === undefined) return undefined;
  const r = role.toLowerCase();
  if (TEST_ROLES.has(r)) return 'test';
  if (IMPL_ROLES.has(r)) return 'impl';
  return r;
}

/** Finds `@relation(...)`, `@relation{...}` and legacy `@sdoc[...]` markers in comments (and Python docstrings). */
export function scanRelationMarkers(text: string, file: string, spans: readonly CommentSpan[], lines: LineIndex): RefCandidate[] {
  if (!text.includes('@relation') && !text.includes('@sdoc[')) return [];
  const regions = isPython(file) ? [...spans, ...pythonDocstrings(text, spans)].sort((a, b) => a.start - b.start) : spans;
  const masked = maskOutsideComments(text, regions);
  const out: RefCandidate[] = [];
  let skipping = false;
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(masked)) !== null) {
    const start = m.index + m[0].length;
    const legacy = m[1] === 'sdoc';
    if (legacy !== (m[2] === '[')) continue;
    const marker = legacy ? parseLegacyMarker(masked, start) : parseRelationMarker(masked, start);
    if (!marker) continue;
    if (marker.uids.length === 1 && (marker.uids[0].id === 'skip' || marker.uids[0].id === 'nosdoc')) {
      skipping = marker.scope === 'range_start';
      continue;
    }
    if (skipping) continue;
    const verbKind = kindOfRole(marker.role);
    for (const u of marker.uids) {
      const cand: RefCandidate = { id: u.id, range: lines.rangeOf(u.offset, u.offset + u.id.length), explicit: true };
      if (verbKind !== undefined) cand.verbKind = verbKind;
      out.push(cand);
    }
  }
  return out;
}

/** `UID, UID, scope=S[, role=R]` then `)` or `}`; undefined when it is not a well-formed marker. */
function parseRelationMarker(s: string, from: number): Marker | undefined {
  let p = skipWs(s, from);
  const uids: Marker['uids'] = [];
  for (;;) {
    const uid = sticky(UID, s, p);
    if (!uid) return undefined;
    if (uid === 'scope' && uids.length > 0 && s.charCodeAt(skipWs(s, p + uid.length)) === 61 /* = */) break;
    uids.push({ id: uid, offset: p });
    p = skipWs(s, p + uid.length);
    if (s[p] !== ',') return undefined;
    p = skipWs(s, p + 1);
  }
  p = skipWs(s, skipWs(s, p + 'scope'.length) + 1);
  const scope = sticky(SCOPE, s, p);
  if (!scope) return undefined;
  p = skipWs(s, p + scope.length);
  let role: string | undefined;
  if (s[p] === ',') {
    p = skipWs(s, p + 1);
    if (sticky(/role/y, s, p) === undefined) return undefined;
    p = skipWs(s, p + 4);
    if (s[p] !== '=') return undefined;
    p = skipWs(s, p + 1);
    role = sticky(ROLE, s, p);
    if (!role) return undefined;
    p = skipWs(s, p + role.length);
  }
  if (s[p] !== ')' && s[p] !== '}') return undefined;
  return { uids, scope, role };
}

/** Legacy `@sdoc[UID, UID]` opens a range, `@sdoc[/UID]` closes it (`nosdoc` hides markers). */
function parseLegacyMarker(s: string, from: number): Marker | undefined {
  let p = from;
  const closing = s[p] === '/';
  if (closing) p++;
  const uids: Marker['uids'] = [];
  for (;;) {
    const uid = sticky(UID, s, p);
    if (!uid) return undefined;
    uids.push({ id: uid, offset: p });
    p += uid.length;
    if (s[p] === ']') break;
    if (s[p] !== ',') return undefined;
    p = skipWs(s, p + 1);
  }
  return { uids, scope: closing ? 'range_end' : 'range_start' };
}

function sticky(re: RegExp, s: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(s)?.[0];
}

function skipWs(s: string, p: number): number {
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    p++;
  }
  return p;
}

/**
 * The text with everything outside the regions replaced by a code mark
 * (whitespace kept) and comment leaders blanked, at the same offsets: a
 * marker may run over several comment lines, never across code.
 */
function maskOutsideComments(text: string, regions: readonly CommentSpan[]): string {
  const buf = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    buf[i] = c === 32 || c === 9 || c === 10 || c === 13 ? c : CODE;
  }
  for (const r of regions) {
    let ls = r.start;
    while (ls < r.end) {
      let le = ls;
      while (le < r.end && text.charCodeAt(le) !== 10 && text.charCodeAt(le) !== 13) le++;
      const line = text.slice(ls, le);
      const lead = LEADER.exec(line)![0].length;
      const close = CLOSER.exec(line.slice(lead));
      const stop = close ? lead + close.index : line.length;
      for (let i = 0; i < line.length; i++) buf[ls + i] = i >= lead && i < stop ? line.charCodeAt(i) : 32;
      ls = le + 1;
    }
  }
  return new TextDecoder('utf-16le').decode(buf);
}

/**
 * Triple-quoted strings that stand as a statement of their own (docstrings)
 * in a Python file: the lexer keeps strings out of comments, but StrictDoc
 * reads markers in docstrings.
 */
export function pythonDocstrings(text: string, comments: readonly CommentSpan[]): CommentSpan[] {
  const out: CommentSpan[] = [];
  let c = 0;
  for (let i = 0; i < text.length; ) {
    while (c < comments.length && comments[c].end <= i) c++;
    if (c < comments.length && comments[c].start <= i) {
      i = comments[c].end;
      continue;
    }
    const ch = text[i];
    if (ch !== '"' && ch !== "'") {
      i++;
      continue;
    }
    const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    let j = i + quote.length;
    while (j < text.length && !text.startsWith(quote, j)) {
      if (text[j] === '\\') j++;
      else if (quote.length === 1 && (text[j] === '\n' || text[j] === '\r')) break;
      j++;
    }
    const end = Math.min(text.length, j + quote.length);
    if (quote.length === 3) {
      const lineStart = Math.max(text.lastIndexOf('\n', i - 1), text.lastIndexOf('\r', i - 1)) + 1;
      if (/^[ \t]*[rRbBuUfF]{0,2}$/.test(text.slice(lineStart, i))) out.push({ start: i, end });
    }
    i = end;
  }
  return out;
}
