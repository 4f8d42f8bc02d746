/**
 * Answers about the workspace as a whole or a part of it: reqtrace_uncovered
 * (requirements still missing coverage, by file, tag or release) and
 * reqtrace_check (the diagnostics of a file, a folder or the workspace),
 * from the report's coverage rows and the engine's checks, bounded in size.
 */
import { buildReport, toReportDiagnostic, toReportRequirement, type Diagnostic, type Engine, type Severity } from '../core';
import { cap, clip, truncationNote } from './bounds';
import { releaseOf, type Answer } from './requirementAnswers';
import { resolveInWorkspace, ToolInputError, underPath } from './workspacePath';

export interface UncoveredFilter {
  /** A spec file or a folder of them. */
  file?: string;
  tag?: string;
  release?: string;
}

/** reqtrace_uncovered: requirements that need coverage and lack it, in spec order. */
export function uncoveredAnswer(engine: Engine, root: string, filter: UncoveredFilter, limit: number): Answer {
  const scope = filter.file === undefined ? undefined : resolveInWorkspace(root, filter.file);
  if (scope && !scope.exists) throw new ToolInputError(`no such file or folder in the workspace: ${clip(scope.rel)}`);
  const tag = filter.tag?.trim().toLowerCase();
  const release = filter.release?.trim().toLowerCase();
  let anyRelease = false;
  const rows = [];
  for (const def of engine.index.allDefinitions()) {
    const r = releaseOf(def);
    if (r !== undefined) anyRelease = true;
    if (scope && !underPath(def.file, scope.rel)) continue;
    if (tag && !def.tags.some((t) => t.toLowerCase() === tag)) continue;
    if (release && r?.toLowerCase() !== release) continue;
    const row = toReportRequirement(engine, def);
    if (row.covered) continue;
    rows.push({
      id: row.id,
      title: clip(row.title),
      status: row.status,
      release: r ?? null,
      file: clip(row.file),
      line: row.line,
      needs: row.needs,
      missing: row.missing,
      counts: row.references,
      tags: row.tags.slice(0, 20).map((t) => clip(t, 100)),
    });
  }
  const capped = cap(rows, limit);
  const filters = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${clip(String(v), 100)}`);
  const lines = capped.items.map(
    (r) => `${r.id}: ${r.title} — no ${r.missing.join(' or ')} coverage (${Object.entries(r.counts).map(([k, n]) => `${n} ${k}`).join(' · ')}) ${r.file}:${r.line}`,
  );
  lines.unshift(`${capped.total} uncovered requirement${capped.total === 1 ? '' : 's'}${filters.length ? ` (${filters.join(', ')})` : ''}${capped.total ? ':' : ''}`);
  const notes: string[] = [];
  if (release && !anyRelease) notes.push('no requirement in this workspace names a release (a `Release:` line in Markdown, `release:` in YAML)');
  const note = truncationNote(capped, 'requirements', 'pass a larger limit (at most 200) or filter by file, tag or release');
  if (note) lines.push(note);
  lines.push(...notes);
  return {
    text: lines.join('\n'),
    structured: { total: capped.total, truncated: capped.truncated, requirements: capped.items, ...(notes.length ? { notes } : {}) },
  };
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

export interface CheckFilter {
  file?: string;
  minSeverity?: Severity;
  code?: string;
}

/** reqtrace_check: diagnostics of a file, a folder or the whole workspace, errors first. */
export function checkAnswer(engine: Engine, root: string, filter: CheckFilter, limit: number): Answer {
  let diags: Diagnostic[];
  let scope = 'workspace';
  const notes: string[] = [];
  if (filter.file !== undefined) {
    const p = resolveInWorkspace(root, filter.file);
    if (!p.exists) throw new ToolInputError(`no such file or folder in the workspace: ${clip(p.rel)}`);
    scope = p.rel === '' ? 'workspace' : p.rel;
    if (p.isDirectory) diags = engine.diagnostics().filter((d) => underPath(d.file, p.rel));
    else {
      diags = engine.diagnosticsFor(p.rel);
      if (!engine.index.entry(p.rel) && p.rel !== engine.configFile) {
        notes.push(`reqtrace does not read ${clip(p.rel)}: it is ignored, excluded, too large, binary, or neither a spec nor a source file`);
      }
    }
  } else diags = engine.diagnostics();
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diags) counts[d.severity === 'error' ? 'errors' : d.severity === 'warning' ? 'warnings' : 'infos']++;
  const min = RANK[filter.minSeverity ?? 'info'];
  const kept = diags.filter((d) => RANK[d.severity] >= min && (filter.code === undefined || d.code === filter.code));
  // Errors first (stable: by file and position within a severity), so a cut list keeps the worst.
  const sorted = kept.map((d, i) => [d, i] as const).sort((a, b) => RANK[b[0].severity] - RANK[a[0].severity] || a[1] - b[1]);
  const capped = cap(sorted, limit);
  const rows = capped.items.map(([d]) => {
    const r = toReportDiagnostic(d);
    return { ...r, file: clip(r.file), message: clip(r.message) };
  });
  const structured: Record<string, unknown> = { scope, ...counts, total: capped.total, truncated: capped.truncated, diagnostics: rows };
  const lines = rows.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
  const head = `${scope}: ${counts.errors} error${counts.errors === 1 ? '' : 's'}, ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`;
  if (scope === 'workspace') {
    const s = buildReport(engine, []).summary;
    structured.summary = { requirements: s.requirements, covered: s.covered, uncovered: s.uncovered, exempt: s.exempt, references: s.references, coverage: s.coverage };
    lines.unshift(`${head}; ${s.requirements} requirements, ${s.uncovered} uncovered, coverage ${s.coverage}%`);
  } else lines.unshift(head);
  const note = truncationNote(capped, 'diagnostics', 'pass a larger limit (at most 200), a file, a minSeverity or a code');
  if (note) lines.push(note);
  if (notes.length) {
    lines.push(...notes);
    structured.notes = notes;
  }
  return { text: lines.join('\n'), structured };
}
