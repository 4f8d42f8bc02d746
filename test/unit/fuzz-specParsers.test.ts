/**
 * Fuzzes the Markdown and YAML spec parsers with generated text, random text
 * and mutations of the fixtures' spec files: no exception, bounded time, and
 * every definition, link and problem located inside the document. Markdown
 * definitions and parent links must point at exactly the ID they name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createIdMatcher, type IdMatcher } from '../../server/src/core/idPattern';
import { parseMarkdownSpec } from '../../server/src/core/parse/markdownSpecParser';
import type { Range, SpecParseResult } from '../../server/src/core/types';
import { parseYamlSpec } from '../../server/src/core/parse/yamlSpecParser';
import { assertRangeInside, Doc, formatInput, fuzzParams, ID_TOKENS, MARKDOWN_TOKENS, timed, withoutBom, YAML_TOKENS } from './fuzz-support';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

function fixtureFiles(pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && pattern.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(FIXTURES);
  return out;
}

/** The house pattern and two custom ones, so positions are checked for other ID shapes too. */
const MATCHERS: IdMatcher[] = [createIdMatcher(), createIdMatcher('[a-z]+\\.[a-z0-9.]+'), createIdMatcher('REQ_[0-9]{1,4}')];
const matcher = fc.constantFrom(...MATCHERS);

/** The text a range covers, when it is on one line. */
function textAt(doc: Doc, r: Range): string | undefined {
  if (r.start.line !== r.end.line) return undefined;
  const start = doc.lines.lineStart(r.start.line);
  return doc.text.slice(start + r.start.character, start + r.end.character);
}

function assertResultInside(result: SpecParseResult | undefined, text: string, what: string, exactIds: boolean): void {
  if (!result) return;
  const doc = new Doc(withoutBom(text));
  for (const def of result.definitions) {
    assertRangeInside(doc, def.range, `${what}: range of ${def.id}`);
    assertRangeInside(doc, def.fullRange, `${what}: fullRange of ${def.id}`);
    assert.ok(Number.isInteger(def.version) && def.version > 0, `${what}: version ${def.version} of ${def.id}`);
    for (const p of def.parents) {
      assertRangeInside(doc, p.range, `${what}: parent ${p.id} of ${def.id}`);
      if (exactIds) assert.equal(textAt(doc, p.range), p.id, `${what}: parent range of ${p.id}`);
    }
    if (exactIds) assert.equal(textAt(doc, def.range), def.id, `${what}: range of ${def.id}`);
  }
  for (const p of result.problems) assertRangeInside(doc, p.range, `${what}: problem '${p.message}'`);
  for (const r of result.references ?? []) assertRangeInside(doc, r.range, `${what}: reference ${r.id}`);
}

describe('fuzz: Markdown spec parser', () => {
  const samples = fixtureFiles(/\.(md|markdown)$/);
  const tokens = [...MARKDOWN_TOKENS, ...ID_TOKENS, 'req.a', 'req.b.c', 'REQ_1', 'REQ_22'];

  it('no exception, bounded time, definitions and problems inside the document', () => {
    fc.assert(
      fc.property(formatInput(samples, tokens), matcher, (text, ids) => {
        const result = timed('parseMarkdownSpec', text, () => parseMarkdownSpec(text, 'docs/spec.md', ids));
        assertResultInside(result, text, 'parseMarkdownSpec', true);
      }),
      fuzzParams(600, 1 / 2),
    );
  });
});

describe('fuzz: YAML spec parser', () => {
  const samples = fixtureFiles(/\.(ya?ml)$/);
  const tokens = [...YAML_TOKENS, ...ID_TOKENS, 'req.a', 'REQ_1'];

  it('no exception, bounded time, definitions and problems inside the document', () => {
    fc.assert(
      fc.property(formatInput(samples, tokens), matcher, (text, ids) => {
        const result = timed('parseYamlSpec', text, () => parseYamlSpec(text, 'docs/reqs.yaml', ids));
        assertResultInside(result, text, 'parseYamlSpec', false);
      }),
      fuzzParams(600, 1 / 2),
    );
  });
});
