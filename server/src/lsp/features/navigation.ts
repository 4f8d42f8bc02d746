/**
 * Hover, go to definition, find references and go to implementation.
 */
import type { Hover, Location as LspLocation, TextDocumentPositionParams } from 'vscode-languageserver/node';
import { MarkupKind } from 'vscode-languageserver/node';
import { type CancellationToken, definitionLocations, hoverMarkdown, type Location, neverCancelled, referenceLocations, suspectHoverMarkdown, type Target, targetAt } from '../../core';
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

export async function hover(session: Session, params: TextDocumentPositionParams, token: CancellationToken = neverCancelled): Promise<Hover | null> {
  const hit = targetOf(session, params);
  if (!hit) return null;
  // Not ready (see Session.isReady), the index may lack the ID's spec: also between the request for the first
  // index and its start (the progress request, the config read), when the engine itself knows of no index yet.
  const incomplete = hit.folder.settings.enable && !session.isReady(hit.folder);
  let value = hoverMarkdown(hit.folder.engine, hit.target.id, Infinity, incomplete);
  const suspect = hit.target.kind === 'reference' ? suspectOf(session, hit.folder, params, hit.target) : undefined;
  const finder = suspect && session.suspects.finderOf(hit.folder);
  if (suspect && finder) {
    // Right under the title: the commit that changed the requirement, and the word diff since the line was written.
    const cut = value.indexOf('\n\n');
    const extra = await suspectHoverMarkdown(finder, suspect, token);
    value = cut < 0 ? `${value}\n\n${extra}` : `${value.slice(0, cut)}\n\n${extra}${value.slice(cut)}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: hit.target.range };
}

function suspectOf(session: Session, folder: Folder, params: TextDocumentPositionParams, target: Target) {
  const ref = session.resolve(params.textDocument.uri);
  return ref && session.suspects.suspectAt(folder, ref.file, target.range.start.line, target.range.start.character);
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
