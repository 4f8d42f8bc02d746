/**
 * Doorstop (doorstop-dev/doorstop): a document is a folder holding a
 * `.doorstop.yml` (`settings: {prefix, sep, digits, parent}`), and every
 * requirement is one YAML item file in it, named by its UID (`REQ001.yml`:
 * prefix `REQ`, separator `''`, number padded to `digits`).
 *
 * Mapping to the reqtrace model, from Doorstop's reference docs
 * (docs/reference/item.md) and its source (doorstop/core/item.py, types.py,
 * document.py, validators/item_validator.py):
 * - the UID is the file name without the extension;
 * - an item belongs to the document of its nearest folder holding a
 *   `.doorstop.yml` (sub-folders without one belong to it, as in Doorstop's
 *   walk); a document with a `.doorstop.skip` is skipped. `.doorstop.yml`
 *   itself is read for the document's prefix, its parent and whether extra
 *   attributes enter the review stamps;
 * - coverage is Doorstop's: a normative item of a document that has child
 *   documents needs a link from an item of one of them (checked where the
 *   index knows the tree: check/doorstopRules.ts); items need no code
 *   coverage unless `needs` is written in reqtrace.yaml;
 * - `reviewed` is compared with the item's review stamp, `Item.stamp(links=True)`:
 *   a difference is Doorstop's "unreviewed changes";
 * - the title is `header` (first line), else the first line of `text`;
 *   the requirement's text is `text`;
 * - `active: false` items are skipped entirely, as Doorstop's validation
 *   skips them: links and references to them are broken / unknown;
 * - `normative: false` items (headings, comments) need no coverage;
 * - `links` are the parent links. Each may carry the parent's fingerprint at
 *   the time the link was reviewed (`- REQ001: <fingerprint>`). Doorstop
 *   calls a link "suspect" when that differs from the parent's current
 *   fingerprint, `Item.stamp()`: SHA-256 over the UID, the normalised
 *   `text`, the stripped `ref` and (when present) `references`, in URL-safe
 *   Base64. Note that this is not the parent's `reviewed` value, which also
 *   hashes the parent's own links (`stamp(links=True)`).
 *
 * An item carries its current fingerprint and each link the one it was
 * reviewed at; the checks report a link whose two differ as a
 * `stale-reference` at the link. Links without a fingerprint
 * (`null`, or not yet reviewed) and fingerprints of Doorstop 1 (MD5) are not
 * compared. Extended reviewed attributes (`attributes: reviewed:` in
 * `.doorstop.yml`) also enter Doorstop's fingerprints; reqtrace does not
 * hash them, so the checks compare neither links to the items of such a
 * document nor their `reviewed` stamps.
 *
 * Doorstop has no release attribute. `release: {doorstop: NAME}` in
 * reqtrace.yaml names the extended item attribute that holds one (Doorstop
 * allows any number of them, docs/reference/item.md "Extended Item
 * Attributes"); a number is kept as written (`2.10`). Defaults for it given
 * in `.doorstop.yml` (`attributes: defaults:`) are not applied.
 *
 * In code, Doorstop UIDs of an uppercase prefix, an optional `-`/`.`
 * separator and a number (`REQ001`, `LLR.042`) are found in comments, bare or
 * after a verb; a bare one counts when a defined item shares its prefix, as
 * for house IDs. Doorstop has no versions, so a pin (`REQ001@2`) is ignored.
 */
import { sha256 } from '@noble/hashes/sha2';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { createIdMatcher, type IdMatcher } from '../idPattern';
import { LineIndex } from '../lineIndex';
import { scanReferences } from '../parse/referenceScanner';
import { withoutHouseIds } from './houseOverlap';
import type { CommentSpan, DocumentSettings, FileProblem, LinkRef, Range, RefCandidate, RequirementDef, SpecParseResult } from '../types';
import type { Dialect, DialectContext } from './dialect';

