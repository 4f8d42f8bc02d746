/**
 * The house YAML spec format:
 *
 * ```yaml
 * requirements:
 *   - id: AUTH-001
 *     title: Users can log in
 *     status: approved
 *     parent: PRD-1          # or a list; `parents` also accepted
 *     needs: [impl, test]    # or "impl, test", or none
 *     version: 2
 *     tags: [security]
 *     description: |         # or `text`
 *       Users log in with email and password.
 * ```
 *
 * Parsing and positions come from the `yaml` package; this file only walks
 * its syntax tree.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { IdMatcher } from '../idPattern';
import { LineIndex } from '../lineIndex';
import { STATUSES, type FileProblem, type LinkRef, type Range, type RequirementDef, type SpecParseResult } from '../types';

/**
 * How many nodes aliases may add to `requirements` when expanded. Real files
 * share a few anchors (`<<: *defaults`); an alias bomb adds billions.
 */
const MAX_ALIAS_EXPANSION = 100_000;

/** A top-level `requirements:` key written at the start of a line. */
const REQUIREMENTS_LINE = /^["']?requirements["']?[ \t]*:/m;

/**
 * Parses a YAML spec file. Returns undefined when the file is not a
 * requirements file (empty, not a mapping, or no top-level `requirements`
 * key), so other YAML in the spec folders is ignored silently. A file that
 * does not parse is a requirements file when a line starts with
 * `requirements:`; then its syntax errors are reported.
 *
 * Never throws. Positions are in `text` without a leading byte-order mark.
 */
export function parseYamlSpec(text: string, file: string, ids: IdMatcher): SpecParseResult | undefined {
  if (!mayBeYamlSpec(text)) return undefined;
  // The `yaml` package only breaks lines at `\n`; a lone `\r` becomes `\n`,
  // which keeps every offset (and so every position) unchanged.
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r(?!\n)/g, '\n');
  const looksLikeSpec = REQUIREMENTS_LINE.test(src);
  const state = { isSpec: false };
  try {
    return new YamlSpecReader(src, file, ids).read(looksLikeSpec, state);
  } catch (err) {
    if (!looksLikeSpec && !state.isSpec) return undefined;
    const message = `Could not read this requirements file: ${err instanceof Error ? err.message : String(err)}`;
    return { definitions: [], problems: [problemAt(zeroRange(), 'error', message)] };
  }
}

/**
 * False when no top-level key of `text` can be `requirements`, so that the
 * file is no requirements file without being parsed: a real repository has
 * hundreds of YAML files (CI workflows, configs), and parsing them all took
 * 260 ms of a 2.5 s `check` at R. A key spells the word out unless a
 * double-quoted escape (`"requ\x69rements"`, an escaped line break in an
 * explicit key) writes part of it; plain and single-quoted scalars fold a
 * line break into a space, and a block scalar keeps its characters.
 */
export function mayBeYamlSpec(text: string): boolean {
  return text.includes('requirements') || text.includes('\\');
}

/** A string value of the file with where it is written. */
interface Located {
  text: string;
  range: Range;
}

