/**
 * sphinx-needs (useblocks/sphinx-needs): requirements ("needs") are written
 * in reStructuredText directives, and the `needs` builder (or
 * `needs_build_json = True`) exports them all to a `needs.json`:
 *
 * ```json
 * { "current_version": "1.0",
 *   "versions": { "1.0": { "needs": { "REQ_001": {
 *     "id": "REQ_001", "title": "…", "status": "open", "type": "req",
 *     "links": ["SPEC_001"], "content": "…", "docname": "auth", "lineno": 12 } } } } }
 * ```
 *
 * reqtrace reads that export, not the .rst sources. Mapping, from the
 * sphinx-needs docs (docs/builders.rst, the `needs_schema` in the export):
 * - the needs of `current_version` are read (the export keeps older versions
 *   beside it as history), else of the last version in the file;
 * - id, title, status (as written, lower-cased: sphinx-needs statuses are
 *   the project's own), tags; the text is `content` (older exports:
 *   `description`), followed by the type and the source document and line;
 * - `links` are the parent links; every other link type (`needs_extra_links`:
 *   the fields the export's `needs_schema` types as links, else those with a
 *   `<field>_back` backlink field) is a relation that must name a defined
 *   need too. A link to a need part (`REQ_001.1`) links to its need when the
 *   need has that part, and is dead otherwise. A dead link of a need whose
 *   export says its dead links are allowed (`has_dead_links` without
 *   `has_forbidden_dead_links`) is an info, as sphinx-needs logs it;
 *   backlinks are derived data and ignored;
 * - sphinx-needs has no coverage rule: needs need coverage only when `needs`
 *   is written in reqtrace.yaml;
 * - exports with `needs_defaults_removed` leave out fields at their default;
 * - sphinx-needs has no release option: `release: {sphinx-needs: NAME}` in
 *   reqtrace.yaml names the extra option (`needs_extra_options`, exported as
 *   a field of each need) that holds it; a number is kept as written.
 *
 * A file named `needs.json` without a `versions` object is not an export
 * and is ignored. Need IDs with an underscore (`REQ_001`, `R_F4722`) are
 * found in code comments: bare ones in uppercase, counting when a defined
 * need shares their prefix (as house IDs do); lowercase ones
 * (`req_arch_001`) only after a verb and ending in digits.
 */
import { createIdMatcher, type IdMatcher } from '../idPattern';
import { LineIndex } from '../lineIndex';
import { scanReferences } from '../parse/referenceScanner';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { withoutHouseIds } from './houseOverlap';
import type { CommentSpan, FileProblem, LinkRef, Range, RefCandidate, RequirementDef, SpecParseResult } from '../types';
import type { Dialect } from './dialect';

const EXPORT_FILE = 'needs.json';
/** Need IDs in code: letters and digits in `_`-joined segments (never a Doorstop or default house ID). */
const NEED_ID: IdMatcher = createIdMatcher('[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+');
/** A need option: a Python keyword argument of the directive. */
const OPTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const sphinxNeedsDialect: Dialect = {
  name: 'sphinx-needs',
  description: 'sphinx-needs: the needs.json export (needs builder, needs_build_json) as requirements; need IDs in code comments',
  markers: ['**/' + EXPORT_FILE],
  releaseField: {
    what: 'a need option (one of needs_extra_options)',
    check: (name) => (OPTION_NAME.test(name) ? undefined : 'a need option is a name of letters, digits and _'),
  },
  claimsSpec: isNeedsExport,
  parseSpec(text, file, ctx) {
    return isNeedsExport(file) ? parseNeedsJson(text, file, ctx.config.release['sphinx-needs']) : undefined;
  },
  scanReferences(text, _file, spans, lines, ctx) {
    return scanNeedReferences(text, spans, lines, ctx.ids);
  },
};

export function isNeedsExport(path: string): boolean {
  return path === EXPORT_FILE || path.endsWith('/' + EXPORT_FILE);
}