const DOCUMENT_FILE = '.doorstop.yml';
/** A document holding this file is skipped by Doorstop. */
const SKIP_FILE = '.doorstop.skip';
/** An item file: Doorstop reads `.yml` and `.yaml` (any case); hidden files are not items. */
const ITEM_FILE = /^([^.].*)\.ya?ml$/i;
/**
 * Doorstop's UID check (`UID.split_uid`): a prefix, a separator of `-_.`
 * and a number or name; or a prefix ending in a non-digit, then digits.
 */
const UID = /^(?:[\p{L}\p{N}_.-]+[-_.][\p{L}\p{N}_]+|[\p{L}\p{N}_.-]*\P{Nd}\p{Nd}+)$/u;
/** The cursor in a `links` entry of an item: `- REQ0`. */
const LINK_ENTRY = /^-[ \t]+([A-Za-z0-9_.-]*)$/;
/** A fingerprint of Doorstop ≥ 2: a SHA-256 digest in URL-safe Base64 with its padding. */
const FINGERPRINT = /^[A-Za-z0-9_-]{43}=$/;
/**
 * Doorstop UIDs in code comments. No `_` separator, so that sphinx-needs IDs
 * (`REQ_001`) never match both dialects; `-` UIDs are usually house IDs too,
 * and those are left to the house scanner.
 */
const CODE_UID: IdMatcher = createIdMatcher('[A-Z]+(?:[0-9]+[A-Z]+)*[.-]?[0-9]+');
/** Python's whitespace (`str.strip`, `str.rstrip`). */
const PY_SPACE = '[ \\t\\n\\r\\v\\f\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRAILING_SPACE = new RegExp(`${PY_SPACE}+$`);
const LEADING_SPACE = new RegExp(`^${PY_SPACE}+`);
/** Python's `str.isprintable` is false for "Other" and "Separator" characters (the ASCII space aside). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}]/u;


/** Doorstop's standard item attributes: none of them can hold a release. */
const STANDARD_ATTRIBUTES = new Set(['active', 'derived', 'normative', 'level', 'header', 'reviewed', 'links', 'references', 'ref', 'text']);

export const doorstopDialect: Dialect = {
  name: 'doorstop',
  readsFileList: true,
  description: 'Doorstop: one YAML item file per requirement in folders with a .doorstop.yml; links with fingerprints',
  markers: ['**/' + DOCUMENT_FILE],
  releaseField: {
    what: 'a Doorstop item attribute',
    check: (name) => (STANDARD_ATTRIBUTES.has(name) ? `it is a standard Doorstop attribute; name an extended attribute such as 'target_release'` : undefined),
  },
  claimsSpec: (path, ctx) => isDocumentFile(path) || isDoorstopItem(path, ctx),
  parseSpec(text, file, ctx) {
    if (isDocumentFile(file)) return parseDoorstopDocument(text);
    return isDoorstopItem(file, ctx) ? parseDoorstopItem(text, file, ctx.config.release.doorstop) : undefined;
  },
  scanReferences(text, _file, spans, lines, ctx) {
    return scanDoorstopReferences(text, spans, lines, ctx.ids);
  },
  completionAt(lineBefore, file) {
    // Doorstop writes `links` entries at column 0; `text` lines are indented.
    const m = LINK_ENTRY.exec(lineBefore);
    const name = ITEM_FILE.exec(file.slice(file.lastIndexOf('/') + 1));
    return m && name && UID.test(name[1]) ? { typed: m[1], insertText: (def) => def.id } : undefined;
  },
};

function isDocumentFile(path: string): boolean {
  return path === DOCUMENT_FILE || path.endsWith('/' + DOCUMENT_FILE);
}

/**
 * True for `dir/UID.yml` when `dir` or a folder above it holds a
 * `.doorstop.yml` (the nearest one is its document), unless that document
 * is skipped by a `.doorstop.skip`.
 */
