/**
 * Editor-facing queries over the engine: what is at a position, hover text,
 * definitions, references, completion, rename edits. Results are plain data
 * in workspace-relative paths; the LSP layer converts them.
 */
import type { Coverage } from '../check/checks';
import { isOft } from '../check/oftRules';
import type { Engine } from './engine';
import { refContains, refCount, refId, refRange } from '../index/packedRefs';
import { nearestId } from '../index/suggest';
import type { Position, Range, Reference } from '../types';

export type TargetKind = 'reference' | 'definition' | 'link' | 'mention';

/** A requirement ID under the cursor. */
export interface Target {
  id: string;
  kind: TargetKind;
  range: Range;
}

export interface Location {
  file: string;
  range: Range;
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/**
 * The ID at a position of a file. `lineText` (the text of that line) lets a
 * mention in spec prose be found too.
 */
export function targetAt(engine: Engine, file: string, pos: Position, lineText?: string): Target | undefined {
  const entry = engine.index.entry(file);
  if (entry) {
    // Straight from the packed candidates: a hover must not allocate per candidate of the file.
    for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) {
      if (refContains(entry.refs, slot, pos) && engine.index.countsAt(entry, slot)) {
        return { id: refId(entry.refs, slot), kind: 'reference', range: refRange(entry.refs, slot) };
      }
    }
    for (const d of entry.defs) {
      if (contains(d.range, pos)) return { id: d.id, kind: 'definition', range: d.range };
      for (const p of d.parents) if (contains(p.range, pos)) return { id: p.id, kind: 'link', range: p.range };
    }
    if (!entry.isSpec) return undefined;
  }
  if (lineText === undefined) return undefined;
  const hit = engine.ids.idAt(lineText, pos.character);
  if (!hit) return undefined;
  return {
    id: hit.id,
    kind: 'mention',
    range: { start: { line: pos.line, character: hit.offset }, end: { line: pos.line, character: hit.offset + hit.id.length } },
  };
}

/** "2 impl · 1 test", or "uncovered: test" when something is missing. */
export function coverageLabel(cov: Coverage): string {
  const counts = [...cov.counts].sort().map(([k, n]) => `${n} ${k}`);
  for (const k of cov.needs) if (!cov.counts.has(k)) counts.push(`0 ${k}`);
  const text = counts.length > 0 ? counts.join(' · ') : 'no references';
  if (cov.missing.length > 0) return `uncovered: ${cov.missing.join(', ')} (${text})`;
  return cov.exempt ? `${text} (no coverage needed)` : text;
}

/**
 * Hover content (Markdown) for an ID. `maxText` clips the requirement's text
 * (a spec section can be any size; a front that must bound its answers sets it).
 * `incomplete`: whether the index may not hold the whole workspace yet; by
 * default while a full index runs, and a front that knows more (the language
 * server, before a folder's first index has started) says so.
 */
