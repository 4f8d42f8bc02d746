/**
 * OpenFastTrace's "requirement-enhanced Markdown": specification items that
 * start with a line holding their ID, optionally right after a heading that
 * becomes their title.
 *
 * ```markdown
 * ### Users log in with a password
 * `req~login.password~2`
 * Status: approved
 *
 * A registered user signs in with email and password.
 *
 * Rationale:
 * Users remember their email address.
 *
 * Covers:
 * * feat~login~1
 *
 * Depends:
 * - req~user-store~1
 *
 * Needs: dsn, uman
 * Tags: security
 * ```
 *
 * The parser is a line state machine with OFT's transitions (see OFT's
 * `MarkdownImporter`): an item ends at the next heading, the next ID line or
 * a forward, `Status` is only read right after the ID, `Covers` and
 * `Depends` are bullet lists, `Needs` and `Tags` are a list or one line.
 * `arch --> dsn, itest : req~x~1` forwards the coverage `req~x~1` needs from
 * `arch` to `dsn` and `itest`: it creates the item `arch~x~1` covering
 * `req~x~1` and needing `dsn` and `itest`. Lines between `oft:off` and
 * `oft:on` are skipped. Coverage tags count in standalone one-line HTML
 * comments only (`<!-- [uman->req~x~1] -->`), as in OFT: a tag in prose is an
 * example. Like OFT, the parser knows no code blocks: an ID line in a fence
 * starts an item. `Status` is read only as OFT's pattern reads it
 * (`approved`, `proposed` or `draft`, lowercase); any other `Status:` line is
 * text, with a warning, and the item stays approved.
 */
import type { FileProblem, LinkRef, Range, RefCandidate, RequirementDef, SpecParseResult } from '../types';
import { engineId, lineRange, OFT_ID, parseOftId, tagCandidates, tagItems, type OftId } from './openFastTraceTags';

type State = 'start' | 'title' | 'item' | 'description' | 'rationale' | 'comment' | 'covers' | 'depends' | 'needs' | 'tags';


const ID_LINE = new RegExp(`^\`?(${OFT_ID})`, 'u');
const HASH_TITLE = /^#+\s*(.*?)(?:\s+#+)?\s*$/;
const UNDERLINE = /^(?:={3,}|-{3,})\s*$/;
const STATUS = /^Status:\s*(.*)$/;
/** OFT's `MdPattern.STATUS`: only these words, as written. */
const OFT_STATUS = /^Status:\s*(approved|proposed|draft)\s*$/;
const RATIONALE = /^Rationale:\s*(.*)$/;
const COMMENT = /^Comment:\s*(.*)$/;
const DESCRIPTION = /^Description:\s*(.*)$/;
const COVERS = /^Covers:\s*(.*)$/;
const DEPENDS = /^Depends:\s*(.*)$/;
const NEEDS_INLINE = /^Needs:\s*(\w+\s*(?:,\s*\w+\s*)*)$/;
const NEEDS = /^Needs:\s*$/;
const TAGS_INLINE = /^Tags:\s*(\S.*)$/;
const TAGS = /^Tags:\s*$/;
const BULLET = /^\s{0,3}[+*-](.*)$/;
const LIST_ITEM = /^\s{0,3}[+*-](?:\s|$)/;
/** An ID bounded by non-word characters (OFT's `(?:.*\W)?(ID)(?:\W.*)?`). */
const ID_AFTER_BULLET = new RegExp(`(?<![A-Za-z0-9_])${OFT_ID}(?![A-Za-z0-9_])`, 'gu');
const WORD_AFTER_BULLET = /(?<![A-Za-z0-9_])[A-Za-z]+(?![A-Za-z0-9_])/g;
const FORWARD = new RegExp(`([A-Za-z]+)\\s*-->\\s*([A-Za-z]+(?:,\\s*[A-Za-z]+)*)\\s*:\\s*(${OFT_ID})`, 'u');
const PARSER_OFF = /(?<![\p{L}\p{N}_])oft:off(?![\p{L}\p{N}_])/u;
const PARSER_ON = /(?<![\p{L}\p{N}_])oft:on(?![\p{L}\p{N}_])/u;
const ONE_LINE_HTML_COMMENT = /^\s*<!--.*-->\s*$/;

interface OpenItem {
  def: RequirementDef;
  description: string[];
  rationale: string[];
  comment: string[];
  lastLine: number;
}

/** Parses OFT items, forwards and comment tags out of a Markdown file. */
export function parseOftMarkdown(text: string, file: string): SpecParseResult {
  return new OftMarkdownParser(text.split(/\r\n|\r|\n/), file).run();
}

class OftMarkdownParser {
  private readonly definitions: RequirementDef[] = [];
  private readonly references: RefCandidate[] = [];
  private readonly problems: FileProblem[] = [];
  private state: State = 'start';
  private title: { text: string; line: number } | undefined;
  private item: OpenItem | undefined;
  private lineNo = 0;

  constructor(
    private readonly lines: string[],
    private readonly file: string,
  ) {}