export function isDoorstopItem(path: string, ctx: DialectContext): boolean {
  let slash = path.lastIndexOf('/');
  const name = ITEM_FILE.exec(path.slice(slash + 1));
  if (!name || !UID.test(name[1])) return false;
  for (;;) {
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const inDir = (f: string) => (dir === '' ? f : `${dir}/${f}`);
    if (ctx.fileExists(inDir(DOCUMENT_FILE))) return !ctx.fileExists(inDir(SKIP_FILE));
    if (slash < 0) return false;
    slash = dir.lastIndexOf('/');
  }
}

/**
 * A document's settings: its prefix (default `REQ`), its parent, and
 * whether `attributes: reviewed:` adds item attributes to the review
 * stamps. Never throws; YAML errors are located problems.
 */
export function parseDoorstopDocument(text: string): SpecParseResult {
  const src = text.replace(/\r(?!\n)/g, '\n');
  const lines = new LineIndex(src);
  const doc = parseDocument(src, { version: '1.1', prettyErrors: false });
  const problems: FileProblem[] = doc.errors.map((e) => ({
    code: 'invalid-spec',
    severity: 'error',
    message: `YAML syntax: ${e.message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '')}`,
    range: lines.rangeOf(e.pos[0], e.pos[1]),
  }));
  const root = doc.contents;
  const field = (node: unknown, key: string): unknown => (isMap(node) ? node.get(key, true) : undefined);
  const settings = field(root, 'settings');
  const text1 = (node: unknown): string | undefined => (isScalar(node) && node.value != null && String(node.value).trim() !== '' ? String(node.value).trim() : undefined);
  // Doorstop's Prefix keeps the text up to the first space.
  const prefix = (text1(field(settings, 'prefix')) ?? 'REQ').split(' ')[0];
  const parent = text1(field(settings, 'parent'));
  const reviewed = field(field(root, 'attributes'), 'reviewed');
  const document: DocumentSettings = { prefix };
  if (parent) document.parent = parent;
  if (isSeq(reviewed) && reviewed.items.length > 0) document.extendedReview = true;
  return { definitions: [], problems, document };
}

/**
 * Doorstop's order of UIDs (`UID.__lt__`): by prefix without case, then
 * number, then name; UIDs it cannot split compare as strings.
 */
export function compareUids(a: string, b: string): number {
  const x = splitUid(a);
  const y = splitUid(b);
  const lt = (p: string, q: string) => {
    if (!x || !y) return p < q;
    if (x.prefix.toLowerCase() !== y.prefix.toLowerCase()) return x.prefix.toLowerCase() < y.prefix.toLowerCase();
    if (x.number !== y.number) return x.number < y.number;
    return x.name < y.name;
  };
  return lt(a, b) ? -1 : lt(b, a) ? 1 : 0;
}

/** Doorstop's `UID.split_uid`: prefix, number (-1 for a name) and name, or undefined for an invalid UID. */
function splitUid(uid: string): { prefix: string; number: number; name: string } | undefined {
  const named = /^([\p{L}\p{N}_.-]+)[-_.]([\p{L}\p{N}_]+)/u.exec(uid);
  if (named) return /^\p{Nd}+$/u.test(named[2]) ? { prefix: named[1], number: Number(named[2]), name: '' } : { prefix: named[1], number: -1, name: named[2] };
  const numbered = /^([\p{L}\p{N}_.-]*\P{Nd})(\p{Nd}+)/u.exec(uid);
  if (numbered) return { prefix: numbered[1].replace(/[-_.]+$/, ''), number: Number(numbered[2]), name: '' };
  return undefined;
}

