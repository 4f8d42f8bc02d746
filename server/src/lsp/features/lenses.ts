/**
 * Code lens on each definition ("2 impl · 1 test" / "uncovered: test"), and
 * inlay hints after references in code with the requirement's title.
 */
import type { CodeLens, CodeLensParams, InlayHint, InlayHintParams } from 'vscode-languageserver/node';
import { InlayHintKind } from 'vscode-languageserver/node';
import { candidatesOf, coverageLabel } from '../../core';
import { SHOW_REFERENCES_COMMAND } from '../../protocol';
import type { Session } from '../session';


export function codeLenses(session: Session, params: CodeLensParams): CodeLens[] {
  const ref = session.resolve(params.textDocument.uri);
  const entry = ref && ref.folder.engine.index.entry(ref.file);
  if (!ref || !entry || !ref.folder.settings.codeLens) return [];
  const engine = ref.folder.engine;
  // The command names the definition only: the client asks for its references when the lens is clicked. Their
  // locations here made a 100-requirement spec's lenses 370 KB at L (13-20 ms a request, every refresh), and went
  // stale when lines moved in another file, which changes no count and so refreshes no lens.
  return entry.defs.map((def) => ({
    range: def.range,
    command: {
      title: coverageLabel(engine.coverage(def)),
      command: SHOW_REFERENCES_COMMAND,
      arguments: [params.textDocument.uri, def.range.start],
    },
  }));
}

export function inlayHints(session: Session, params: InlayHintParams): InlayHint[] {
  const ref = session.resolve(params.textDocument.uri);
  const entry = ref && ref.folder.engine.index.entry(ref.file);
  if (!ref || !entry || entry.isSpec || !ref.folder.settings.inlayHints) return [];
  const engine = ref.folder.engine;
  const out: InlayHint[] = [];
  for (const c of candidatesOf(entry)) {
    if (c.range.end.line < params.range.start.line || c.range.start.line > params.range.end.line) continue;
    if (!engine.index.counts(c)) continue;
    const def = engine.index.definition(c.id);
    if (!def) continue;
    // After a version pin (`AUTH-001@2`), so the hint does not split the ID from its `@2`.
    const position = c.pinRange?.end ?? c.range.end;
    out.push({ position, label: def.title, kind: InlayHintKind.Type, paddingLeft: true, tooltip: `${def.id}: ${def.title}` });
  }
  return out;
}
