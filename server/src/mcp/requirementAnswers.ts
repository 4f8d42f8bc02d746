/**
 * Answers about requirements by ID or by name: reqtrace_requirement,
 * reqtrace_references and reqtrace_search. Each returns the structured answer
 * and its text rendering, from the core's own queries (hover, reference
 * locations, ranking, the report's coverage row), bounded in size.
 */
import {
  coverageLabel,
  hoverMarkdown,
  implementationLocations,
  nearestId,
  rankRequirements,
  searchRequirements,
  toReportRequirement,
  type Engine,
  type Reference,
  type RequirementDef,
} from '../core';
import { cap, clip, DEFAULT_REFERENCES, MAX_ITEMS, MAX_LINE, MAX_TEXT, truncationNote } from './bounds';
import { ToolInputError } from './workspacePath';

/** A tool's answer: structured content and the same as text. */
export interface Answer {
  text: string;
  structured: Record<string, unknown>;
}

export interface LocationRow {
  file: string;
  line: number;
  column: number;
}

export interface ReferenceRow extends LocationRow {
  kind: string;
  pin: number | null;
}

/** The release a requirement belongs to, where its spec says (`Release:`); the parsers that read it are being added. */
export function releaseOf(def: RequirementDef): string | undefined {
  const r = (def as RequirementDef & { release?: unknown }).release;
  return typeof r === 'string' && r !== '' ? r : undefined;
}

function locationOf(x: { file: string; range: { start: { line: number; character: number } } }): LocationRow {
  return { file: clip(x.file), line: x.range.start.line + 1, column: x.range.start.character + 1 };
}

function referenceRow(r: Reference): ReferenceRow {
  return { ...locationOf(r), kind: r.kind, pin: r.pin ?? null };
}

function referenceLine(r: ReferenceRow): string {
  return `${r.file}:${r.line}:${r.column}: ${r.kind}${r.pin !== null ? ` (pinned @${r.pin})` : ''}`;
}

/** Why an ID has no definition, with what the index knows that may help. */
function unknownId(engine: Engine, id: string): ToolInputError {
  if (!engine.ids.isId(id)) {
    return new ToolInputError(`'${clip(id, 100)}' is not a requirement ID (IDs match ${engine.ids.source}); reqtrace_search finds IDs by title`);
  }
  const refs = engine.index.references(id).length;
  const hint = nearestId(id, engine.index);
  const title = hint && engine.index.definition(hint)?.title;
  return new ToolInputError(
    `unknown requirement ${id}: no spec defines it` +
      (refs > 0 ? `; it is referenced ${refs} time${refs === 1 ? '' : 's'} (reqtrace_references lists where)` : '') +
      (hint ? `; did you mean ${hint}${title ? ` (${clip(title, 100)})` : ''}?` : ''),
  );
}

/** reqtrace_requirement: everything about one requirement. */
export function requirementAnswer(engine: Engine, id: string, referenceLimit = DEFAULT_REFERENCES): Answer {
  const defs = engine.index.definitions(id);
  if (defs.length === 0) throw unknownId(engine, id);
  const def = defs[0];
  const row = toReportRequirement(engine, def);
  const cov = engine.coverage(def);
  const refs = cap(implementationLocations(engine, id).map(referenceRow), referenceLimit);
  const children = cap(
    engine.index.children(id).map((c) => c.id),
    MAX_ITEMS,
  );
  const text = def.text.trim();
  const structured = {
    id,
    title: clip(def.title),
    status: row.status,
    version: row.version,
    release: releaseOf(def) ?? null,
    tags: row.tags.slice(0, MAX_ITEMS).map((t) => clip(t, 100)),
    parents: row.parents.slice(0, MAX_ITEMS),
    children: children.items,
    text: clip(text, MAX_TEXT),
    textTruncated: text.length > MAX_TEXT,
    coverage: { covered: row.covered, exempt: cov.exempt, needs: row.needs, missing: row.missing, counts: row.references, summary: coverageLabel(cov) },
    definitions: defs.slice(0, 10).map(locationOf),
    definitionCount: defs.length,
    references: refs.items,
    referenceCount: refs.total,
    referencesTruncated: refs.truncated,
  };
  const lines = [hoverMarkdown(engine, id, MAX_TEXT), '', `References (${refs.total}):`, ...refs.items.map((r) => `- ${referenceLine(r)}`)];
  const note = truncationNote(refs, 'references', 'reqtrace_references lists them with a larger limit');
  if (note) lines.push(note);
  if (children.total > 0) lines.push('', `Children: ${children.items.join(', ')}${children.truncated ? ` … and ${children.truncated} more` : ''}`);
  return { text: lines.join('\n'), structured };
}

