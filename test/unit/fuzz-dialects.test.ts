/**
 * Fuzzes every dialect registered in dialects/index.ts (a new one is covered
 * as soon as it is registered): its spec parser on the files it claims and on
 * house spec files, and its reference scanner on source and text files. The
 * inputs are mutations of every fixture file (so each dialect meets its own
 * format) and text built from the words and punctuation of those files. No
 * exception, bounded time, everything located inside the document.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { defaultConfig } from '../../server/src/core/workspace/config';
import type { Dialect, DialectContext } from '../../server/src/core/dialects/dialect';
import { DIALECTS } from '../../server/src/core/dialects/index';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { SpecParseResult } from '../../server/src/core/types';
import { assertRangeInside, DELIMITER_TOKENS, Doc, fuzzParams, ID_TOKENS, mutated, randomText, timed, tokenText, withoutBom } from './fuzz-support';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

interface Sample {
  /** Path inside its fixture workspace. */
  file: string;
  text: string;
}

function fixtureSamples(): Sample[] {
  const out: Sample[] = [];
  for (const fixture of fs.readdirSync(FIXTURES)) {
    const root = path.join(FIXTURES, fixture);
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && e.name !== 'expected.json' && fs.statSync(p).size < 50_000) {
          out.push({ file: path.relative(root, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') });
        }
      }
    };
    if (fs.statSync(root).isDirectory()) walk(root);
  }
  return out;
}

const SAMPLES = fixtureSamples();
const KNOWN_FILES = new Set(SAMPLES.map((s) => s.file));
/** Words, punctuation runs and line breaks of the dialect fixtures: the vocabulary of every format. */
const TOKENS = [
  ...new Set(
    SAMPLES.flatMap((s) => s.text.match(/[A-Za-z0-9_]+|[^A-Za-z0-9_\s]{1,3}|\r?\n/g) ?? [])
      .filter((t) => t.length <= 24),
  ),
  ...DELIMITER_TOKENS,
  ...ID_TOKENS,
];

const ctx = (exists: boolean): DialectContext => ({
  ids: createIdMatcher(),
  // The release fields of test-fixtures/dialect-releases, so mutations of its files reach the release readers.
  config: { ...defaultConfig(), release: { doorstop: 'target_release', 'sphinx-needs': 'release', strictdoc: 'RELEASE' } },
  fileExists: (p) => exists && KNOWN_FILES.has(p),
});

function assertInside(result: SpecParseResult | undefined, doc: Doc, what: string): void {
  if (!result) return;
  for (const d of result.definitions) {
    assertRangeInside(doc, d.range, `${what}: range of ${d.id}`);
    assertRangeInside(doc, d.fullRange, `${what}: fullRange of ${d.id}`);
    for (const p of d.parents) assertRangeInside(doc, p.range, `${what}: parent ${p.id} of ${d.id}`);
    assert.ok(typeof d.id === 'string' && d.id !== '', `${what}: empty ID`);
  }
  for (const p of result.problems) assertRangeInside(doc, p.range, `${what}: problem '${p.message}'`);
  for (const r of result.references ?? []) assertRangeInside(doc, r.range, `${what}: reference ${r.id}`);
}

/** True when the dialect finds a definition, problem or reference in a fixture file as it is: its own format. */
function producesSomething(dialect: Dialect, sample: Sample): boolean {
  const c = ctx(true);
  const spec = dialect.claimsSpec?.(sample.file, c) || /\.(md|markdown|ya?ml)$/i.test(sample.file) ? dialect.parseSpec?.(sample.text, sample.file, c) : undefined;
  if (spec && (spec.definitions.length > 0 || spec.problems.length > 0)) return true;
  const refs = dialect.scanReferences?.(sample.text, sample.file, lexComments(sample.text, sample.file), new LineIndex(sample.text), c) ?? [];
  return refs.length > 0;
}

describe('fuzz: dialects', () => {
  it('has dialects registered to fuzz', () => {
    assert.ok(DIALECTS.size > 0);
  });

  for (const dialect of DIALECTS.values()) {
    it(`${dialect.name}: no exception, bounded time, results inside the document`, () => {
      // A fixture file, mutated; or generated text under a fixture file's path.
      const own = SAMPLES.filter((sample) => producesSomething(dialect, sample));
      const sample = own.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...own) }, fc.constantFrom(...SAMPLES)) : fc.constantFrom(...SAMPLES);
      const input = fc.record({
        case: sample.chain((sample) =>
          fc.oneof(
            { weight: 5, arbitrary: mutated([sample.text], TOKENS) },
            { weight: 3, arbitrary: tokenText(TOKENS) },
            { weight: 1, arbitrary: randomText() },
          ).map((raw) => ({ file: sample.file, raw })),
        ),
        exists: fc.boolean(),
      });
      fc.assert(
        fc.property(input, ({ case: { file, raw }, exists }) => {
          const text = withoutBom(raw);
          const c = ctx(exists);
          const doc = new Doc(text);
          const what = `${dialect.name} on ${file}`;
          const lower = file.toLowerCase();
          if (dialect.claimsSpec?.(file, c) || /\.(md|markdown|ya?ml)$/.test(lower)) {
            const result = timed(`${what}: parseSpec`, text, () => dialect.parseSpec?.(text, file, c));
            assertInside(result, doc, `${what}: parseSpec`);
          }
          if (dialect.scanReferences) {
            const spans = lexComments(text, file);
            const lines = new LineIndex(text);
            const refs = timed(`${what}: scanReferences`, text, () => dialect.scanReferences!(text, file, spans, lines, c));
            for (const r of refs) {
              assertRangeInside(doc, r.range, `${what}: reference ${r.id}`);
              assert.ok(typeof r.id === 'string' && r.id !== '', `${what}: empty reference ID`);
            }
          }
        }),
        fuzzParams(300, 1 / 6),
      );
    });
  }
});
