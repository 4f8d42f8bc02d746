/**
 * The OpenFastTrace dialect (`--dialect oft`): specification items in
 * Markdown and coverage tags in any text file, traced by OFT's rules.
 *
 * - An item `req~login~2` is the requirement `req~login` at version 2. Only
 *   coverage naming exactly that revision counts (`strictVersion`); an older
 *   or newer one is a `stale-reference` (OFT: outdated / predated).
 * - Coverage kinds are artifact types: the item needs each type of its
 *   `Needs`, and a covering item or tag provides its own type (`dsn` for a
 *   `dsn~...` item's `Covers`, `impl` for `[impl->...]`). No `Needs` means
 *   no coverage needed (a terminating item), not the config's default.
 * - Covering an item that does not exist is `unknown-requirement` (OFT:
 *   orphaned); covering it with a type it does not need is
 *   `unwanted-coverage`. Draft and proposed items are traced like approved
 *   ones. Each revision is an item of its own (check/oftRules.ts).
 * - Items generated from tags are definitions when they can be covered or
 *   need coverage (a named tag, or one with `>>`); forwards
 *   (`arch --> dsn : req~x~1`) are too, as they live in the spec.
 * - Tags are read from the files of OFT's tag importer's extensions only.
 *
 * See `openFastTraceMarkdown.ts` and `openFastTraceTags.ts` for the syntax.
 */
import type { Dialect } from './dialect';
import { parseOftMarkdown } from './openFastTraceMarkdown';
import { readsTags, scanCoverageTags, scanTagItems } from './openFastTraceTags';

function isMarkdown(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith('.md') || lower.endsWith('.markdown');
}

export const openFastTraceDialect: Dialect = {
  name: 'oft',
  description: 'OpenFastTrace: `type~name~revision` items in Markdown, `[impl->dsn~name~1]` coverage tags on any line of any text file',
  readsTextFile: readsTags,
  completionAt(lineBefore) {
    // Inside a coverage tag (`[impl->`, `[impl~~2->dsn~lo`) or a `Covers:`/`Depends:` bullet.
    const m = /\[[\w~]*->(?:[^\]]*,\s*)?([\w~.-]*)$/.exec(lineBefore) ?? /^\s*[-*+]\s+([a-z][\w]*~[\w~.-]*)$/.exec(lineBefore);
    if (!m) return undefined;
    return { typed: m[1], insertText: (def) => (def.source === 'oft' ? `${def.id}~${def.version}` : def.id) };
  },

  parseSpec(text, file) {
    if (!isMarkdown(file)) return undefined;
    const result = parseOftMarkdown(text, file);
    const empty = result.definitions.length === 0 && result.problems.length === 0 && result.references?.length === 0;
    return empty ? undefined : result;
  },

  // OFT reads tags from every line, so the comment spans do not matter. In
  // Markdown, only standalone comment lines hold tags (see parseSpec).
  scanReferences(text, file, _spans, lines) {
    return readsTags(file) ? scanCoverageTags(text, lines) : [];
  },

  definitionsInCode(text, file, lines) {
    return readsTags(file) ? scanTagItems(text, lines, file) : [];
  },
};
