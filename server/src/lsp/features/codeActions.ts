/**
 * Quick fixes: replace an unknown ID with the nearest defined one, define an
 * unknown ID as a stub in a spec file, raise a stale version pin, record the
 * review of a suspect reference (reviewFix.ts).
 */
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { candidatesOf, decode, type Engine, idPrefix, LineIndex, nearestId } from '../../core';
import type { Session } from '../session';
import type { Folder } from '../workspaces';
import { reviewFix } from './reviewFix';

export async function codeActions(session: Session, params: CodeActionParams): Promise<CodeAction[]> {
  const ref = session.resolve(params.textDocument.uri);
  if (!ref) return [];
  const out: CodeAction[] = [];
  for (const diag of params.context.diagnostics) {
    if (diag.source !== 'reqtrace') continue;
    const id = (diag.data as { requirement?: string } | undefined)?.requirement;
    if (!id) continue;
    const engine = ref.folder.engine;
    if (diag.code === 'unknown-requirement') {
      const hint = nearestId(id, engine.index);
      if (hint) {
        out.push(fix(`Replace ${id} with ${hint}: ${engine.index.definition(hint)?.title ?? ''}`, diag, {
          [params.textDocument.uri]: [{ range: diag.range, newText: hint }],
        }, true));
      }
      const stub = await stubDefinition(session, ref.folder, id);
      if (stub) out.push(fix(`Define ${id} in ${stub.file}`, diag, { [stub.uri]: [stub.edit] }, false));
    } else if (diag.code === 'suspect-reference') {
      const review = await reviewFix(session, ref.folder, ref.file, params.textDocument.uri, diag, id);
      if (review) out.push(review);
    } else if (diag.code === 'stale-reference') {
      const def = engine.index.definition(id);
      const entry = engine.index.entry(ref.file);
      const cand = (entry ? candidatesOf(entry) : []).find((c) => c.id === id && sameStart(c.range, diag.range) && c.pinRange);
      if (def && cand?.pinRange) {
        out.push(fix(`Update pin to ${id}${cand.pinPrefix ?? '@'}${def.version} (reviewed)`, diag, {
          [params.textDocument.uri]: [{ range: cand.pinRange, newText: `${cand.pinPrefix ?? '@'}${def.version}` }],
        }, true));
      }
    }
  }
  return out;
}

function sameStart(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function fix(title: string, diag: Diagnostic, changes: Record<string, TextEdit[]>, preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: preferred, edit: { changes } };
}

/** The spec file where a new definition of `id` belongs: the one defining most IDs of its prefix. */
function specFileFor(engine: Engine, id: string): string | undefined {
  const prefix = idPrefix(id);
  const score = new Map<string, number>();
  for (const def of engine.index.allDefinitions()) {
    if (def.source !== 'markdown' && def.source !== 'yaml') continue;
    score.set(def.file, (score.get(def.file) ?? 0) + (idPrefix(def.id) === prefix ? 1000 : 1));
  }
  let best: string | undefined;
  for (const [file, n] of score) if (!best || n > score.get(best)! || (n === score.get(best)! && file < best)) best = file;
  return best;
}

async function stubDefinition(session: Session, folder: Folder, id: string): Promise<{ file: string; uri: string; edit: TextEdit } | undefined> {
  const engine = folder.engine;
  const file = specFileFor(engine, id);
  if (!file) return undefined;
  const uri = session.workspaces.uriOf(folder, file);
  const open = session.documents.get(uri);
  const text = open ? open.getText() : await folder.host.readFile(file).then((b) => (b ? decode(b) : undefined));
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const end = lines.positionAt(text.length);
  const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  let newText: string;
  if (file.endsWith('.md') || file.endsWith('.markdown')) {
    const level = headingLevel(engine, file);
    newText = `${sep}\n${'#'.repeat(level)} ${id}: TODO title\n\nStatus: draft\n\nDescribe the requirement.\n`;
  } else {
    const first = engine.index.allDefinitions().find((d) => d.file === file);
    const indent = ' '.repeat(first?.fullRange.start.character ?? 2);
    newText = `${sep}${indent}- id: ${id}\n${indent}  title: TODO title\n${indent}  status: draft\n`;
  }
  return { file, uri, edit: { range: { start: end, end }, newText } };
}

function headingLevel(engine: Engine, file: string): number {
  const def = engine.index.allDefinitions().find((d) => d.file === file);
  // The ID follows "## " in its heading, so its column gives the heading level.
  return def ? Math.max(1, Math.min(6, def.range.start.character - 1)) : 2;
}