class YamlSpecReader {
  private readonly lines: LineIndex;
  private readonly problems: FileProblem[] = [];
  private readonly definitions: RequirementDef[] = [];
  /** What each alias refers to (the last anchor of that name before it). */
  private readonly aliasTargets = new Map<Alias, Node | undefined>();
  /** Offsets of the document's syntax errors. */
  private readonly syntaxErrors: Array<[number, number]> = [];

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly ids: IdMatcher,
  ) {
    this.lines = new LineIndex(src);
  }

  read(looksLikeSpec: boolean, state: { isSpec: boolean }): SpecParseResult | undefined {
    const doc = parseDocument(this.src, { prettyErrors: false, uniqueKeys: true });
    const root = doc.contents;
    const requirements = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'requirements') : undefined;
    if (!requirements && !(looksLikeSpec && doc.errors.length > 0)) return undefined;
    state.isSpec = true;

    for (const e of doc.errors) this.syntaxProblem('error', e.message, e.pos);
    for (const e of doc.errors) this.syntaxErrors.push(e.pos);
    for (const w of doc.warnings) this.syntaxProblem('warning', w.message, w.pos);
    if (!requirements || !this.checkAliases(doc, requirements.value)) return this.result();

    const list = this.resolve(requirements.value);
    if (list === undefined || isEmpty(list)) return this.result();
    if (!isSeq(list)) {
      if (!this.hasSyntaxError(requirements.value)) {
        this.problem('error', `'requirements' must be a list of requirements`, this.valueRange(requirements));
      }
      return this.result();
    }
    for (const item of list.items) {
      // A syntax error leaves a half-built item: keep its definition (so the
      // rest of the workspace does not lose it while the user types) but not
      // the follow-on complaints about its shape.
      const before = this.problems.length;
      this.readItem(item as Node | null, list);
      if (this.hasSyntaxError(item)) this.problems.length = before;
    }
    return this.result();
  }

  private result(): SpecParseResult {
    const byPosition = (a: FileProblem, b: FileProblem) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
    return { definitions: this.definitions, problems: this.problems.sort(byPosition) };
  }

  /** True when a syntax error lies inside `node`'s source. */
  private hasSyntaxError(node: unknown): boolean {
    const r = offsetsOf(node);
    return r !== undefined && this.syntaxErrors.some(([start, end]) => start <= r[2] && end >= r[0]);
  }

  /**
   * Records what each alias points to, and stops alias bombs. This reader
   * follows an alias one step at a time and never expands one, so a bomb
   * cannot make it loop; but a file whose aliases would expand to a huge
   * document is refused, since its definitions would be shared or
   * multiplied beyond reason. The size is counted without expanding, in
   * linear time. (The `yaml` package's own guard, `toJS({ maxAliasCount })`,
   * is quadratic on a flat list of aliases: seconds for a 50 KB file.)
   * Returns false when the document must not be read further.
   */
  private checkAliases(doc: Document, requirements: unknown): boolean {
    // An alias is written `*name`: without a `*` anywhere there is none, and no walk of every node.
    if (!this.src.includes('*')) return true;
    const anchors = new Map<string, Node>();
    const aliases: Alias[] = [];
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) {
          aliases.push(node);
          const target = anchors.get(node.source);
          this.aliasTargets.set(node, target);
          if (!target) {
            const message = `Unknown alias '*${node.source}': no anchor '&${node.source}' before it`;
            this.problem('error', message, this.nodeRange(node));
          }
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
    if (aliases.length === 0) return true;
    if (this.expandedSize(requirements, true) - this.expandedSize(requirements, false) > MAX_ALIAS_EXPANSION) {
      const message = `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?): the file is not read`;
      this.problem('error', message, this.nodeRange(aliases[0]));
      return false;
    }
    return true;
  }

  /** Node count of `root`, with (or without) aliases expanded; memoized, so linear. */
  private expandedSize(root: unknown, followAliases: boolean): number {
    const memo = new Map<unknown, number>();
    const size = (node: unknown): number => {
      if (isAlias(node)) {
        const target = this.aliasTargets.get(node);
        return followAliases && target ? size(target) : 1;
      }
      if (!isMap(node) && !isSeq(node)) return 1;
      const known = memo.get(node);
      if (known !== undefined) return known;
      memo.set(node, 1); // a collection holding an alias to itself
      let n = 1;
      for (const item of node.items) n += isPair(item) ? size(item.key) + size(item.value) : size(item);
      // Capped: the exact size of a bomb does not matter, only that it is big.
      n = Math.min(n, 2 ** 40);
      memo.set(node, n);
      return n;
    };
    return size(root);
  }

  private readItem(node: Node | null, list: Node): void {
    const item = this.resolve(node);
    const itemRange = this.nodeRange(node, list);
    if (!isMap(item)) {
      this.problem('error', `A requirement must be a mapping with an 'id' (and 'title', 'status'...)`, itemRange);
      return;
    }
    const fields = this.fieldsOf(item);

    const idPair = fields.get('id');
    if (!idPair) {
      this.problem('error', `Requirement has no 'id'`, itemRange);
      return;
    }
    const idNode = this.resolve(idPair.value);
    if (idNode === undefined || isEmpty(idNode)) {
      this.problem('error', `Requirement has an empty 'id'`, this.valueRange(idPair));
      return;
    }
    if (!isScalar(idNode)) {
      this.problem('error', `A requirement 'id' must be a string`, this.valueRange(idPair));
      return;
    }
    const id = this.located(idPair.value, scalarText(idNode));
    if (!this.ids.isId(id.text)) {
      this.problem('error', `'${id.text}' is not a requirement ID (pattern ${this.ids.source})`, id.range);
      return;
    }

    const def: RequirementDef = {
      id: id.text,
      title: this.stringField(fields.get('title'), id.text) ?? '',
      text: (this.stringField(fields.get('description') ?? fields.get('text'), id.text) ?? '').trim(),
      version: 1,
      tags: [],
      parents: [],
      file: this.file,
      range: id.range,
      fullRange: itemRange,
      source: 'yaml',
    };

    const statusPair = fields.get('status');
    if (statusPair) {
      const status = this.stringField(statusPair, id.text, 'warning');
      if (status !== undefined) {
        const value = status.trim().toLowerCase();
        if (value) def.status = value;
        if (!(STATUSES as readonly string[]).includes(value)) {
          const what = value ? `Unknown status '${status.trim()}'` : 'Empty status';
          this.problem('warning', `${what}; expected one of: ${STATUSES.join(', ')}`, this.valueRange(statusPair), id.text);
        }
      }
    }

    for (const parent of this.listField(fields.get('parent') ?? fields.get('parents'), id.text)) {
      if (this.ids.isId(parent.text)) {
        def.parents.push({ id: parent.text, range: parent.range } satisfies LinkRef);
      } else {
        const message = `Parent '${parent.text}' is not a requirement ID (pattern ${this.ids.source})`;
        this.problem('error', message, parent.range, id.text);
      }
    }

    const needsPair = fields.get('needs');
    if (needsPair) {
      def.needs = this.listField(needsPair, id.text)
        .map((k) => k.text.toLowerCase())
        .filter((k) => k !== 'none');
    }

    const versionPair = fields.get('version');
    if (versionPair) {
      // Judged on the text as written, so `2.0` or `0x2` are not versions.
      const node = this.resolve(versionPair.value);
      const written = isScalar(node) ? scalarText(node).trim() : '';
      if (/^\d+$/.test(written) && Number(written) > 0) {
        def.version = Number(written);
      } else {
        const what = written ? `, not '${written}'` : '';
        this.problem('error', `Version must be a positive integer${what}`, this.valueRange(versionPair), id.text);
      }
    }

    const releasePair = fields.get('release');
    if (releasePair) {
      // As written, so `release: 2.10` stays 2.10 and is not read as the number 2.1.
      const node = this.resolve(releasePair.value);
      const written = isScalar(node) ? scalarText(node).trim() : '';
      if (written) def.release = written;
      else this.problem('warning', 'Release must be a name or number, such as 2.1 or "Q3"', this.valueRange(releasePair), id.text);
    }

    def.tags = this.listField(fields.get('tags'), id.text).map((t) => t.text);
    this.definitions.push(def);
  }

  /**
   * The fields of a requirement mapping by lower-cased key; the first of
   * duplicate keys wins. A `<<: *defaults` merge key (YAML 1.1, common for
   * shared defaults) adds the fields of the mapping(s) it names, one level
   * deep, under the item's own.
   */
  private fieldsOf(map: YAMLMap): Map<string, Pair> {
    const fields = new Map<string, Pair>();
    const merged: Pair[] = [];
    for (const pair of map.items as Pair[]) {
      const key = keyText(pair).toLowerCase();
      if (key === '<<') {
        const source = this.resolve(pair.value);
        const maps = isSeq(source) ? source.items.map((m) => this.resolve(m)) : [source];
        for (const m of maps) if (isMap(m)) merged.push(...(m.items as Pair[]));
      } else if (key && !fields.has(key)) {
        fields.set(key, pair);
      }
    }
    for (const pair of merged) {
      const key = keyText(pair).toLowerCase();
      if (key && key !== '<<' && !fields.has(key)) fields.set(key, pair);
    }
    return fields;
  }

  /** A scalar field as a string; undefined (with a problem) when it is not a scalar. */
  private stringField(
    pair: Pair | undefined,
    requirement: string,
    severity: FileProblem['severity'] = 'error',
  ): string | undefined {
    if (!pair) return undefined;
    const node = this.resolve(pair.value);
    if (node === undefined || isEmpty(node)) return '';
    if (isScalar(node)) return scalarText(node);
    this.problem(severity, `'${keyText(pair)}' must be a string`, this.valueRange(pair), requirement);
    return undefined;
  }

  /** A list field: a sequence of strings, or one comma-separated string. */
  private listField(pair: Pair | undefined, requirement: string): Located[] {
    if (!pair) return [];
    const node = this.resolve(pair.value);
    if (node === undefined || isEmpty(node)) return [];
    if (isScalar(node)) return this.splitCommas(pair.value, scalarText(node));
    if (!isSeq(node)) {
      this.problem('error', `'${keyText(pair)}' must be a list or a comma-separated string`, this.valueRange(pair), requirement);
      return [];
    }
    const out: Located[] = [];
    for (const entry of node.items as Array<Node | null>) {
      const value = this.resolve(entry);
      if (isScalar(value) && !isEmpty(value)) {
        out.push(this.located(entry, scalarText(value).trim()));
      } else if (!isEmpty(value)) {
        this.problem('error', `Each '${keyText(pair)}' entry must be a string`, this.nodeRange(entry, node), requirement);
      }
    }
    return out;
  }

  private splitCommas(node: unknown, value: string): Located[] {
    const out: Located[] = [];
    let from = 0;
    for (const part of value.split(',')) {
      const text = part.trim();
      if (text) {
        const at = this.located(node, text, from);
        out.push(at);
        from = this.lines.offsetAt(at.range.end) - (offsetsOf(node)?.[0] ?? 0);
      }
    }
    return out;
  }

  /**
   * Where `text` is written inside `node`: its exact range when it appears in
   * the node's source as is (plain or quoted scalars), else the whole node.
   */
  private located(node: unknown, text: string, from = 0): Located {
    const r = offsetsOf(node);
    if (r && text) {
      const at = this.src.slice(r[0], r[1]).indexOf(text, from);
      if (at >= 0) return { text, range: this.lines.rangeOf(r[0] + at, r[0] + at + text.length) };
    }
    return { text, range: this.nodeRange(node) };
  }

  /** Follows an alias one step (never recursively, so aliases cannot multiply work). */
  private resolve(node: unknown): Node | undefined {
    if (isAlias(node)) return this.aliasTargets.get(node);
    return node ? (node as Node) : undefined;
  }

  /**
   * The range of a node without trailing whitespace, else of `fallback`
   * (an empty list item has a position, a missing one has not).
   */
  private nodeRange(node: unknown, fallback?: unknown): Range {
    const r = offsetsOf(node) ?? offsetsOf(fallback);
    if (!r) return zeroRange();
    let [start, end] = r;
    while (end > start && /\s/.test(this.src[end - 1])) end--;
    return this.lines.rangeOf(start, end);
  }

  /** Where a field's value is written; its key when the value is empty (`status:`). */
  private valueRange(pair: Pair): Range {
    const r = offsetsOf(pair.value);
    return r && r[1] > r[0] ? this.nodeRange(pair.value) : this.nodeRange(pair.key, pair.value);
  }

  private syntaxProblem(severity: FileProblem['severity'], message: string, pos: [number, number]): void {
    // Without `prettyErrors` messages are one sentence; keep only the first line anyway.
    const sentence = message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '');
    this.problems.push(problemAt(this.lines.rangeOf(pos[0], pos[1]), severity, `YAML syntax: ${sentence}`));
  }

  private problem(severity: FileProblem['severity'], message: string, range: Range, requirement?: string): void {
    const p = problemAt(range, severity, message);
    if (requirement) p.requirement = requirement;
    this.problems.push(p);
  }
}

/** A syntax node's `[start, valueEnd, nodeEnd]` offsets, if it has them. */
function offsetsOf(node: unknown): [number, number, number] | undefined {
  const r = (node as { range?: [number, number, number] | null } | null | undefined)?.range;
  return r ?? undefined;
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) && pair.key.value != null ? String(pair.key.value) : '';
}

/** A scalar's text as written: `id: 007` stays `007`, not the number 7. */
function scalarText(node: { value: unknown; source?: string }): string {
  if (node.value == null) return '';
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}

/** A null scalar (`id:`, `id: ~`) or an empty string. */
function isEmpty(node: unknown): boolean {
  if (node == null) return true;
  return isScalar(node) && (node.value == null || node.value === '');
}

function problemAt(range: Range, severity: FileProblem['severity'], message: string): FileProblem {
  return { code: 'invalid-spec', severity, message, range };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