/** reqtrace_references: where an ID is referenced (and, on request, defined). */
export function referencesAnswer(engine: Engine, id: string, opts: { includeDefinitions: boolean; kind?: string; limit: number }): Answer {
  const defs = engine.index.definitions(id);
  let refs = implementationLocations(engine, id);
  if (defs.length === 0 && refs.length === 0) throw unknownId(engine, id);
  if (opts.kind) refs = refs.filter((r) => r.kind === opts.kind);
  const capped = cap(refs.map(referenceRow), opts.limit);
  const structured: Record<string, unknown> = {
    id,
    defined: defs.length > 0,
    title: defs.length > 0 ? clip(defs[0].title) : null,
    total: capped.total,
    truncated: capped.truncated,
    references: capped.items,
  };
  const lines: string[] = [];
  if (defs.length === 0) lines.push(`${id} is not defined by any spec (an unknown-requirement error where it is referenced)`);
  if (opts.includeDefinitions) {
    structured.definitions = defs.slice(0, 10).map(locationOf);
    for (const d of defs.slice(0, 10)) lines.push(`${referenceLineOfDef(d)}`);
  }
  lines.push(`${capped.total} reference${capped.total === 1 ? '' : 's'} to ${id}${opts.kind ? ` of kind ${opts.kind}` : ''}:`);
  for (const r of capped.items) lines.push(referenceLine(r));
  const note = truncationNote(capped, 'references');
  if (note) lines.push(note);
  return { text: lines.join('\n'), structured };
}

function referenceLineOfDef(d: RequirementDef): string {
  const l = locationOf(d);
  return `${l.file}:${l.line}:${l.column}: definition ${d.id}: ${clip(d.title)}`;
}

/**
 * reqtrace_search: the best matches first (ID prefix, then ID, then title,
 * then the spec file's path: the completion ranking), then requirements
 * whose ID and title hold every word of the query, in any order.
 */
export function searchAnswer(engine: Engine, query: string, limit: number): Answer {
  const q = query.trim();
  if (q === '') throw new ToolInputError('the query is empty: give words of a title or part of an ID');
  const ranked = rankRequirements(engine.index.firstDefinitions(), q, Infinity, true);
  const seen = new Set(ranked.map((d) => d.id));
  const matches = ranked.map((d) => ({ id: d.id, title: clip(d.title, MAX_LINE), status: d.status ?? null, ...locationOf(d) }));
  for (const s of searchRequirements(engine, q, Infinity)) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const d = engine.index.definition(s.id);
    matches.push({ id: s.id, title: clip(s.title), status: d?.status ?? null, ...locationOf(s) });
  }
  const capped = cap(matches, limit);
  const lines = capped.items.map((m) => `${m.id}: ${m.title} [${m.status ?? 'no status'}] (${m.file}:${m.line})`);
  if (capped.total === 0) lines.push(`no requirement matches '${clip(q, 100)}'`);
  const note = truncationNote(capped, 'matches');
  if (note) lines.push(note);
  return { text: lines.join('\n'), structured: { query: clip(q, 100), total: capped.total, truncated: capped.truncated, matches: capped.items } };
}