export function hoverMarkdown(engine: Engine, id: string, maxText = Infinity, incomplete = engine.indexing): string {
  const def = engine.index.definition(id);
  // Mid-index, an ID not seen yet may be defined in a file not read yet.
  if (!def && incomplete) return `**${id}** — not found yet: the workspace is still being indexed`;
  if (!def) {
    const hint = nearestId(id, engine.index);
    return `**${id}** — unknown requirement${hint ? `\n\nDid you mean **${hint}**: ${escapeMd(engine.index.definition(hint)?.title ?? '')}?` : ''}`;
  }
  const cov = engine.coverage(def);
  const dupes = engine.index.definitions(id).length;
  const lines = [
    `**${def.id}**: ${escapeMd(def.title)}`,
    '',
    `Status: \`${def.status ?? 'none'}\` · Version: ${def.version}${def.release ? ` · Release: ${escapeMd(def.release)}` : ''}${def.tags.length ? ` · Tags: ${escapeMd(def.tags.join(', '))}` : ''}`,
    '',
    // Mid-index, files not read yet may reference it too.
    `Coverage: ${coverageLabel(cov)}${incomplete ? ' — so far: the workspace is still being indexed' : ''}`,
  ];
  if (isOft(def)) {
    const status = engine.oftStatuses().statusOf(def);
    lines.push('', `OpenFastTrace: ${status === 'covered' ? 'ok' : 'not ok'} (${status})`);
  }
  const parents = def.parents.filter((p) => !p.relation);
  const related = def.parents.filter((p) => p.relation);
  if (parents.length > 0) lines.push('', `Parent: ${parents.map((p) => p.id).join(', ')}`);
  if (related.length > 0) lines.push('', related.map((p) => `${p.relation}: ${p.id}`).join(' · '));
  const text = def.text.trim();
  if (text !== '') lines.push('', '---', '', text.length > maxText ? `${text.slice(0, maxText)}… (${text.length - maxText} more characters)` : text);
  lines.push('', '---', '', `Defined in \`${def.file}:${def.range.start.line + 1}\`${dupes > 1 ? ` (and ${dupes - 1} more: duplicate)` : ''}`);
  return lines.join('\n');
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** Where go-to-definition leads from a target. */
export function definitionLocations(engine: Engine, target: Target): Location[] {
  if (target.kind === 'definition') {
    // From a definition, go to the code that references it (several → peek).
    return engine.index.references(target.id).map((r) => ({ file: r.file, range: r.range }));
  }
  return engine.index.definitions(target.id).map((d) => ({ file: d.file, range: d.range }));
}

/** Every reference of an ID, optionally with its definitions. */
export function referenceLocations(engine: Engine, id: string, includeDeclaration: boolean): Location[] {
  const refs: Location[] = engine.index.references(id).map((r) => ({ file: r.file, range: r.range }));
  if (!includeDeclaration) return refs;
  return [...engine.index.definitions(id).map((d) => ({ file: d.file, range: d.range })), ...refs];
}

export function implementationLocations(engine: Engine, id: string): Reference[] {
  return engine.index.references(id);
}

export interface RenameEdit {
  file: string;
  range: Range;
  newText: string;
}

/** Why a rename is refused, or undefined when it may go ahead. */
export function renameProblem(engine: Engine, oldId: string, newId: string): string | undefined {
  const def = engine.index.definitions(oldId).find((d) => d.idIsFileName);
  if (def) return `${oldId} is the name of its file (${def.file}); rename the file instead`;
  if (engine.ids.isId(oldId) ? !engine.ids.isId(newId) : !/^[^\s[\](){},;]+$/.test(newId)) {
    return `'${newId}' is not a valid requirement ID${engine.ids.isId(oldId) ? ` (pattern ${engine.ids.source})` : ''}`;
  }
  if (newId !== oldId && engine.index.isDefined(newId)) return `${newId} is already defined`;
  return undefined;
}

/** The edits renaming an ID everywhere: definitions, parent links and references. */
export function renameEdits(engine: Engine, oldId: string, newId: string): RenameEdit[] {
  const edits: RenameEdit[] = [];
  for (const d of engine.index.definitions(oldId)) edits.push({ file: d.file, range: d.range, newText: newId });
  for (const child of engine.index.children(oldId)) {
    for (const p of child.parents) if (p.id === oldId) edits.push({ file: child.file, range: p.range, newText: newId });
  }
  for (const r of engine.index.references(oldId)) edits.push({ file: r.file, range: r.range, newText: newId });
  // One place can be both a link and a reference (a dialect may report both): edit it once.
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.file}\0${e.range.start.line}:${e.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface CompletionEntry {
  id: string;
  title: string;
  status?: string;
  file: string;
}

/**
 * Defined requirements to offer where `typed` is being typed, best first (see
 * `rankRequirements`), at most `limit`.
 */
export function completions(engine: Engine, typed: string, limit = Infinity): CompletionEntry[] {
  return rankRequirements(engine.index.firstDefinitions(), typed, limit).map((def) => ({ id: def.id, title: def.title, status: def.status, file: def.file }));
}

/**
 * Requirements matching `typed`, case-insensitively: those whose ID starts
 * with it, then those whose ID contains it, then those whose title does
 * (then, with `inFile`, those whose definition's file does), each group in
 * ID order; at most `limit` (only the groups needed are sorted).
 */
export function rankRequirements<T extends { id: string; title: string; file?: string }>(candidates: Iterable<T>, typed: string, limit = Infinity, inFile = false): T[] {
  const needle = typed.toUpperCase();
  const groups: T[][] = [[], [], [], []];
  for (const c of candidates) {
    const id = c.id.toUpperCase();
    if (id.startsWith(needle)) groups[0].push(c);
    else if (id.includes(needle)) groups[1].push(c);
    else if (c.title.toUpperCase().includes(needle)) groups[2].push(c);
    else if (inFile && c.file?.toUpperCase().includes(needle)) groups[3].push(c);
  }
  const out: T[] = [];
  for (const group of groups) {
    if (out.length >= limit) break;
    group.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const c of group.slice(0, limit - out.length)) out.push(c);
  }
  return out;
}

export interface SymbolEntry {
  id: string;
  title: string;
  file: string;
  range: Range;
  fullRange: Range;
}

/** Requirements matching a workspace-symbol query (ID or words of the title). */
export function searchRequirements(engine: Engine, query: string, limit = 200): SymbolEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: SymbolEntry[] = [];
  for (const def of engine.index.allDefinitions()) {
    const hay = `${def.id} ${def.title}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push({ id: def.id, title: def.title, file: def.file, range: def.range, fullRange: def.fullRange });
    if (out.length >= limit) break;
  }
  return out;
}