/** Doorstop's `to_bool` of a scalar value. */
function isTrue(value: unknown): boolean {
  if (typeof value === 'string') return ['yes', 'true', 'enabled', '1'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

/**
 * Doorstop's fingerprint of an item (`Item.stamp()`): SHA-256 over the UID,
 * the normalised text, the stripped ref and, when the item has some,
 * Python's `str()` of its normalised `references`. With `links` (sorted in
 * Doorstop's UID order), it is the review stamp, `Item.stamp(links=True)`.
 */
export function doorstopFingerprint(uid: string, text: string, ref: string, references?: string, links: readonly string[] = []): string {
  // @noble/hashes: pure JavaScript, the same in Node and in a web worker. The parts hashed one after the
  // other are their concatenation, hashed at once; no `references` adds nothing to it.
  return `${base64url(sha256(utf8.encode(uid + text + ref + (references ?? '') + links.join(''))))}=`;
}

const utf8 = new TextEncoder();
/** Unpadded base64url, as Python's `urlsafe_b64encode` less its padding (Doorstop adds one `=`). */
function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}


/** Doorstop's `Text.load_text`: no leading or trailing blank lines, no trailing spaces on a line. */
export function loadText(value: string): string {
  return value
    .replace(/^\n+/, '')
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => l.replace(TRAILING_SPACE, ''))
    .join('\n');
}

/**
 * Parses one item file. Never throws; positions are in `text`. The result
 * of an inactive item has no definition. `releaseAttribute` is the extended
 * attribute that holds the release (`release: {doorstop: …}` in reqtrace.yaml).
 */
export function parseDoorstopItem(text: string, file: string, releaseAttribute?: string): SpecParseResult {
  // The `yaml` package breaks lines at `\n` only; a lone `\r` becomes `\n`, keeping every offset.
  return new ItemReader(text.replace(/\r(?!\n)/g, '\n'), file, releaseAttribute).read();
}

interface Located {
  text: string;
  range: Range;
}