/** `[start, end)` offsets of a JSON value in the text. */
interface Span {
  start: number;
  end: number;
}

interface Entry {
  key: string;
  keySpan: Span;
  value: Span;
  node: JsonNode;
}

/**
 * Positions inside JSON text, from jsonc-parser's syntax tree (strict JSON:
 * no comments, no trailing commas). `JSON.parse` still builds the values.
 */
const STRICT_JSON = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

class JsonPositions {
  readonly root: JsonNode | undefined;
  readonly errors: ParseError[] = [];

  constructor(text: string) {
    this.root = parseTree(text, this.errors, STRICT_JSON);
  }

  /** The entries of an object node, in text order. */
  entries(node: JsonNode | undefined): Entry[] {
    if (node?.type !== 'object') return [];
    return (node.children ?? []).flatMap((prop) => {
      const [k, v] = prop.children ?? [];
      if (!k || !v) return [];
      return [{ key: k.value as string, keySpan: spanOf(k), value: spanOf(v), node: v }];
    });
  }

  /** The items of an array node, in text order. */
  items(node: JsonNode | undefined): Span[] {
    return node?.type === 'array' ? (node.children ?? []).map(spanOf) : [];
  }
}

function spanOf(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Parses a `needs.json`. Undefined when the JSON is not a sphinx-needs export
 * (no `versions` object). Never throws. `releaseOption` is the need option
 * that holds the release (`release: {sphinx-needs: …}` in reqtrace.yaml).
 */
export function parseNeedsJson(text: string, file: string, releaseOption?: string): SpecParseResult | undefined {
  return new ExportReader(text, file, releaseOption).read();
}

class ExportReader {
  private readonly lines: LineIndex;
  private positions!: JsonPositions;
  private readonly problems: FileProblem[] = [];
  private readonly definitions: RequirementDef[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly releaseOption?: string,
  ) {
    this.lines = new LineIndex(text);
  }

  read(): SpecParseResult | undefined {
    try {
      this.positions = new JsonPositions(this.text);
    } catch (e) {
      // jsonc-parser recurses per nesting level; an export is never nested thousands deep.
      if (!(e instanceof RangeError)) throw e;
      this.problem('This JSON is nested too deeply to read', this.lines.rangeOf(0, 0));
      return this.result();
    }
    let data: unknown;
    try {
      data = JSON.parse(this.text);
    } catch (e) {
      const at = Math.max(0, jsonErrorOffset(this.text, this.positions.errors));
      // V8's message without its position or its quote of the text.
      const message = (e as Error).message.replace(/, (?:\.\.\.)?".*$/s, '').replace(/ (?:in JSON )?at position \d+.*$/s, '');
      this.problem(`Invalid JSON: ${message}`, this.lines.rangeOf(at, Math.min(at + 1, this.text.length)));
      return this.result();
    }
    if (!isObject(data) || !('versions' in data)) return undefined;
    const root = this.positions.entries(this.positions.root);
    const versionsAt = last(root, 'versions') as Entry;
    if (!isObject(data.versions)) {
      this.problem(`'versions' must be an object of versions, each with its 'needs'`, this.rangeOf(versionsAt.value));
      return this.result();
    }
    const versions = this.positions.entries(versionsAt.node);
    if (versions.length === 0) return this.result();
    const current = str(data.current_version);
    const chosen = (current !== undefined && last(versions, current)) || versions[versions.length - 1];
    const version = data.versions[chosen.key];
    const needsAt = isObject(version) ? last(this.positions.entries(chosen.node), 'needs') : undefined;
    if (!isObject(version) || !needsAt || !isObject(version.needs)) {
      this.problem(`Version '${chosen.key}' has no 'needs' object`, this.rangeOf(chosen.keySpan));
      return this.result();
    }
    const needs = version.needs;
    const entries = new Map(this.positions.entries(needsAt.node).map((e) => [e.key, e]));
    const linkTypes = linkFields(version, needs);
    for (const entry of entries.values()) this.readNeed(entry, needs[entry.key], needs, linkTypes);
    return this.result();
  }

  private readNeed(entry: Entry, need: unknown, all: Json, linkTypes: readonly string[]): void {
    if (!isObject(need)) {
      this.problem(`Need '${entry.key}' must be an object`, this.inner(entry.keySpan));
      return;
    }
    const fields = this.positions.entries(entry.node);
    const idAt = last(fields, 'id');
    const id = str(need.id) || entry.key;
    const range = id === entry.key || !idAt ? this.inner(entry.keySpan) : this.inner(idAt.value);
    const def: RequirementDef = {
      id,
      title: (str(need.title) ?? '').trim(),
      text: this.textOf(need),
      version: 1,
      tags: Array.isArray(need.tags) ? need.tags.filter((t): t is string => typeof t === 'string') : [],
      parents: linkTypes.flatMap((field) => this.links(need, field, last(fields, field), id, all)),
      file: this.file,
      range,
      fullRange: this.lines.rangeOf(entry.keySpan.start, entry.value.end),
      source: 'sphinx-needs',
      needsOnlyIfConfigured: true,
    };
    const status = str(need.status)?.trim().toLowerCase();
    if (status) def.status = status;
    const release = this.releaseOption === undefined ? undefined : this.release(need[this.releaseOption], last(fields, this.releaseOption), id);
    if (release) def.release = release;
    this.definitions.push(def);
  }

  /** The release option's value: a string, or a number as written (`2.10`); empty is none (an extra option's default). */
  private release(value: unknown, at: Entry | undefined, id: string): string | undefined {
    if (value == null || !at) return undefined;
    if (typeof value === 'string') return value.trim() || undefined;
    if (typeof value === 'number') return this.text.slice(at.value.start, at.value.end);
    this.problem(`'${this.releaseOption}' of ${id} (the release) must be a name or number, such as "2.1" or "Q3"`, this.rangeOf(at.value), id, 'warning');
    return undefined;
  }

  /** The need's content, then its type and where it is written in the Sphinx project. */
  private textOf(need: Json): string {
    const parts: string[] = [];
    const body = (str(need.content) ?? str(need.description) ?? '').trim();
    if (body) parts.push(body);
    const meta: string[] = [];
    const type = str(need.type);
    const typeName = str(need.type_name);
    if (type) meta.push(`Type: ${typeName ? `${typeName} (${type})` : type}`);
    const docname = str(need.docname);
    if (docname) {
      // `doctype` is left out of exports at its default, `.rst`.
      const line = typeof need.lineno === 'number' ? `:${need.lineno}` : '';
      meta.push(`Source: ${docname}${str(need.doctype) ?? '.rst'}${line}`);
    }
    const url = str(need.external_url);
    if (need.is_external === true && url) meta.push(`External: ${url}`);
    if (meta.length > 0) parts.push(meta.join(' · '));
    return parts.join('\n\n');
  }

  /** The links of one link field (`links` are parent links; other types are relations named by their field). */
  private links(need: Json, field: string, at: Entry | undefined, id: string, all: Json): LinkRef[] {
    const value = need[field];
    if (!at || value == null) return [];
    if (!Array.isArray(value)) {
      this.problem(`'${field}' of ${id} must be a list of need IDs`, this.rangeOf(at.value), id);
      return [];
    }
    // The export tells whether this need's dead links are allowed (`allow_dead_links` of their link type).
    const deadAllowed = need.has_dead_links === true && need.has_forbidden_dead_links === false;
    const out: LinkRef[] = [];
    const spans = this.positions.items(at.node);
    value.forEach((link: unknown, i) => {
      const span = spans[i];
      if (typeof link !== 'string' || link.trim() === '') {
        this.problem(`Each link of ${id} must be a need ID`, this.rangeOf(span), id);
        return;
      }
      // `REQ_001.1` links to part 1 of REQ_001, when REQ_001 has that part.
      const dot = link.indexOf('.');
      const base = dot > 0 && !Object.hasOwn(all, link) ? all[link.slice(0, dot)] : undefined;
      const target = isObject(base) && isObject(base.parts) && Object.hasOwn(base.parts, link.slice(dot + 1)) ? link.slice(0, dot) : link;
      const inner = this.inner(span);
      const exact = inner.start.line === inner.end.line && inner.end.character - inner.start.character === link.length;
      const ref: LinkRef = {
        id: target,
        range: exact ? { start: inner.start, end: { line: inner.start.line, character: inner.start.character + target.length } } : inner,
      };
      if (field !== 'links') ref.relation = field;
      if (deadAllowed) ref.deadAllowed = true;
      out.push(ref);
    });
    return out;
  }

  private result(): SpecParseResult {
    return { definitions: this.definitions, problems: this.problems };
  }

  /** A string token without its quotes (the whole token when it has escapes). */
  private inner(span: Span): Range {
    const raw = this.text.slice(span.start, span.end);
    if (raw.startsWith('"') && !raw.includes('\\')) return this.lines.rangeOf(span.start + 1, span.end - 1);
    return this.rangeOf(span);
  }

  private rangeOf(span: Span): Range {
    return this.lines.rangeOf(span.start, span.end);
  }

  private problem(message: string, range: Range, requirement?: string, severity: FileProblem['severity'] = 'error'): void {
    const p: FileProblem = { code: 'invalid-spec', severity, message, range };
    if (requirement) p.requirement = requirement;
    this.problems.push(p);
  }
}

/** The last entry of a key (`JSON.parse` keeps the last of duplicate keys). */
function last(entries: Entry[], key: string): Entry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
  return undefined;
}

/**
 * Offset of the first error jsonc-parser finds in `text` (strict JSON), or
 * -1 when there is none. `JSON.parse` gives no position for some errors
 * (Node 20: "Unexpected token ']'", a trailing comma).
 */
export function jsonErrorOffset(text: string, errors?: readonly ParseError[]): number {
  const found: ParseError[] = errors ? [...errors] : [];
  if (!errors) parseTree(text, found, STRICT_JSON);
  return found.reduce((min, e) => Math.min(min, e.offset), found.length > 0 ? Infinity : -1);
}

/**
 * Need IDs in comments, by the house reference scanner (verbs, lists, pins)
 * with the need-ID shape. Bare IDs count only in uppercase, and lowercase ones
 * only after a verb and ending in digits, so `snake_case` words in comments
 * stay words. IDs the house pattern finds are left to the house scanner.
 */
export function scanNeedReferences(text: string, spans: readonly CommentSpan[], lines: LineIndex, ids: IdMatcher): RefCandidate[] {
  const needs = scanReferences(text, spans, NEED_ID, lines).filter((c) => !/[a-z]/.test(c.id) || (c.explicit && /[0-9]$/.test(c.id)));
  return withoutHouseIds(needs, text, lines, ids);
}

/**
 * The link fields of an export: the properties its `needs_schema` types as
 * links (`field_type: "links"`), else `links` and every field some need has
 * a `<field>_back` backlink for. `links` comes first.
 */
function linkFields(version: Json, needs: Json): string[] {
  const out = new Set<string>(['links']);
  const schema = version.needs_schema;
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : undefined;
  if (properties) {
    for (const [name, p] of Object.entries(properties)) if (isObject(p) && p.field_type === 'links') out.add(name);
  } else {
    for (const need of Object.values(needs)) {
      if (!isObject(need)) continue;
      for (const key of Object.keys(need)) if (key.endsWith('_back') && key.length > 5) out.add(key.slice(0, -5));
    }
  }
  return [...out];
}
