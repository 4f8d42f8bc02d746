/**
 * `check --suspects`: the suspect references of the whole workspace, from
 * git (the CLI is run by the user on their own repository, so it is trusted).
 * Without git, or outside a repository, the check is off with one warning.
 */
import { neverCancelled, SuspectFinder, suspectDiagnostics, type Diagnostic, type Engine, type Suspect } from '../core';
import { GitHistoryHost } from '../git/historyHost';

/** The `suspect-reference` diagnostics of the workspace, or [] with a warning on stderr when git cannot tell. */
export async function workspaceSuspects(engine: Engine, root: string): Promise<Diagnostic[]> {
  const host = await GitHistoryHost.open(root);
  if (typeof host === 'string') {
    process.stderr.write(`reqtrace: warning: --suspects is off: ${host}\n`);
    return [];
  }
  const finder = new SuspectFinder(engine, host);
  let found: Map<string, Suspect[]>;
  try {
    found = await finder.suspectsInFiles(neverCancelled, undefined, undefined, (file, e) =>
      process.stderr.write(`reqtrace: warning: suspect references of ${file} are unknown: ${e.message}\n`),
    );
  } finally {
    host.dispose();
  }
  const out: Diagnostic[] = [];
  for (const [file, suspects] of found) for (const d of suspectDiagnostics(engine, file, suspects)) out.push(d);
  return out;
}

/** `all` with `extra` merged in, keeping the order of a check: the config file first, then by file and position. */
export function mergeDiagnostics(all: Diagnostic[], extra: Diagnostic[], configFile: string): Diagnostic[] {
  if (extra.length === 0) return all;
  const rank = (d: Diagnostic) => (d.file === configFile ? 0 : 1);
  return [...all, ...extra].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
