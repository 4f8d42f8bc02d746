/**
 * Completion of requirement IDs inside code comments (also right after a
 * verb such as `@impl `) and in spec link fields (`Parent:` / `parent:`).
 *
 * At most MAX_ITEMS items, the best matches first; with more matches the
 * list is marked incomplete, so the editor asks again as the user types (50k
 * requirements were 31 MB and 2 s per request). An item's documentation,
 * the requirement's hover, is made when the editor resolves that item.
 */
import type { CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver/node';
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver/node';
import { completions, hoverMarkdown, languageForPath, lexComments, rankRequirements } from '../../core';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Session } from '../session';

const LINK_FIELD = /^\s*(?:[-*]\s*)?(?:\*\*)?parents?(?:\*\*)?\s*:/i;

/** Items sent at most per request. */
export const MAX_ITEMS = 200;

/** What an item carries to `completionItem/resolve`. */
interface ItemData {
  uri: string;
  id: string;
}

export function completion(session: Session, params: CompletionParams): CompletionItem[] | CompletionList {
  const ref = session.resolve(params.textDocument.uri);
  const doc = session.documents.get(params.textDocument.uri);
  if (!ref || !doc) return [];
  const engine = ref.folder.engine;
  const line = session.lineText(params.textDocument.uri, params.position.line) ?? '';
  const before = line.slice(0, params.position.character);
  const entry = engine.index.entry(ref.file);
  const language = languageForPath(ref.file);
  const offset = doc.offsetAt(params.position);
  // The cursor may sit right at the end of a line comment: `end` is inclusive here.
  const inComment = !!language && lexComments(doc.getText(), language).some((s) => offset > s.start && offset <= s.end);

  // A dialect's own syntax first (`[impl->dsn~…`, `r[impl …`, `@relation(…`).
  for (const d of engine.dialects) {
    const site = d.completionAt?.(before, ref.file, inComment);
    if (site) {
      const defs = rankRequirements(engine.index.firstDefinitions(), site.typed, MAX_ITEMS + 1);
      return items(params, site.typed, defs.map((def) => ({ id: def.id, title: def.title, insert: site.insertText(def) })));
    }
  }

  if (entry?.isSpec) {
    if (!LINK_FIELD.test(before) && !inYamlParentList(doc, params.position.line, before)) return [];
  } else if (!inComment) {
    return [];
  }
  const typed = /[A-Za-z0-9_-]*$/.exec(before)?.[0] ?? '';
  return items(params, typed, completions(engine, typed, MAX_ITEMS + 1).map((c) => ({ id: c.id, title: c.title, insert: c.id })));
}

/**
 * True on a YAML list item under a `parent:`/`parents:` key:
 *
 *     parent:
 *       - AUTH-0|
 */
function inYamlParentList(doc: TextDocument, line: number, before: string): boolean {
  const item = /^(\s*)-\s+[A-Za-z0-9_-]*$/.exec(before);
  if (!item) return false;
  const indent = item[1].length;
  for (let l = line - 1; l >= 0; l--) {
    const text = doc.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$/, '');
    if (text.trim() === '') continue;
    const lead = /^\s*/.exec(text)![0].length;
    if (/^\s*-\s/.test(text) && lead === indent) continue; // an earlier item of the same list
    return lead <= indent && /^\s*(?:-\s+)?parents?\s*:\s*$/i.test(text);
  }
  return false;
}

/** The items, with the list marked incomplete when `entries` has more than MAX_ITEMS (the caller asks for one more). */
function items(params: CompletionParams, typed: string, entries: Array<{ id: string; title: string; insert: string }>): CompletionItem[] | CompletionList {
  const start = { line: params.position.line, character: params.position.character - typed.length };
  const out = entries.slice(0, MAX_ITEMS).map(
    (c, i): CompletionItem => ({
      label: c.insert,
      kind: CompletionItemKind.Reference,
      detail: c.title,
      labelDetails: { description: c.title },
      filterText: `${c.insert} ${c.title}`,
      sortText: String(i).padStart(6, '0'),
      textEdit: { range: { start, end: params.position }, newText: c.insert },
      data: { uri: params.textDocument.uri, id: c.id } satisfies ItemData,
    }),
  );
  return entries.length > MAX_ITEMS ? { isIncomplete: true, items: out } : out;
}

/** `completionItem/resolve`: the item with the requirement's hover as its documentation. */
export function resolveCompletion(session: Session, item: CompletionItem): CompletionItem {
  const data = item.data as Partial<ItemData> | undefined;
  const engine = typeof data?.uri === 'string' ? session.resolve(data.uri)?.folder.engine : undefined;
  if (!engine || typeof data?.id !== 'string' || !engine.index.isDefined(data.id)) return item;
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: hoverMarkdown(engine, data.id) } };
}
