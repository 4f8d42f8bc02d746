/**
 * LOBSTER (bmw-software-engineering/lobster): code and tests carry tracing
 * tags in comments, `lobster-trace: req.name, other.req` (C++ splits the list
 * on commas and blanks; Python takes one tag per comment), and justify an
 * untraced function with `lobster-exclude: reason`.
 *
 * LOBSTER defines no requirements in code: its tags name items of other
 * tools (`req package.Name` for a TRLC record, `req 12345@42` for a
 * codeBeamer item at version 42). reqtrace has no such namespace, so a tag
 * resolves against a requirement of the same ID in any format of the
 * workspace (house, Tracey, StrictDoc…); an `@N` suffix is a version pin.
 * Tags name requirements explicitly, so an undefined one is
 * `unknown-requirement`; whether a tag covers `impl` or `test` depends on the
 * file (LOBSTER decides it by the tool that reads the file, e.g.
 * `lobster-python --activity` for tests).
 *
 * `lobster-exclude:` feeds LOBSTER's "every function is traced" check, which
 * reqtrace does not have: it is recognised and produces nothing.
 */
import { forEachCommentLine } from '../parse/commentLines';
import type { IdMatcher } from '../idPattern';
import type { LineIndex } from '../lineIndex';
import type { CommentSpan, RefCandidate } from '../types';
import type { Dialect } from './dialect';

const TRACE = /(?<![A-Za-z0-9_-])lobster-trace:[ \t]*/g;
/** A tag: word characters with inner `.`, `:`, `-`, `#`, `/`, then an optional `@version`. */
const TAG = /[A-Za-z0-9_](?:[A-Za-z0-9_.:#/-]*[A-Za-z0-9_])?(?:@([0-9]{1,9}))?/y;
const SEPARATOR = /[ \t]*,[ \t]*|[ \t]+/y;

export const lobsterDialect: Dialect = {
  name: 'lobster',
  description: 'LOBSTER: lobster-trace: tag, tag and lobster-exclude: comments in code and tests',
  scanReferences(text, _file, spans, lines, ctx) {
    return scanLobsterReferences(text, spans, lines, ctx.ids);
  },
  completionAt(lineBefore, _file, inComment) {
    const at = inComment ? lineBefore.lastIndexOf('lobster-trace:') : -1;
    if (at < 0) return undefined;
    const list = lineBefore.slice(at + 'lobster-trace:'.length);
    // Only while the rest of the line is still a tag list.
    if (!/^[A-Za-z0-9_.:#/@, \t-]*$/.test(list)) return undefined;
    return { typed: /[A-Za-z0-9_.:#/-]*$/.exec(list)![0], insertText: (def) => def.id };
  },
};

/**
 * Finds the tags after `lobster-trace:` in the comment spans of a source
 * file. Tags of the house ID shape (`ids`) are left to the house scanner.
 */
export function scanLobsterReferences(text: string, spans: readonly CommentSpan[], lines: LineIndex, ids: IdMatcher): RefCandidate[] {
  const out: RefCandidate[] = [];
  forEachCommentLine(text, spans, (start, end) => {
    const line = text.slice(start, end);
    if (line.includes('lobster-trace:')) scanLine(line, start, lines, ids, out);
  });
  return out;
}

function scanLine(line: string, offset: number, lines: LineIndex, ids: IdMatcher, out: RefCandidate[]): void {
  TRACE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TRACE.exec(line)) !== null) {
    const houseHits = new Set(ids.findAll(line).map((h) => `${h.offset}:${h.id}`));
    let pos = m.index + m[0].length;
    for (;;) {
      TAG.lastIndex = pos;
      const tag = TAG.exec(line);
      if (!tag) break;
      const id = tag[1] === undefined ? tag[0] : tag[0].slice(0, tag[0].length - tag[1].length - 1);
      // The house scanner already reports a house-shaped ID (explicit, with the same pin,
      // as it reads `trace:` as a verb): one reference, not two.
      if (!houseHits.has(`${pos}:${id}`)) {
        const cand: RefCandidate = { id, range: lines.rangeOf(offset + pos, offset + pos + id.length), explicit: true };
        if (tag[1] !== undefined) {
          cand.pin = Number(tag[1]);
          cand.pinRange = lines.rangeOf(offset + pos + id.length, offset + pos + tag[0].length);
        }
        out.push(cand);
      }
      pos = TAG.lastIndex;
      SEPARATOR.lastIndex = pos;
      if (!SEPARATOR.exec(line)) break;
      pos = SEPARATOR.lastIndex;
    }
    TRACE.lastIndex = Math.max(TRACE.lastIndex, pos);
  }
}