class ItemReader {
  private readonly lines: LineIndex;
  private readonly problems: FileProblem[] = [];
  private syntaxErrors = 0;
  private readonly uid: string;

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly releaseAttribute?: string,
  ) {
    this.lines = new LineIndex(src);
    const base = file.slice(file.lastIndexOf('/') + 1);
    this.uid = base.slice(0, base.lastIndexOf('.'));
  }

  read(): SpecParseResult {
    // PyYAML reads Doorstop items, so YAML 1.1 (`active: yes` is true).
    const doc = parseDocument(this.src, { version: '1.1', prettyErrors: false });
    for (const e of doc.errors) {
      const sentence = e.message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '');
      this.problem('error', `YAML syntax: ${sentence}`, this.lines.rangeOf(e.pos[0], e.pos[1]));
    }
    this.syntaxErrors = doc.errors.length;
    const root = doc.contents;
    const fields = new Map<string, Pair>();
    if (isMap(root)) {
      // PyYAML keeps the last of duplicate keys.
      for (const pair of root.items as Pair[]) if (isScalar(pair.key)) fields.set(String(pair.key.value), pair);
    } else if (root && !(isScalar(root) && root.value == null)) {
      this.problem('error', 'A Doorstop item must be a YAML mapping (text, links, active...)', this.nodeRange(root));
      return this.result([]);
    }
    if (!toBool(fields.get('active'), true)) return this.result([]);

    const text = loadText(this.stringField(fields.get('text')) ?? '');
    const header = loadText(this.stringField(fields.get('header')) ?? '');
    const ref = (this.stringField(fields.get('ref')) ?? '').replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
    const references = this.references(fields.get('references'));
    const title = this.title(header ? fields.get('header') : fields.get('text'), header || text);
    const fingerprint = doorstopFingerprint(this.uid, text, ref, references);
    const parents = this.links(fields.get('links'));

    const def: RequirementDef = {
      id: this.uid,
      title: title.text,
      text,
      version: 1,
      fingerprint,
      idIsFileName: true,
      tags: [],
      parents,
      file: this.file,
      range: title.range,
      fullRange: this.lines.rangeOf(0, this.src.length),
      source: 'doorstop',
      needsOnlyIfConfigured: true,
    };
    if (!toBool(fields.get('normative'), true)) def.needs = [];
    const release = this.release(this.releaseAttribute === undefined ? undefined : fields.get(this.releaseAttribute));
    if (release) def.release = release;
    const reviewed = fields.get('reviewed');
    // A true `reviewed` means "matches"; null or false means never reviewed, which Doorstop stamps silently.
    if (reviewed && isScalar(reviewed.value) && typeof reviewed.value.value === 'string' && reviewed.value.value.trim() !== '' && !isTrue(reviewed.value.value)) {
      const links = [...new Set(parents.map((p) => p.id))].sort(compareUids);
      const current = doorstopFingerprint(this.uid, text, ref, references, links);
      def.review = { stored: reviewed.value.value.trim(), current, range: this.nodeRange(reviewed.value) };
    }
    return this.result([def]);
  }

  private result(definitions: RequirementDef[]): SpecParseResult {
    // A half-typed item: its syntax errors say it all, complaints about its shape would be noise.
    if (this.syntaxErrors > 0) this.problems.length = this.syntaxErrors;
    const problems = this.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { definitions, problems };
  }

  /** The title (first line of the header, else of the text, without Markdown heading marks) and where it is written. */
  private title(pair: Pair | undefined, source: string): Located {
    const first = (source.split('\n').find((l) => l.trim() !== '') ?? '').replace(/^#+[ \t]*/, '').trim();
    if (!pair || !first) return { text: first, range: this.zeroRange() };
    return this.located(pair.value, first);
  }

  /** The parent links, with the parent's fingerprint at review where it is comparable. */
  private links(pair: Pair | undefined): LinkRef[] {
    const parents: LinkRef[] = [];
    const list = pair?.value;
    if (!pair || list == null || (isScalar(list) && list.value == null)) return parents;
    if (!isSeq(list)) {
      this.problem('error', `'links' must be a list of parent UIDs`, this.nodeRange(list), this.uid);
      return parents;
    }
    for (const entry of list.items as Array<Node | null>) {
      let uidNode: unknown = entry;
      let uid: string | undefined;
      let stamp: unknown;
      if (isScalar(entry) && entry.value != null) {
        // `- REQ001`, or the older one-string form `- REQ001:fingerprint`.
        const written = scalarText(entry);
        const colon = written.lastIndexOf(':');
        uid = colon < 0 ? written : written.slice(0, colon);
        stamp = colon < 0 ? undefined : written.slice(colon + 1);
      } else if (isMap(entry) && entry.items.length === 1 && isScalar(entry.items[0].key)) {
        const link = entry.items[0] as Pair;
        uidNode = link.key;
        uid = scalarText(link.key as { value: unknown; source?: string });
        stamp = isScalar(link.value) ? link.value.value : undefined;
      }
      if (uid === undefined) {
        this.problem('error', 'A link must be a parent UID, or `UID: fingerprint`', this.nodeRange(entry ?? list), this.uid);
        continue;
      }
      const at = this.located(uidNode, uid.trim());
      if (!UID.test(at.text)) {
        this.problem('error', `'${at.text}' is not a Doorstop UID`, at.range, this.uid);
        continue;
      }
      const link: LinkRef = { id: at.text, range: at.range };
      if (typeof stamp === 'string' && FINGERPRINT.test(stamp.trim())) link.fingerprint = stamp.trim();
      parents.push(link);
    }
    return parents;
  }

  /**
   * Python's `str()` of the normalised `references` (Doorstop keeps `type`,
   * the stripped `path` and `keyword`, in that order), or undefined when
   * there are none.
   */
  private references(pair: Pair | undefined): string | undefined {
    const list = pair?.value;
    if (!pair || !isSeq(list) || list.items.length === 0) return undefined;
    const out: string[] = [];
    for (const entry of list.items) {
      const fields = new Map<string, unknown>();
      if (isMap(entry)) for (const p of entry.items as Pair[]) if (isScalar(p.key)) fields.set(String(p.key.value), p.value);
      const type = fields.get('type');
      const path = fields.get('path');
      if (!isScalar(type) || !isScalar(path)) {
        this.problem('error', `Each reference needs a 'type' and a 'path'`, this.nodeRange(entry ?? list), this.uid);
        return undefined;
      }
      const parts = [`'type': ${pyRepr(type.value)}`, `'path': ${pyRepr(String(path.value ?? '').replace(LEADING_SPACE, '').replace(TRAILING_SPACE, ''))}`];
      const keyword = fields.get('keyword');
      if (fields.has('keyword')) parts.push(`'keyword': ${pyRepr(isScalar(keyword) ? keyword.value : null)}`);
      out.push(`{${parts.join(', ')}}`);
    }
    return `[${out.join(', ')}]`;
  }

  /** The release attribute's value as written (`2.10` stays 2.10); undefined, with a warning, for a list, mapping or boolean. */
  private release(pair: Pair | undefined): string | undefined {
    const node = pair?.value;
    if (!pair || node == null || (isScalar(node) && node.value == null)) return undefined;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return scalarText(node).trim() || undefined;
    this.problem('warning', `'${this.releaseAttribute}' (the release) must be a name or number, such as 2.1 or "Q3"`, this.nodeRange(node), this.uid);
    return undefined;
  }

  /** A scalar field's text (`''` when empty); undefined, with a problem, for a list or mapping. */
  private stringField(pair: Pair | undefined): string | undefined {
    if (!pair || pair.value == null) return undefined;
    if (isScalar(pair.value)) return scalarText(pair.value);
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    this.problem('error', `'${key}' must be a string`, this.nodeRange(pair.value), this.uid);
    return undefined;
  }

  /** Where `text` is written inside `node`, else the node's start. */
  private located(node: unknown, text: string): Located {
    const r = offsetsOf(node);
    if (!r) return { text, range: this.zeroRange() };
    const at = text ? this.src.slice(r[0], r[1]).indexOf(text) : -1;
    if (at >= 0) return { text, range: this.lines.rangeOf(r[0] + at, r[0] + at + text.length) };
    return { text, range: this.nodeRange(node) };
  }

  private nodeRange(node: unknown): Range {
    const r = offsetsOf(node);
    if (!r) return this.zeroRange();
    let end = r[1];
    while (end > r[0] && /\s/.test(this.src[end - 1])) end--;
    return this.lines.rangeOf(r[0], end);
  }

  private zeroRange(): Range {
    return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }

  private problem(severity: FileProblem['severity'], message: string, range: Range, requirement?: string): void {
    const p: FileProblem = { code: 'invalid-spec', severity, message, range };
    if (requirement) p.requirement = requirement;
    this.problems.push(p);
  }
}