  run(): SpecParseResult {
    let enabled = true;
    for (this.lineNo = 0; this.lineNo < this.lines.length; this.lineNo++) {
      const raw = this.lines[this.lineNo];
      // The marker lines themselves are not read (as in OFT), wherever they are.
      if (enabled && PARSER_OFF.test(raw)) {
        enabled = false;
        continue;
      }
      if (!enabled) {
        if (PARSER_ON.test(raw)) enabled = true;
        continue;
      }
      const line = raw.trimEnd();
      const item = this.item;
      if (ONE_LINE_HTML_COMMENT.test(line)) {
        this.references.push(...tagCandidates(line, this.lineNo));
        this.definitions.push(...tagItems(line, this.lineNo, this.file));
      }
      this.step(line);
      if (item && this.item === item && line !== '') item.lastLine = this.lineNo;
    }
    this.endItem();
    return { definitions: this.definitions, problems: this.problems, references: this.references };
  }

  /** One line outside code, by the current state. */
  private step(line: string): void {
    const id = ID_LINE.exec(line);
    if (id) return this.beginItem(id[1], line.indexOf(id[1]));
    const title = this.sectionTitle(line);
    if (title !== undefined) {
      this.endItem();
      this.title = { text: title, line: this.lineNo };
      this.state = 'title';
      return;
    }
    if (this.item && this.state !== 'item' && STATUS.test(line)) this.warnStatusPlace();
    switch (this.state) {
      case 'start':
        this.forward(line);
        return;
      case 'title':
        if (line === '') return;
        this.forward(line);
        this.title = undefined;
        this.state = 'start';
        return;
      case 'item': {
        if (line === '') return;
        const status = OFT_STATUS.exec(line);
        if (status) {
          this.item!.def.status = status[1];
          return;
        }
        if (STATUS.test(line)) this.warnStatusValue(line);
        if (this.keyword(line)) return;
        const desc = DESCRIPTION.exec(line);
        this.state = 'description';
        if (desc) {
          if (desc[1] !== '') this.item!.description.push(desc[1]);
        } else this.item!.description.push(line);
        return;
      }
      case 'description':
      case 'rationale':
      case 'comment':
        if (this.keyword(line)) return;
        this.item![this.state].push(line);
        return;
      case 'covers':
      case 'depends':
        if (this.keyword(line) || this.forwardEndingItem(line)) return;
        this.listReference(line);
        return;
      case 'needs':
        if (this.keyword(line) || this.forwardEndingItem(line)) return;
        this.listNeed(line);
        return;
      case 'tags': {
        if (this.forwardEndingItem(line)) return;
        const entry = BULLET.exec(line);
        if (entry) return this.addTags(entry[1]);
        this.keyword(line);
        return;
      }
    }
  }

  /** A `#` heading, or a line underlined with `===` / `---` (the underline is consumed). */
  private sectionTitle(line: string): string | undefined {
    const hash = HASH_TITLE.exec(line);
    if (hash) return hash[1];
    const next = this.lines[this.lineNo + 1];
    // A list item followed by `---` is a list and a rule in Markdown, not a heading.
    if (line.trim() !== '' && !LIST_ITEM.test(line) && next !== undefined && UNDERLINE.test(next)) {
      this.lineNo++;
      return line.trim();
    }
    return undefined;
  }

  /** Keywords that switch the section of an open item. True when the line was one. */
  private keyword(line: string): boolean {
    const item = this.item!;
    let m: RegExpExecArray | null;
    if ((m = RATIONALE.exec(line))) {
      this.state = 'rationale';
      if (m[1] !== '') item.rationale.push(m[1]);
    } else if ((m = COMMENT.exec(line))) {
      this.state = 'comment';
      if (m[1] !== '') item.comment.push(m[1]);
    } else if ((m = COVERS.exec(line)) || (m = DEPENDS.exec(line))) {
      const keyword = line.startsWith('Covers') ? 'Covers' : 'Depends';
      if (m[1] !== '') {
        // OFT reads these only as lists; an inline ID would silently not count.
        this.problems.push({
          code: 'invalid-spec',
          severity: 'warning',
          message: `OpenFastTrace reads ${keyword} only as a bullet list: write "${keyword}:" and then one "* ${m[1].trim()}" line per ID`,
          range: lineRange(this.lineNo, 0, line.length),
          requirement: item.def.id,
        });
        return false;
      }
      this.state = keyword === 'Covers' ? 'covers' : 'depends';
    } else if ((m = NEEDS_INLINE.exec(line))) {
      this.addNeeds(m[1].split(','));
      this.state = 'needs';
    } else if (NEEDS.test(line)) {
      this.state = 'needs';
    } else if ((m = TAGS_INLINE.exec(line))) {
      this.addTags(m[1]);
      this.state = 'tags';
    } else if (TAGS.test(line)) {
      this.state = 'tags';
    } else {
      return false;
    }
    return true;
  }

