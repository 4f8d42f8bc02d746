/**
 * Reading an older spec revision as a step from the newer one (only the
 * touched requirements' lines parsed) must give what parsing the whole older
 * revision gives, or decline. Random histories of Markdown and YAML specs:
 * texts reworded and reflowed, titles, statuses and versions changed,
 * requirements added, removed and moved, prose and headings in between.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { contentKey } from '../../server/src/core/compare/requirementHistory';
import { deriveOlder, lineCount, sectionsOf, type ParsedDef, type RevisionSections } from '../../server/src/core/compare/revisionSections';
import { MemoryHost } from '../../server/src/core/workspace/host';

interface Req {
  id: string;
  title: string;
  status: string;
  version: number;
  text: string[];
}

const WORDS = ['the', 'user', 'signs', 'in', 'with', 'a', 'passkey', 'session', 'expires', 'after', 'one', 'hour', 'and', 'then'];

function markdown(reqs: Req[], extras: Map<number, string>): string {
  let out = '# Spec\n\nIntro text.\n\n';
  reqs.forEach((r, i) => {
    out += `## ${r.id}: ${r.title}\n\nStatus: ${r.status}\nVersion: ${r.version}\n\n${r.text.join('\n')}\n\n`;
    if (extras.has(i)) out += extras.get(i) + '\n\n';
  });
  return out;
}

function yaml(reqs: Req[], extras: Map<number, string>): string {
  let out = 'requirements:\n';
  reqs.forEach((r, i) => {
    out += `  - id: ${r.id}\n    title: ${r.title}\n    status: ${r.status}\n    version: ${r.version}\n    description: |\n${r.text.map((t) => `      ${t}`).join('\n')}\n`;
    if (extras.has(i)) out += `  # ${extras.get(i)}\n`;
  });
  return out;
}

const edit = fc.oneof(
  fc.record({ kind: fc.constant('word' as const), at: fc.nat(), word: fc.constantFrom(...WORDS) }),
  fc.record({ kind: fc.constant('reflow' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('title' as const), at: fc.nat(), word: fc.constantFrom(...WORDS) }),
  fc.record({ kind: fc.constant('status' as const), at: fc.nat(), status: fc.constantFrom('approved', 'draft', 'proposed') }),
  fc.record({ kind: fc.constant('version' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('extra' as const), at: fc.nat(), text: fc.constantFrom('## Notes', 'Some prose.', '### Detail\n\nMore prose.') }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

let nextId = 100;
function apply(reqs: Req[], extras: Map<number, string>, e: Edit): void {
  const i = reqs.length ? e.at % reqs.length : 0;
  const r = reqs[i];
  switch (e.kind) {
    case 'word':
      if (r) r.text[0] = `${r.text[0]} ${e.word}`;
      break;
    case 'reflow':
      if (r) r.text = r.text.join(' ').split(' ').reduce<string[]>((acc, w, k) => (k % 3 === 0 ? [...acc, w] : [...acc.slice(0, -1), `${acc[acc.length - 1]} ${w}`]), []);
      break;
    case 'title':
      if (r) r.title = `${r.title} ${e.word}`;
      break;
    case 'status':
      if (r) r.status = e.status;
      break;
    case 'version':
      if (r) r.version++;
      break;
    case 'add':
      reqs.splice(i, 0, { id: `REQ-${nextId++}`, title: 'New one', status: 'approved', version: 1, text: ['A new requirement.'] });
      break;
    case 'remove':
      if (reqs.length > 1) reqs.splice(i, 1);
      break;
    case 'move':
      if (r) reqs.splice(e.to % reqs.length, 0, ...reqs.splice(i, 1));
      break;
    case 'extra':
      extras.set(i, e.text);
      break;
  }
}

describe('spec revisions read as a step from the newer one', () => {
  let engine: Engine;
  before(async () => (engine = await createEngine({ host: new MemoryHost({}) })));

  const parse = (file: string, text: string, offset = 0): ParsedDef[] | undefined => {
    const entry = engine.analyze(file, text, engine.classifier.roleOf(file)!);
    if (offset > 0 && entry.problems.length > 0) return undefined;
    return entry.defs.map((d) => ({ id: d.id, line: d.fullRange.start.line - offset, key: contentKey(d), text: d.text }));
  };
  const whole = (file: string, text: string): RevisionSections | undefined => sectionsOf(parse(file, text)!, lineCount(text));

  for (const [file, render] of [['docs/spec.md', markdown], ['docs/spec.yaml', yaml]] as const) {
    it(`gives what a whole parse gives, or declines (${file})`, () => {
      let stepped = 0;
      let declined = 0;
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
          const reqs: Req[] = Array.from({ length: 6 }, (_, k) => ({ id: `REQ-${k + 1}`, title: `Title ${k + 1}`, status: 'approved', version: 1, text: ['The user signs in.', 'Then the session starts.'] }));
          const extras = new Map<number, string>();
          // Oldest first; each step reads revision k from revision k + 1.
          const history = [render(reqs, extras)];
          for (const e of edits) {
            apply(reqs, extras, e);
            history.push(render(reqs, extras));
          }
          for (let k = history.length - 1; k > 0; k--) {
            const newer = whole(file, history[k]);
            if (!newer) continue;
            const prefix = file.endsWith('.yaml') ? 'requirements:\n' : '';
            const derived = deriveOlder(newer, history[k], history[k - 1], (lines) => parse(file, prefix + lines, prefix ? 1 : 0));
            if (!derived) {
              declined++;
              continue;
            }
            stepped++;
            assert.deepEqual(derived, whole(file, history[k - 1]), `step ${k} -> ${k - 1}:\n--- newer\n${history[k]}\n--- older\n${history[k - 1]}`);
          }
        }),
        { numRuns: 150, seed: 17 },
      );
      // Most steps are clear-cut: the point is to parse less.
      assert.ok(stepped > declined * 2, `stepped ${stepped}, declined ${declined}`);
    });
  }
});
