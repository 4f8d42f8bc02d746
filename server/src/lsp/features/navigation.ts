/**
 * Hover, go to definition, find references and go to implementation.
 */
import type { Hover, Location as LspLocation, TextDocumentPositionParams } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import { definitionLocations, hoverMarkdown, type Location, referenceLocations, type Target, targetAt } from '../../core';
import type { Session } from '../session';
import type { Folder } from '../workspaces';

/** The requirement under the cursor, with the folder it belongs to. */
export function targetOf(session: Session, params: TextDocumentPositionParams): { folder: Folder; target: Target } | undefined {
  const ref = session.resolve(params.textDocument.uri);
  if (!ref) return undefined;
  const lineText = session.lineText(params.textDocument.uri, params.position.line);
  const target = targetAt(ref.folder.engine, ref.file, params.position, lineText);
  return target ? { folder: ref.folder, target } : undefined;
}

export function toLspLocations(session: Session, folder: Folder, locs: Location[]): LspLocation[] {
  return locs.map((l) => ({ uri: session.workspaces.uriOf(folder, l.file), range: l.range }));
}

export function hover(session: Session, params: TextDocumentPositionParams): Hover | null {
  const hit = targetOf(session, params);
  if (!hit) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(hit.folder.engine, hit.target.id) },
    range: hit.target.range,
  };
}

export function definition(session: Session, params: TextDocumentPositionParams): LspLocation[] | null {
  const hit = targetOf(session, params);
  if (!hit) return null;
  return toLspLocations(session, hit.folder, definitionLocations(hit.folder.engine, hit.target));
}

export function references(session: Session, params: TextDocumentPositionParams & { context: { includeDeclaration: boolean } }): LspLocation[] | null {
  const hit = targetOf(session, params);
  if (!hit) return null;
  return toLspLocations(session, hit.folder, referenceLocations(hit.folder.engine, hit.target.id, params.context.includeDeclaration));
}

export function implementation(session: Session, params: TextDocumentPositionParams): LspLocation[] | null {
  const hit = targetOf(session, params);
  if (!hit) return null;
  return toLspLocations(session, hit.folder, referenceLocations(hit.folder.engine, hit.target.id, false));
}