  private beginItem(idText: string, column: number): void {
    this.endItem();
    const id = parseOftId(idText);
    const startLine = this.title?.line ?? this.lineNo;
    const def: RequirementDef = {
      id: engineId(id),
      title: this.title?.text || id.name,
      needs: [],
      version: id.revision,
      tags: [],
      parents: [],
      text: '',
      file: this.file,
      range: lineRange(this.lineNo, column, column + idText.length),
      fullRange: { start: { line: startLine, character: 0 }, end: { line: this.lineNo, character: this.lines[this.lineNo].length } },
      source: 'oft',
      strictVersion: true,
      // OFT traces draft and proposed items like approved ones.
      exempt: false,
    };
    this.item = { def, description: [], rationale: [], comment: [], lastLine: this.lineNo };
    this.title = undefined;
    this.state = 'item';
  }

  private endItem(): void {
    const item = this.item;
    if (!item) return;
    this.item = undefined;
    this.title = undefined;
    const { def } = item;
    def.fullRange.end = { line: item.lastLine, character: this.lines[item.lastLine].length };
    const sections = [item.description.join('\n').trim()];
    if (item.rationale.length > 0) sections.push(`Rationale:\n${item.rationale.join('\n').trim()}`);
    if (item.comment.length > 0) sections.push(`Comment:\n${item.comment.join('\n').trim()}`);
    def.text = sections.filter((s) => s !== '').join('\n\n');
    this.definitions.push(def);
  }

  /** A `Status:` line OFT does not read as a status: it is description text, and the item stays approved. */
  private warnStatusValue(line: string): void {
    this.problems.push({
      code: 'invalid-spec',
      severity: 'warning',
      message: `OpenFastTrace reads only 'Status: approved', 'proposed' or 'draft' (lowercase); this line is text and the item stays approved`,
      range: lineRange(this.lineNo, 0, line.length),
      requirement: this.item!.def.id,
    });
  }

  private warnStatusPlace(): void {
    this.problems.push({
      code: 'invalid-spec',
      severity: 'warning',
      message: 'OpenFastTrace reads Status only on the line right after the item ID; here it is text',
      range: lineRange(this.lineNo, 0, this.lines[this.lineNo].trimEnd().length),
      requirement: this.item!.def.id,
    });
  }

  /** A `Covers:` or `Depends:` bullet; like OFT, the last ID on the line counts. */
  private listReference(line: string): void {
    const bullet = BULLET.exec(line);
    if (!bullet) return;
    const ids = bullet[1].match(ID_AFTER_BULLET);
    if (!ids) return;
    const idText = ids[ids.length - 1];
    const column = line.indexOf(idText);
    const id = parseOftId(idText);
    const range = lineRange(this.lineNo, column, column + idText.length);
    const def = this.item!.def;
    if (this.state === 'depends') {
      const link: LinkRef = { id: engineId(id), range };
      def.parents.push(link);
    } else {
      this.references.push(cover(id, range, def.id.slice(0, def.id.indexOf('~'))));
    }
  }

  /** A `Needs:` bullet; like OFT, the last word on the line is the artifact type. */
  private listNeed(line: string): void {
    const bullet = BULLET.exec(line);
    if (!bullet) return;
    const words = bullet[1].match(WORD_AFTER_BULLET);
    if (words) this.addNeeds([words[words.length - 1]]);
  }

  private addNeeds(types: string[]): void {
    const needs = this.item!.def.needs!;
    for (const t of types.map((s) => s.trim())) if (t !== '' && !needs.includes(t)) needs.push(t);
  }

  private addTags(list: string): void {
    const tags = this.item!.def.tags;
    for (const t of list.split(',').map((s) => s.trim())) if (t !== '' && !tags.includes(t)) tags.push(t);
  }

  /** In a list section, a forward ends the item first. True when the line was one. */
  private forwardEndingItem(line: string): boolean {
    if (!FORWARD.test(line)) return false;
    this.endItem();
    this.forward(line);
    this.state = 'start';
    return true;
  }

  /**
   * `arch --> dsn, itest : req~x~1`: the item `arch~x~1` covers `req~x~1`
   * (as an `arch`) and needs `dsn` and `itest`.
   */
  private forward(line: string): void {
    const m = FORWARD.exec(line);
    if (!m) return;
    const skipped = m[1];
    const targets = m[2].split(',').map((s) => s.trim());
    const target = parseOftId(m[3]);
    const skippedStart = m.index;
    const targetStart = m.index + m[0].length - m[3].length;
    this.definitions.push({
      id: `${skipped}~${target.name}`,
      title: target.name,
      needs: targets,
      version: target.revision,
      tags: [],
      parents: [],
      text: `Forwards the ${skipped} coverage that ${m[3]} needs to ${targets.join(', ')}.`,
      file: this.file,
      range: lineRange(this.lineNo, skippedStart, skippedStart + skipped.length),
      fullRange: lineRange(this.lineNo, 0, line.length),
      source: 'oft',
      strictVersion: true,
      exempt: false,
    });
    this.references.push(cover(target, lineRange(this.lineNo, targetStart, targetStart + m[3].length), skipped));
  }
}

function cover(id: OftId, range: Range, coveringType: string): RefCandidate {
  return { id: engineId(id), range, explicit: true, verbKind: coveringType, pin: id.revision };
}
