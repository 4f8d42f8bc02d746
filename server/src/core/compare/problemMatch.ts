/**
 * Which problems are new and which were fixed between two reports: a problem
 * matches an old one by code, requirement, file and message, so a line that
 * only moved still matches. Line numbers inside a message (a duplicate's
 * "also at specs/a.md:12") are left out of the comparison for the same reason.
 */
import { push } from '../listMap';
import type { ReportDiagnostic } from '../engine/report';

export interface MatchOptions {
  /** The path at head of a base file (a renamed file); by default, the same path. */
  fileAtHead?(baseFile: string): string;
  /** Where a base line (1-based) of a base file is at head, when the change did not touch it. */
  lineAtHead?(baseFile: string, line: number): number | undefined;
}

export interface ProblemMatch {
  /** Per head problem, in order: true when it already existed at the base. */
  existing: boolean[];
  /** Base problems with no match at head, in their order. */
  fixed: ReportDiagnostic[];
}

/** A message without the line numbers it names (`path:12` → `path`). */
export function messageKey(message: string): string {
  return message.replace(/([^\s,;()]+):\d+\b/g, '$1');
}

function key(d: ReportDiagnostic, file: string): string {
  return JSON.stringify([d.code, d.requirement ?? null, file, messageKey(d.message)]);
}

/**
 * Pairs head problems with base problems of the same key: first those at the
 * line the base one moved to, then the rest in order. Each base problem
 * matches at most one head problem.
 */
export function matchProblems(base: readonly ReportDiagnostic[], head: readonly ReportDiagnostic[], options: MatchOptions = {}): ProblemMatch {
  const fileAtHead = options.fileAtHead ?? ((f: string) => f);
  const groups = new Map<string, { base: number[]; head: number[] }>();
  const group = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { base: [], head: [] }));
    return g;
  };
  base.forEach((d, i) => group(key(d, fileAtHead(d.file))).base.push(i));
  head.forEach((d, i) => group(key(d, d.file)).head.push(i));

  const existing = head.map(() => false);
  const baseMatched = base.map(() => false);
  for (const g of groups.values()) {
    if (g.base.length === 0 || g.head.length === 0) continue;
    // Pass 1: the same place, once the base line is moved to head.
    const byLine = new Map<number, number[]>();
    for (const b of g.base) {
      const line = options.lineAtHead?.(base[b].file, base[b].line);
      if (line !== undefined) push(byLine, line, b);
    }
    const left: number[] = [];
    for (const h of g.head) {
      const b = byLine.get(head[h].line)?.find((i) => !baseMatched[i]);
      if (b === undefined) {
        left.push(h);
        continue;
      }
      baseMatched[b] = true;
      existing[h] = true;
    }
    // Pass 2: whatever is left, in order (the line moved where the map cannot follow, or there is no map).
    const rest = g.base.filter((b) => !baseMatched[b]);
    for (let k = 0; k < Math.min(rest.length, left.length); k++) {
      baseMatched[rest[k]] = true;
      existing[left[k]] = true;
    }
  }
  return { existing, fixed: base.filter((_, i) => !baseMatched[i]) };
}
