/**
 * Rename a requirement ID: its definitions, parent links and every reference
 * in one WorkspaceEdit, which the user can undo.
 */
import type { PrepareRenameParams, Range, RenameParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { ResponseError } from 'vscode-languageserver/node';
import { renameEdits, renameProblem } from '../../core';
import type { Session } from '../session';
import { targetOf } from './navigation';

/** LSP's RequestFailed: the client shows the message to the user. */
const REQUEST_FAILED = -32803;

export function prepareRename(session: Session, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const hit = targetOf(session, params);
  if (!hit) return null;
  if (!hit.folder.engine.index.isDefined(hit.target.id)) {
    throw new ResponseError(REQUEST_FAILED, `${hit.target.id} is not defined, so it cannot be renamed`);
  }
  const fixed = hit.folder.engine.index.definitions(hit.target.id).find((d) => d.idIsFileName);
  if (fixed) throw new ResponseError(REQUEST_FAILED, `${hit.target.id} is the name of its file (${fixed.file}); rename the file instead`);
  return { range: hit.target.range, placeholder: hit.target.id };
}

export function rename(session: Session, params: RenameParams): WorkspaceEdit | null {
  const hit = targetOf(session, params);
  if (!hit) return null;
  const engine = hit.folder.engine;
  const newId = params.newName.trim();
  if (!engine.index.isDefined(hit.target.id)) throw new ResponseError(REQUEST_FAILED, `${hit.target.id} is not defined`);
  const problem = renameProblem(engine, hit.target.id, newId);
  if (problem) throw new ResponseError(REQUEST_FAILED, problem);
  const changes: Record<string, TextEdit[]> = {};
  for (const e of renameEdits(engine, hit.target.id, newId)) {
    const uri = session.workspaces.uriOf(hit.folder, e.file);
    (changes[uri] ??= []).push({ range: e.range, newText: e.newText });
  }
  return { changes };
}
