/**
 * What a hover adds on a suspect reference: one line naming the commit that
 * changed the requirement, when and by whom, and below it the word diff of
 * the requirement's text since the reference's line was written, in Markdown
 * (~~deleted~~, **inserted**).
 */
import { diffWords } from 'diff';
import type { Engine } from '../engine/engine';
import { describeChange, type Suspect, type SuspectFinder } from './suspects';
import type { CancellationToken } from '../workspace/host';

/** Longest diff shown; a rewritten requirement is summarised rather than printed whole. */
const MAX_DIFF_CHARS = 2000;

/** The hover's extra Markdown for a suspect reference. */
export async function suspectHoverMarkdown(finder: SuspectFinder, suspect: Suspect, token: CancellationToken): Promise<string> {
  const head = `**Changed after this line was written:** ${escapeMd(describeChange(suspect.change))}`;
  const current = currentText(finder.engine, suspect.id);
  const before = suspect.line ? await finder.history.textAt(suspect.id, suspect.line.time, token) : undefined;
  if (before === undefined || current === undefined) return head;
  const diff = wordDiffMarkdown(before, current);
  return diff === '' ? head : `${head}\n\n${diff}`;
}

function currentText(engine: Engine, id: string): string | undefined {
  return engine.index.definition(id)?.text;
}

/**
 * The word diff of two texts as one Markdown paragraph: deleted words struck
 * through, inserted ones in bold, whitespace collapsed (reflow is no change).
 * Empty when the texts differ only in whitespace.
 */
export function wordDiffMarkdown(before: string, after: string): string {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const parts = diffWords(norm(before), norm(after));
  if (!parts.some((p) => p.added || p.removed)) return '';
  let out = '';
  let prevRemoved = false;
  for (const p of parts) {
    if (out.length > MAX_DIFF_CHARS) return out + ' …';
    const value = p.value.trim();
    const lead = /^\s/.test(p.value) ? ' ' : '';
    const trail = /\s$/.test(p.value) ? ' ' : '';
    if (value === '') out += p.value;
    else if (p.removed) out += `${lead}~~${escapeMd(value)}~~${trail}`;
    // A replacement reads "~~old~~ **new**", not glued together.
    else if (p.added) out += `${prevRemoved ? ' ' : lead}**${escapeMd(value)}**${trail}`;
    else out += escapeMd(p.value);
    prevRemoved = p.removed;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>~#|])/g, '\\$1');
}
