/**
 * The quick fix of a `suspect-reference`: it records the review in the line
 * itself, so that the next commit of the line clears the diagnostic (the line
 * is then newer than the requirement's change). Where the syntax has a
 * version pin it pins the current version (`AUTH-001@3`, Tracey's `+3`); where
 * the line pins it already, or the syntax has none, a note naming the
 * reviewed change, `(reviewed abc1234)`, ends the comment line.
 */
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { candidatesOf, decode, languageForPath, lexComments, LineIndex, neverCancelled } from '../../core';
import type { Session } from '../session';
import type { Folder } from '../workspaces';

/** A note this fix wrote earlier, at the end of a line: replaced rather than repeated. */
const NOTE = / ?\(reviewed [0-9a-f]{7,40}\)$| ?\(reviewed \d{4}-\d\d-\d\d\)$/;

export async function reviewFix(session: Session, folder: Folder, file: string, uri: string, diag: Diagnostic, id: string): Promise<CodeAction | undefined> {
  const engine = folder.engine;
  const def = engine.index.definition(id);
  const entry = engine.index.entry(file);
  const cand = entry && candidatesOf(entry).find((c) => c.id === id && c.range.start.line === diag.range.start.line && c.range.start.character === diag.range.start.character);
  if (!def || !cand) return undefined;
  const pinWritten = cand.pinRange !== undefined && !isEmpty(cand.pinRange);
  // House requirements take `@N` after any reference; a dialect's only where its syntax placed a pin.
  const pinnable = cand.pinRange !== undefined || def.source === 'markdown' || def.source === 'yaml';
  if (pinnable && !(pinWritten && cand.pin === def.version)) {
    const prefix = cand.pinPrefix ?? '@';
    const at = cand.pinRange ?? { start: cand.range.end, end: cand.range.end };
    return action(`Mark ${id} as reviewed: pin the current version (${id}${prefix}${def.version})`, diag, uri, { range: at, newText: `${prefix}${def.version}` });
  }
  const text = session.documents.get(uri)?.getText() ?? (await folder.host.readFile(file).then((b) => (b ? decode(b) : undefined)));
  const language = languageForPath(file);
  if (text === undefined || !language) return undefined;
  const lines = new LineIndex(text);
  const line = cand.range.start.line;
  const start = lines.lineStart(line);
  const end = lines.lineEnd(line);
  // Only where the comment holding the reference runs to the end of the line: the note must stay inside it.
  const refAt = lines.offsetAt(cand.range.start);
  if (!lexComments(text, language).some((s) => s.start <= refAt && s.end >= end)) return undefined;
  // The change found for this line, else (its suspects are being worked out again after an edit) the requirement's.
  const finder = session.suspects.finderOf(folder);
  const change = session.suspects.suspectAt(folder, file, line, cand.range.start.character)?.change ?? (await finder?.history.changeOf(id, neverCancelled).catch(() => undefined));
  const note = `(reviewed ${change?.commit ? change.commit.sha.slice(0, 7) : new Date().toISOString().slice(0, 10)})`;
  const old = NOTE.exec(text.slice(start, end));
  const from = old ? end - old[0].length : end;
  const range = { start: lines.positionAt(from), end: lines.positionAt(end) };
  return action(`Mark ${id} as reviewed: note the reviewed change ${note}`, diag, uri, { range, newText: ` ${note}` });
}

function isEmpty(r: Range): boolean {
  return r.start.line === r.end.line && r.start.character === r.end.character;
}

function action(title: string, diag: Diagnostic, uri: string, edit: TextEdit): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: true, edit: { changes: { [uri]: [edit] } } };
}