/** Doorstop's `to_bool`: strings `yes`, `true`, `enabled` and `1` are true; other values by truthiness. */
function toBool(pair: Pair | undefined, fallback: boolean): boolean {
  if (!pair) return fallback;
  return isTrue(isScalar(pair.value) ? pair.value.value : pair.value);
}

/** A scalar's text as written: `007` stays `007`. */
function scalarText(node: { value: unknown; source?: string }): string {
  if (node.value == null) return '';
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

function offsetsOf(node: unknown): [number, number, number] | undefined {
  return (node as { range?: [number, number, number] | null } | null | undefined)?.range ?? undefined;
}

/** Python's `repr()` of a YAML scalar value (strings, integers, booleans, None). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value !== 'string') return String(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp > 0x7f && NON_PRINTABLE.test(ch))) {
      out += cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * Doorstop UIDs in comments, by the house reference scanner (verbs, lists)
 * with the Doorstop UID shape. IDs the house pattern finds are left to the
 * house scanner, so nothing is counted twice; pins are dropped.
 */
export function scanDoorstopReferences(text: string, spans: readonly CommentSpan[], lines: LineIndex, ids: IdMatcher): RefCandidate[] {
  const out = withoutHouseIds(scanReferences(text, spans, CODE_UID, lines), text, lines, ids);
  for (const c of out) {
    delete c.pin;
    delete c.pinRange;
  }
  return out;
}

