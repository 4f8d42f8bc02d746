/**
 * Completion of requirement IDs inside code comments (also right after a
 * verb such as `@impl `) and in spec link fields (`Parent:` / `parent:`).
 */
import type { CompletionItem, CompletionParams } from 'vscode-languageserver/node';
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver/node';
import { lexComments } from '../../core/commentLexer';
import { languageForPath } from '../../core/languages';
import { completions, hoverMarkdown } from '../../core/queries';
import type { Session } from '../session';

const LINK_FIELD = /^\s*(?:[-*]\s*)?(?:\*\*)?parents?(?:\*\*)?\s*:/i;

export function completion(session: Session, params: CompletionParams): CompletionItem[] {
  const ref = session.resolve(params.textDocument.uri);
  const doc = session.documents.get(params.textDocument.uri);
  if (!ref || !doc) return [];
  const engine = ref.folder.engine;
  const line = session.lineText(params.textDocument.uri, params.position.line) ?? '';
  const before = line.slice(0, params.position.character);
  const entry = engine.index.entry(ref.file);

  if (entry?.isSpec) {
    if (!LINK_FIELD.test(before)) return [];
  } else {
    const language = languageForPath(ref.file);
    if (!language) return [];
    const text = doc.getText();
    const offset = doc.offsetAt(params.position);
    // The cursor may sit right at the end of a line comment: `end` is inclusive here.
    if (!lexComments(text, language).some((s) => offset > s.start && offset <= s.end)) return [];
  }

  const typed = /[A-Za-z0-9_-]*$/.exec(before)?.[0] ?? '';
  const start = { line: params.position.line, character: params.position.character - typed.length };
  return completions(engine, typed).map((c, i) => ({
    label: c.id,
    kind: CompletionItemKind.Reference,
    detail: c.title,
    labelDetails: { description: c.title },
    documentation: { kind: MarkupKind.Markdown, value: hoverMarkdown(engine, c.id) },
    filterText: `${c.id} ${c.title}`,
    sortText: String(i).padStart(6, '0'),
    textEdit: { range: { start, end: params.position }, newText: c.id },
  }));
}
