/**
 * Document symbols (the outline of a spec file), workspace symbols (find a
 * requirement by ID or words of its title) and semantic tokens.
 */
import type { DocumentSymbol, DocumentSymbolParams, SemanticTokens, SemanticTokensParams, SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { SemanticTokensBuilder, SymbolKind } from 'vscode-languageserver/node';
import { candidatesOf, type Range, searchRequirements } from '../../core';
import type { Session } from '../session';

export const SEMANTIC_LEGEND = { tokenTypes: ['requirement'], tokenModifiers: ['declaration', 'unknown', 'deprecated'] };
const DECLARATION = 1;
const UNKNOWN = 2;
const DEPRECATED = 4;

export function documentSymbols(session: Session, params: DocumentSymbolParams): DocumentSymbol[] {
  const ref = session.resolve(params.textDocument.uri);
  const entry = ref && ref.folder.engine.index.entry(ref.file);
  if (!entry) return [];
  return entry.defs.map((d) => ({
    name: d.id,
    detail: d.title,
    kind: SymbolKind.Key,
    range: enclosing(d.fullRange, d.range),
    selectionRange: d.range,
  }));
}

/** LSP requires the selection range inside the full range. */
function enclosing(full: Range, sel: Range): Range {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return { start: before(full.start, sel.start) ? full.start : sel.start, end: before(sel.end, full.end) ? full.end : sel.end };
}

export function workspaceSymbols(session: Session, params: WorkspaceSymbolParams): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const folder of session.workspaces.all()) {
    for (const s of searchRequirements(folder.engine, params.query)) {
      out.push({
        name: `${s.id}: ${s.title}`,
        kind: SymbolKind.Key,
        location: { uri: session.workspaces.uriOf(folder, s.file), range: s.range },
        containerName: s.file,
      });
    }
  }
  return out;
}

export function semanticTokens(session: Session, params: SemanticTokensParams): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const ref = session.resolve(params.textDocument.uri);
  const entry = ref && ref.folder.engine.index.entry(ref.file);
  if (!ref || !entry) return builder.build();
  const index = ref.folder.engine.index;
  const tokens: Array<{ range: Range; mods: number }> = [];
  for (const d of entry.defs) tokens.push({ range: d.range, mods: DECLARATION | (d.status === 'deprecated' ? DEPRECATED : 0) });
  for (const d of entry.defs) for (const p of d.parents) tokens.push({ range: p.range, mods: index.isDefined(p.id) ? 0 : UNKNOWN });
  for (const c of candidatesOf(entry)) {
    if (!index.counts(c)) continue;
    const def = index.definition(c.id);
    tokens.push({ range: c.range, mods: !def ? UNKNOWN : def.status === 'deprecated' ? DEPRECATED : 0 });
  }
  tokens.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const t of tokens) {
    if (t.range.start.line !== t.range.end.line) continue;
    builder.push(t.range.start.line, t.range.start.character, t.range.end.character - t.range.start.character, 0, t.mods);
  }
  return builder.build();
}
