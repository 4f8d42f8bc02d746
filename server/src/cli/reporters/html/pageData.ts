/**
 * The data the HTML report embeds and its page script reads: the report,
 * columnar (one array per field, requirement i at index i) with a string
 * table for what repeats (files, statuses, releases, tags, kinds, codes).
 * Shared by the writer (reportData.ts, Node) and the page (page/, browser),
 * so both sides read one definition. Version 1.
 */
import type { Report } from '../../../core';

/** Bits of `RequirementColumns.state`. */
export const STATE = { covered: 0, uncovered: 1, exempt: 2, mask: 3, broken: 4 } as const;

/** The grouping keys, as core's GROUP_BY (the page cannot import the core: it is the browser's). */
export const GROUP_KEYS = ['tag', 'release', 'status', 'file', 'parent'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

export interface RequirementColumns {
  id: string[];
  title: string[];
  /** String-table index of the spec file. */
  file: number[];
  /** 1-based. */
  line: number[];
  /** 1-based. */
  col: number[];
  /** String-table index, -1 for none. */
  status: number[];
  /** String-table index, -1 for none. */
  release: number[];
  version: number[];
  /** STATE bits: covered, uncovered or exempt, plus broken. */
  state: number[];
  /** String-table indexes (tags, then needed kinds, missing kinds, parent IDs); 0 (not []) for none, to keep the JSON small. */
  tags: Array<number[] | 0>;
  needs: Array<number[] | 0>;
  missing: Array<number[] | 0>;
  parents: Array<number[] | 0>;
  /** `impl` and `test` reference counts. */
  impl: number[];
  test: number[];
  /** The report's roll-up: needing, covered, interleaved (2 per requirement). */
  rollup: number[];
  /** The requirement's text (Markdown), rendered by the page when the requirement is opened. */
  text: string[];
}

/**
 * Every reference of the defined IDs, sorted by file, line and column, as
 * runs per file: `files[k]` (string index) has `counts[k]` references. Per
 * reference: line (the difference to the previous one in its file), column,
 * requirement (index of the ID's first definition) and kind (string index).
 * Pins are sparse: reference index, pin, interleaved.
 */
export interface ReferenceColumns {
  files: number[];
  counts: number[];
  lineDelta: number[];
  col: number[];
  req: number[];
  kind: number[];
  pins: number[];
}

export interface DiagnosticColumns {
  /** 0 error, 1 warning, 2 info. */
  severity: number[];
  /** String index. */
  code: number[];
  message: string[];
  file: number[];
  line: number[];
  col: number[];
  /** Index of the named requirement's first definition; -1 for none or an undefined ID. */
  req: number[];
}

export interface GroupData {
  key: string | null;
  /** Requirement indexes (first definition of each ID). */
  members: number[];
  needing: number;
  covered: number;
  coverage: number;
}

/** Everything the page script reads. */
export interface PageData {
  v: 1;
  title: string;
  tool: string;
  /** The report's summary (a type only: nothing of the core enters the page's bundle), and the broken references. */
  summary: Report['summary'] & { broken: number };
  /** The grouping `--group-by` asked for, shown first; null without the option. */
  groupBy: GroupKey | null;
  strings: string[];
  req: RequirementColumns;
  refs: ReferenceColumns;
  diags: DiagnosticColumns;
  /** Every grouping, computed by the core's groupRequirements, so the page can switch between them. */
  groups: Record<GroupKey, GroupData[]>;
}

/** The embedded block: the data as JSON, or that JSON gzipped and base64-encoded when it is large. */
export type Envelope = { v: 1; json: PageData } | { v: 1; gzip: string };

export const DATA_ELEMENT_ID = 'reqtrace-data';
