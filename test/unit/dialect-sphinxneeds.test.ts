import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { isNeedsExport, jsonErrorOffset, parseNeedsJson, scanNeedReferences } from '../../server/src/core/dialects/sphinxNeeds';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import { completions, definitionLocations, hoverMarkdown, referenceLocations, targetAt } from '../../server/src/core/engine/queries';
import type { Range, SpecParseResult } from '../../server/src/core/types';
import { assertRangeInside, Doc, fuzzParams, mutated, timed } from './fuzz-support';
import { engineFor, diagKeys } from './engineHelpers';

function r(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function parse(...lines: string[]): SpecParseResult {
  const result = parseNeedsJson(lines.join('\n'), 'docs/needs.json');
  assert.ok(result, 'expected a needs.json export');
  return result;
}

const EXPORT = [
  '{', //                                                                   0
  '    "current_version": "1.1",', //                                       1
  '    "versions": {', //                                                   2
  '        "1.0": { "needs": { "REQ_OLD": { "id": "REQ_OLD" } } },', //     3
  '        "1.1": {', //                                                    4
  '            "needs": {', //                                              5
  '                "REQ_001": {', //                                        6
  '                    "id": "REQ_001",', //                                7
  '                    "title": "Password login",', //                      8
  '                    "status": "Open",', //                               9
  '                    "type": "req",', //                                  10
  '                    "type_name": "Requirement",', //                     11
  '                    "tags": ["security"],', //                           12
  '                    "content": "Users log in.",', //                     13
  '                    "docname": "requirements",', //                      14
  '                    "lineno": 8,', //                                    15
  '                    "links": [], "parts": { "2": { "id": "2" } }', //   16
  '                },', //                                                  17
  '                "SPEC_1": {', //                                         18
  '                    "id": "SPEC_1", "title": "Login endpoint", "type": "spec",', // 19
  '                    "links": ["REQ_001", "REQ_001.2", "REQ_099"],', //   20
  '                    "links_back": ["IMPL_1"]', //                        21
  '                }', //                                                   22
  '            }', //                                                       23
  '        }', //                                                           24
  '    }', //                                                               25
  '}', //                                                                   26
];



describe('sphinx-needs dialect', () => {
  describe('needs.json', () => {
    it('reads the needs of the current version with exact ranges', () => {
      const { definitions, problems } = parse(...EXPORT);
      assert.deepEqual(problems, []);
      assert.deepEqual(definitions, [
        {
          id: 'REQ_001',
          title: 'Password login',
          status: 'open',
          text: 'Users log in.\n\nType: Requirement (req) · Source: requirements.rst:8',
          version: 1,
          tags: ['security'],
          parents: [],
          file: 'docs/needs.json',
          range: r(6, 17, 24),
          fullRange: r(6, 16, 17, 17),
          source: 'sphinx-needs',
          needsOnlyIfConfigured: true,
        },
        {
          id: 'SPEC_1',
          title: 'Login endpoint',
          text: 'Type: spec',
          version: 1,
          tags: [],
          // A link to a need part REQ_001 has (`REQ_001.2`) links to its need; backlinks are not read.
          parents: [
            { id: 'REQ_001', range: r(20, 31, 38) },
            { id: 'REQ_001', range: r(20, 42, 49) },
            { id: 'REQ_099', range: r(20, 55, 62) },
          ],
          file: 'docs/needs.json',
          range: r(18, 17, 23),
          fullRange: r(18, 16, 17, 22),
          source: 'sphinx-needs',
          needsOnlyIfConfigured: true,
        },
      ]);
    });

    it('reads every link type as a relation, checks need parts, and knows allowed dead links', () => {
      const { definitions } = parse(
        JSON.stringify({
          versions: {
            '1': {
              needs: {
                REQ_1: { id: 'REQ_1', parts: { a: { id: 'a' } }, tests_back: ['TEST_1'] },
                TEST_1: { id: 'TEST_1', tests: ['REQ_1', 'REQ_404'], links: ['REQ_1.a', 'REQ_1.9'] },
                DEAD_OK: { id: 'DEAD_OK', links: ['GONE'], has_dead_links: true, has_forbidden_dead_links: false },
              },
            },
          },
        }),
      );
      assert.deepEqual(
        definitions.map((d) => [d.id, d.parents.map((p) => [p.id, p.relation, p.deadAllowed])]),
        [
          ['REQ_1', []],
          [
            'TEST_1',
            [
              ['REQ_1', undefined, undefined],
              ['REQ_1.9', undefined, undefined],
              ['REQ_1', 'tests', undefined],
              ['REQ_404', 'tests', undefined],
            ],
          ],
          ['DEAD_OK', [['GONE', undefined, true]]],
        ],
      );
      // With a needs_schema, its link-typed fields are the link fields.
      const schema = parse(JSON.stringify({ versions: { '1': { needs_schema: { properties: { verifies: { field_type: 'links' }, title: { field_type: 'core' } } }, needs: { T_1: { verifies: ['X_1'] } } } } }));
      assert.deepEqual(schema.definitions[0].parents.map((p) => [p.id, p.relation]), [['X_1', 'verifies']]);
    });

    it('takes the last version without a current_version, and reads older `description` text', () => {
      const { definitions } = parse('{"versions": {"": {"needs": {"A_1": {"id": "A_1", "description": "Old text."}}}, "2": {"needs": {"B_1": {}}}}}');
      assert.deepEqual(
        definitions.map((d) => [d.id, d.text, d.range]),
        [['B_1', '', r(0, 98, 101)]],
      );
      const empty = parse('{"current_version": "", "versions": {"": {"needs": {"A_1": {"description": "Old text."}}}}}');
      assert.deepEqual(empty.definitions.map((d) => [d.id, d.text]), [['A_1', 'Old text.']]);
    });

    it("uses the need's own id, where it is written, when it differs from its key", () => {
      const { definitions } = parse('{"versions": {"1": {"needs": {"x": {"id": "REQ_7"}}}}}');
      assert.deepEqual(definitions.map((d) => [d.id, d.range]), [['REQ_7', r(0, 43, 48)]]);
    });

    it('ignores JSON that is not a sphinx-needs export', () => {
      assert.equal(parseNeedsJson('{"dependencies": {}}', 'needs.json'), undefined);
      assert.equal(parseNeedsJson('[1, 2]', 'needs.json'), undefined);
      assert.equal(isNeedsExport('build/needs.json'), true);
      assert.equal(isNeedsExport('needs.json'), true);
      assert.equal(isNeedsExport('build/my-needs.json'), false);
    });

    it('reports invalid JSON at the offending character, without quoting the file', () => {
      const trailing = parse('{', '  "versions": {', '    "1": {"needs": {"A_1": {"title": "x",}}}', '  }', '}');
      assert.deepEqual(
        trailing.problems.map((p) => [p.code, p.range, p.message]),
        [['invalid-spec', r(2, 41, 42), 'Invalid JSON: Expected double-quoted property name']],
      );
      const token = parse('{"versions": [1, 2,]}');
      assert.deepEqual(token.problems.map((p) => [p.range, p.message]), [[r(0, 19, 20), "Invalid JSON: Unexpected token ']'"]]);
      const end = parse('{"versions": {');
      assert.deepEqual(end.problems.map((p) => [p.range, p.message]), [[r(0, 14, 14), "Invalid JSON: Expected property name or '}'"]]);
    });

    it('reports an export of the wrong shape at its place', () => {
      assert.deepEqual(
        parse('{"versions": []}').problems.map((p) => [p.range, p.message]),
        [[r(0, 13, 15), `'versions' must be an object of versions, each with its 'needs'`]],
      );
      assert.deepEqual(
        parse('{"versions": {"1.0": {}}}').problems.map((p) => [p.range, p.message]),
        [[r(0, 14, 19), `Version '1.0' has no 'needs' object`]],
      );
      const needs = parse('{"versions": {"1": {"needs": {"A_1": 3, "B_1": {"links": "A_1"}, "C_1": {"links": [1]}}}}}');
      assert.deepEqual(
        needs.problems.map((p) => [p.range, p.message]),
        [
          [r(0, 31, 34), `Need 'A_1' must be an object`],
          [r(0, 57, 62), `'links' of B_1 must be a list of need IDs`],
          [r(0, 83, 84), 'Each link of C_1 must be a need ID'],
        ],
      );
    });

    it('locates JSON errors exactly where JSON.parse finds them invalid', () => {
      for (const s of ['{"a": }', '[1,,2]', '{"a":1} x', '{"a": 01}', '{"a" 1}', '"\\q"', '', '{"a":']) {
        assert.throws(() => JSON.parse(s));
        assert.ok(jsonErrorOffset(s) >= 0, s);
      }
      fc.assert(
        fc.property(fc.json(), (s) => jsonErrorOffset(s) === -1),
        fuzzParams(300),
      );
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.json().map((s) => s.slice(0, -1) + ',' + s.slice(-1))), (s) => {
          let valid = true;
          try {
            JSON.parse(s);
          } catch {
            valid = false;
          }
          return (jsonErrorOffset(s) === -1) === valid;
        }),
        fuzzParams(300),
      );
    });
  });

  describe('references in code', () => {
    const house = createIdMatcher();
    const scan = (text: string, language = 'typescript') => scanNeedReferences(text, lexComments(text, language), new LineIndex(text), house);

    it('finds need IDs bare in uppercase and after verbs, with pins', () => {
      const text = '// @impl REQ_001@2, R_F4722\n/* see SPEC_AUTH_1 */\n// Verifies: req_arch_001\n';
      assert.deepEqual(scan(text), [
        { id: 'REQ_001', range: r(0, 9, 16), explicit: true, verbKind: 'impl', pin: 2, pinRange: r(0, 16, 18) },
        { id: 'R_F4722', range: r(0, 20, 27), explicit: true, verbKind: 'impl' },
        { id: 'SPEC_AUTH_1', range: r(1, 7, 18), explicit: false },
        { id: 'req_arch_001', range: r(2, 13, 25), explicit: true, verbKind: 'test' },
      ]);
    });

    it('leaves snake_case words, strings, Doorstop and house IDs alone', () => {
      const text = '# Tests: test_parser_handles_empty, my_func\n# REQ001 REQ-001 a_b\nname = "REQ_003"\n';
      assert.deepEqual(scan(text, 'python'), []);
    });
  });

  describe('in the engine', () => {
    const files = {
      'docs/_export/needs.json': EXPORT.join('\n'),
      'src/login.ts': '// @impl REQ_001, SPEC_1\n// @impl REQ_OLD\nexport const x = 1; // SPEC_9 MAX_RETRIES\n',
      'test/login.test.ts': '// @test REQ_001, SPEC_1\n',
    };

    it('turns on by a needs.json, and checks links and references', async () => {
      const engine = await engineFor(files);
      assert.deepEqual(engine.dialects.map((d) => d.name), ['sphinx-needs']);
      assert.deepEqual(engine.index.definedIds(), ['REQ_001', 'SPEC_1']);
      assert.deepEqual(diagKeys(engine), [
        'docs/_export/needs.json:21:56 broken-link',
        'src/login.ts:2:10 unknown-requirement', // only in the 1.0 history
        'src/login.ts:3:24 unknown-requirement', // bare, but SPEC_ is a need prefix
      ]);
    });

    it('is off without a needs.json, and reads none that is gitignored', async () => {
      const engine = await engineFor({ '.gitignore': '_build/\n', '_build/needs/needs.json': EXPORT.join('\n'), 'src/a.ts': '// @impl REQ_001\n' });
      assert.deepEqual(engine.dialects, []);
      assert.deepEqual(engine.index.definedIds(), []);
      const asked = await engineFor({ 'docs/needs.json': EXPORT.join('\n') }, ['sphinx-needs']);
      assert.deepEqual(asked.index.definedIds(), ['REQ_001', 'SPEC_1']);
    });

    it('serves hover, definition, references and completion as for house requirements', async () => {
      const engine = await engineFor(files);
      const target = targetAt(engine, 'src/login.ts', { line: 0, character: 12 });
      assert.deepEqual(target, { id: 'REQ_001', kind: 'reference', range: r(0, 9, 16) });
      const hover = hoverMarkdown(engine, 'REQ_001');
      assert.match(hover, /^\*\*REQ_001\*\*: Password login\n\nStatus: `open` · Version: 1 · Tags: security\n\nCoverage: 1 impl · 1 test/);
      assert.match(hover, /Users log in\.\n\nType: Requirement \(req\) · Source: requirements\.rst:8/);
      assert.deepEqual(definitionLocations(engine, target!), [{ file: 'docs/_export/needs.json', range: r(6, 17, 24) }]);
      const link = targetAt(engine, 'docs/_export/needs.json', { line: 20, character: 33 });
      assert.deepEqual(link && definitionLocations(engine, link), [{ file: 'docs/_export/needs.json', range: r(6, 17, 24) }]);
      assert.deepEqual(
        referenceLocations(engine, 'SPEC_1', true).map((l) => [l.file, l.range.start.line]),
        [
          ['docs/_export/needs.json', 18],
          ['src/login.ts', 0],
          ['test/login.test.ts', 0],
        ],
      );
      assert.deepEqual(completions(engine, 'SPEC').map((c) => [c.id, c.title]), [['SPEC_1', 'Login endpoint']]);
    });
  });

  describe('fuzz', () => {
    const samples = [EXPORT.join('\n'), '{"versions": {"1": {"needs": {"A_1": {"links": ["B_1"]}, "B_1": {}}}}}'];
    const tokens = ['"', '{', '}', '[', ']', ',', ':', '\\', '\\u00e9', '"id"', '"links"', '"needs"', '"versions"', 'null', '1', ' ', '\n'];

    it('never throws and keeps every range inside the file', () => {
      fc.assert(
        fc.property(mutated(samples, tokens), (text) => {
          const result = timed('parseNeedsJson', text, () => parseNeedsJson(text, 'needs.json'));
          if (!result) return;
          const doc = new Doc(text);
          for (const d of result.definitions) {
            assertRangeInside(doc, d.range, `definition ${d.id}`);
            assertRangeInside(doc, d.fullRange, `fullRange ${d.id}`);
            for (const p of d.parents) assertRangeInside(doc, p.range, `parent ${p.id}`);
          }
          for (const p of result.problems) assertRangeInside(doc, p.range, p.message);
        }),
        fuzzParams(500),
      );
    });
  });
});

describe('sphinx-needs: hostile nesting', () => {
  it('reports a needs.json nested too deeply to read, without throwing', () => {
    const deep = `{"versions": {"1": {"needs": {"A_1": {"title": "x", "deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}}`;
    const r = parseNeedsJson(deep, 'needs.json');
    assert.deepEqual(r?.problems.map((p) => [p.code, p.message]), [['invalid-spec', 'This JSON is nested too deeply to read']]);
  });
});
