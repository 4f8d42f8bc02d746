/**
 * The registry of dialects. A new dialect is one module plus one line here.
 */
import type { Dialect } from './dialect';
import { lobsterDialect } from './lobster';
import { strictDocDialect } from './strictDoc';
import { traceyDialect } from './tracey';
import { openFastTraceDialect } from './openFastTrace';
import { doorstopDialect } from './doorstop';
import { sphinxNeedsDialect } from './sphinxNeeds';

const ALL: readonly Dialect[] = [
  traceyDialect,
  lobsterDialect,
  strictDocDialect,
  openFastTraceDialect,
  doorstopDialect,
  sphinxNeedsDialect,
];

export const DIALECTS: ReadonlyMap<string, Dialect> = new Map(ALL.map((d) => [d.name, d]));

export function dialectNames(): string[] {
  return [...DIALECTS.keys()].sort();
}
