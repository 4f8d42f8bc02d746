import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createIdMatcher, type IdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { Range, SpecParseResult } from '../../server/src/core/types';
import { isMap, isScalar, parseDocument } from 'yaml';
import { mayBeYamlSpec, parseYamlSpec } from '../../server/src/core/parse/yamlSpecParser';

const ids = createIdMatcher();

function parse(...lines: string[]): SpecParseResult {
  const result = parseYamlSpec(lines.join('\n'), 'specs/auth.yaml', ids);
  assert.ok(result, 'expected a requirements file');
  return result;
}

function r(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** Problems as [severity, range, message] for compact assertions. */
function problems(result: SpecParseResult): Array<[string, Range, string]> {
  return result.problems.map((p) => [p.severity, p.range, p.message]);
}

describe('parseYamlSpec', () => {
  describe('definitions', () => {
    it('reads every field with exact ranges', () => {
      const result = parse(
        'requirements:', //                       0
        '  - id: AUTH-001', //                    1
        '    title: Users can log in', //         2
        '    status: Approved', //                3
        '    parent: [PRD-1, "PRD-2"]', //        4
        '    needs: [impl, Test]', //             5
        '    version: 2', //                      6
        '    tags: [security, login]', //         7
        '    description: |', //                  8
        '      They use a **password**.', //      9
        '', //                                    10
        '      Or a passkey.', //                 11
        '', //                                    12
        '  - id: AUTH-002', //                    13
      );
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.definitions, [
        {
          id: 'AUTH-001',
          title: 'Users can log in',
          text: 'They use a **password**.\n\nOr a passkey.',
          status: 'approved',
          parents: [
            { id: 'PRD-1', range: r(4, 13, 4, 18) },
            { id: 'PRD-2', range: r(4, 21, 4, 26) },
          ],
          needs: ['impl', 'test'],
          version: 2,
          tags: ['security', 'login'],
          file: 'specs/auth.yaml',
          range: r(1, 8, 1, 16),
          fullRange: r(1, 4, 11, 19),
          source: 'yaml',
        },
        {
          id: 'AUTH-002',
          title: '',
          text: '',
          parents: [],
          version: 1,
          tags: [],
          file: 'specs/auth.yaml',
          range: r(13, 8, 13, 16),
          fullRange: r(13, 4, 13, 16),
          source: 'yaml',
        },
      ]);
    });

    it('locates a quoted id inside its quotes', () => {
      const d = parse('requirements:', "  - id: 'AUTH-001'", '  - { id: "AUTH-002", title: Flow }').definitions;
      assert.deepEqual(d[0].range, r(1, 9, 1, 17));
      assert.deepEqual(d[1].range, r(2, 11, 2, 19));
      assert.deepEqual(d[1].fullRange, r(2, 4, 2, 35));
      assert.equal(d[1].title, 'Flow');
    });

    it('accepts a parent as a string, a comma-separated string, or `parents`', () => {
      const d = parse(
        'requirements:',
        '  - id: A-1',
        '    parent: PRD-1',
        '  - id: A-2',
        '    parents: PRD-1,  PRD-2',
        '  - id: A-3',
        '    parents:',
        '      - PRD-3',
        "      - 'PRD-4'",
      ).definitions;
      assert.deepEqual(d[0].parents, [{ id: 'PRD-1', range: r(2, 12, 2, 17) }]);
      assert.deepEqual(d[1].parents, [
        { id: 'PRD-1', range: r(4, 13, 4, 18) },
        { id: 'PRD-2', range: r(4, 21, 4, 26) },
      ]);
      assert.deepEqual(d[2].parents, [
        { id: 'PRD-3', range: r(7, 8, 7, 13) },
        { id: 'PRD-4', range: r(8, 9, 8, 14) },
      ]);
    });

    it('reads needs and tags as lists or comma-separated strings, `none` and empty as no needs', () => {
      const d = parse(
        'requirements:',
        '  - id: A-1',
        '    needs: impl, test',
        '    tags: a, b ,c',
        '  - id: A-2',
        '    needs: none',
        '  - id: A-3',
        '    needs: []',
        '  - id: A-4',
        '    needs:',
        '  - id: A-5',
        '    needs: [none]',
        '  - id: A-6',
      ).definitions;
      assert.deepEqual(
        d.map((x) => x.needs),
        [['impl', 'test'], [], [], [], [], undefined],
      );
      assert.deepEqual(d[0].tags, ['a', 'b', 'c']);
    });

    it('accepts `text` for the description, and keys in any case', () => {
      const d = parse('requirements:', '  - ID: A-1', '    Title: T', '    text: "  Body  "', '    Status: DRAFT').definitions;
      assert.deepEqual(
        d.map((x) => [x.id, x.title, x.text, x.status]),
        [['A-1', 'T', 'Body', 'draft']],
      );
    });

    it('keeps the written form of a numeric id and version', () => {
      const numeric = createIdMatcher('[0-9]+');
      const result = parseYamlSpec('requirements:\n  - id: 007\n    version: "3"\n', 'x.yaml', numeric);
      assert.deepEqual(
        result?.definitions.map((d) => [d.id, d.version, d.range]),
        [['007', 3, r(1, 8, 1, 11)]],
      );
    });

    it('follows aliases one step (shared tags)', () => {
      const d = parse('requirements:', '  - id: A-1', '    tags: &common [x, y]', '  - id: A-2', '    tags: *common').definitions;
      assert.deepEqual(d[1].tags, ['x', 'y']);
    });

    it('applies `<<` merge keys one level deep, the item\'s own fields first', () => {
      const d = parse(
        'defaults: &defaults',
        '  status: draft',
        '  needs: [impl]',
        '  tags: [shared]',
        'requirements:',
        '  - <<: *defaults',
        '    id: A-1',
        '    status: approved',
        '  - { <<: [*defaults], id: A-2 }',
      ).definitions;
      assert.deepEqual(
        d.map((x) => [x.id, x.status, x.needs, x.tags]),
        [
          ['A-1', 'approved', ['impl'], ['shared']],
          ['A-2', 'draft', ['impl'], ['shared']],
        ],
      );
    });

    it('treats an empty `requirements:` or an empty list as no requirements', () => {
      assert.deepEqual(parse('requirements:'), { definitions: [], problems: [] });
      assert.deepEqual(parse('requirements: []'), { definitions: [], problems: [] });
      assert.deepEqual(parse('version: 1', 'requirements: ~'), { definitions: [], problems: [] });
    });
  });

  describe('not a requirements file', () => {
    const notSpecs: Record<string, string> = {
      empty: '',
      blank: '  \n\n',
      'comments only': '# requirements: nothing here\n',
      'GitHub workflow': 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
      'docker-compose': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n',
      'top-level list': '- requirements: []\n- id: A-1\n',
      scalar: 'just a string\n',
      'nested requirements key': 'spec:\n  requirements:\n    - id: A-1\n',
      'broken YAML without a requirements line': 'name: [unclosed\nother: : :\n',
    };
    for (const [name, text] of Object.entries(notSpecs)) {
      it(`returns undefined for ${name}`, () => {
        assert.equal(parseYamlSpec(text, 'x.yaml', ids), undefined);
      });
    }
  });

  describe('the word prefilter (mayBeYamlSpec)', () => {
    it('still finds a requirements key written with escapes or across lines', () => {
      const item = '\n  - id: AUTH-1\n    title: Log in\n';
      for (const key of ['"requ\\x69rements":', '"\\u0072equirements":', '? "require\\\n  ments"\n:']) {
        const result = parseYamlSpec(key + item, 'specs/a.yaml', ids);
        assert.deepEqual(result?.definitions.map((d) => d.id), ['AUTH-1'], key);
      }
    });

    it('never turns away a file whose top-level mapping has a requirements key', () => {
      // The oracle is the `yaml` package itself: parsed whole, does the root hold the key?
      const hasKey = (text: string) => {
        try {
          const root = parseDocument(text).contents;
          return isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === 'requirements');
        } catch {
          return false;
        }
      };
      // Spellings of the key (some with escapes, folds and tags), other keys, and YAML punctuation to glue them.
      const pieces = [
        'requirements', 'require', 'ments', 'requ', 'irements', '"', "'", '\\', 'x69', 'u0072', 'x72', 'N', ' ', '\n', '\n  ', ':', ': ', '? ', '- ',
        '{', '}', '[', ']', ',', '!!str ', '&a ', '*a', '|-\n  ', '>-\n  ', 'id: A-1', '#',
      ];
      const glued = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(''));
      // Whole mappings whose keys spell the word in every way YAML allows: a character escaped, or an escaped line break in it.
      const word = 'requirements';
      const hex = (i: number) => word.charCodeAt(i).toString(16);
      const key = fc.oneof(
        fc.constantFrom(word, `'${word}'`, `"${word}"`, `!!str ${word}`, 'name', 'requirement', 'Requirements'),
        fc.tuple(fc.nat(word.length - 1), fc.constantFrom('x', 'u')).map(([i, k]) => `"${word.slice(0, i)}\\${k === 'x' ? 'x' : 'u00'}${hex(i)}${word.slice(i + 1)}"`),
        fc.integer({ min: 1, max: word.length - 1 }).map((i) => `? "${word.slice(0, i)}\\\n  ${word.slice(i)}"\n`),
      );
      const mapping = fc
        .array(fc.tuple(key, fc.constantFrom('[]', 'x', '\n  - id: A-1')), { minLength: 1, maxLength: 3 })
        .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}\n`).join(''));
      let found = 0;
      fc.assert(
        fc.property(fc.oneof(glued, mapping), (text) => {
          if (!hasKey(text)) return;
          found++;
          assert.ok(mayBeYamlSpec(text), JSON.stringify(text));
        }),
        { seed: 20261206, numRuns: 20000 },
      );
      assert.ok(found > 1000, `only ${found} texts had the key`);
    });
  });

  describe('problems', () => {
    it('reports every syntax error at its position, and keeps what it can read', () => {
      const result = parse(
        'requirements:', //            0
        '  - id: A-1', //              1
        '    title: [unclosed', //     2
        '  - id: A-2', //              3
        '    status: draft', //        4
      );
      assert.deepEqual(
        result.problems.map((p) => [p.code, p.severity, p.range]),
        [
          ['invalid-spec', 'error', r(3, 2, 3, 3)],
          ['invalid-spec', 'error', r(3, 8, 3, 9)],
          ['invalid-spec', 'error', r(3, 8, 4, 10)],
        ],
        'syntax errors only: no complaints about the half-parsed item',
      );
      assert.equal(result.problems[0].message, 'YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]');
      assert.deepEqual(
        result.definitions.map((d) => d.id),
        ['A-1'],
      );
    });

    it('still reports problems of items that parsed, next to syntax errors', () => {
      const result = parse('requirements:', '  - id: A-1', '    status: bogus', '  - id: A-2', '    title: x: y');
      assert.deepEqual(
        result.problems.map((p) => [p.severity, p.range.start.line]),
        [
          ['warning', 2],
          ['error', 4],
        ],
      );
    });

    it('reports syntax errors of a file whose `requirements:` line does not parse', () => {
      const result = parse('requirements:', '  - id: A-1', '   bad: : indent', '\t- id: A-2');
      assert.ok(result.problems.length >= 1);
      assert.ok(result.problems.every((p) => p.code === 'invalid-spec' && p.severity === 'error'));
    });

    it('reports duplicate keys and extra documents', () => {
      const dup = parse('requirements:', '  - id: A-1', '    id: A-2');
      assert.deepEqual(
        problems(dup).map(([s, range]) => [s, range]),
        [['error', r(2, 4, 2, 5)]],
      );
      assert.match(dup.problems[0].message, /unique/i);
      const multi = parse('requirements: []', '---', 'other: 1');
      assert.equal(multi.problems.length, 1);
      assert.equal(multi.problems[0].range.start.line, 1);
    });

    it("reports a 'requirements' that is not a list, at its value", () => {
      assert.deepEqual(problems(parse('requirements:', '  build: [python]')), [
        ['error', r(1, 2, 1, 17), "'requirements' must be a list of requirements"],
      ]);
      assert.deepEqual(problems(parse('requirements: none')), [['error', r(0, 14, 0, 18), "'requirements' must be a list of requirements"]]);
    });

    it('reports items that are not mappings, and missing or empty ids', () => {
      const result = parse(
        'requirements:', //         0
        '  - A-1', //               1
        '  - [x]', //               2
        '  - title: No id', //      3
        '    status: draft', //     4
        '  - id:', //               5
        '    title: Empty', //      6
        "  - id: ''", //            7
        '  - id: [A-2]', //         8
        '  -', //                   9
        '  - id: A-3', //           10
      );
      assert.deepEqual(
        result.definitions.map((d) => d.id),
        ['A-3'],
      );
      assert.deepEqual(
        problems(result).map(([s, range, m]) => [s, range, m.replace(/ \(.*/, '')]),
        [
          ['error', r(1, 4, 1, 7), "A requirement must be a mapping with an 'id'"],
          ['error', r(2, 4, 2, 7), "A requirement must be a mapping with an 'id'"],
          ['error', r(3, 4, 4, 17), "Requirement has no 'id'"],
          ['error', r(5, 4, 5, 6), "Requirement has an empty 'id'"],
          ['error', r(7, 8, 7, 10), "Requirement has an empty 'id'"],
          ['error', r(8, 8, 8, 13), "A requirement 'id' must be a string"],
          ['error', r(9, 3, 9, 3), "A requirement must be a mapping with an 'id'"],
        ],
      );
    });

    it('reports an id that is not an ID, and does not define it', () => {
      const result = parse('requirements:', '  - id: auth 1', '    title: x');
      assert.deepEqual(result.definitions, []);
      assert.deepEqual(problems(result), [['error', r(1, 8, 1, 14), `'auth 1' is not a requirement ID (pattern ${ids.source})`]]);
    });

    it('warns about a bad or empty status, at the value', () => {
      const result = parse('requirements:', '  - id: A-1', '    status: Done', '  - id: A-2', '    status:', '  - id: A-3', '    status: [x]');
      assert.deepEqual(
        result.definitions.map((d) => d.status),
        ['done', undefined, undefined],
      );
      assert.deepEqual(
        result.problems.map((p) => [p.severity, p.range, p.requirement]),
        [
          ['warning', r(2, 12, 2, 16), 'A-1'],
          ['warning', r(4, 4, 4, 10), 'A-2'],
          ['warning', r(6, 12, 6, 15), 'A-3'],
        ],
      );
      assert.equal(result.problems[0].message, "Unknown status 'Done'; expected one of: draft, proposed, approved, implemented, deprecated");
    });

    it('reports versions that are not positive integers', () => {
      const bad = ['0', '-1', '1.5', '2.0', 'two', '0x2', '[1]', ''];
      const lines = ['requirements:'];
      for (const [i, v] of bad.entries()) lines.push(`  - id: A-${i + 1}`, `    version: ${v}`);
      const result = parse(...lines);
      assert.deepEqual(
        result.definitions.map((d) => d.version),
        bad.map(() => 1),
      );
      assert.deepEqual(
        result.problems.map((p) => [p.severity, p.range]),
        // An empty value is located at its key.
        bad.map((v, i) => ['error', v ? r(2 + 2 * i, 13, 2 + 2 * i, 13 + v.length) : r(2 + 2 * i, 4, 2 + 2 * i, 11)]),
      );
      assert.match(result.problems[0].message, /^Version must be a positive integer, not '0'$/);
    });

    it('reports parents that are not IDs, at each value', () => {
      const result = parse('requirements:', '  - id: A-1', '    parent: [PRD-1, prd-2, {x: 1}]', '  - id: A-2', '    parent: PRD-1, nope');
      assert.deepEqual(
        result.definitions.map((d) => d.parents.map((p) => p.id)),
        [['PRD-1'], ['PRD-1']],
      );
      assert.deepEqual(
        result.problems.map((p) => [p.range, p.requirement]),
        [
          [r(2, 20, 2, 25), 'A-1'],
          [r(2, 27, 2, 33), 'A-1'],
          [r(4, 19, 4, 23), 'A-2'],
        ],
      );
      assert.match(result.problems[0].message, /^Parent 'prd-2' is not a requirement ID/);
      assert.match(result.problems[1].message, /'parent' entry must be a string/);
    });

    it('reports fields of the wrong shape', () => {
      const result = parse('requirements:', '  - id: A-1', '    title: [a, b]', '    tags: {a: 1}');
      assert.deepEqual(
        result.problems.map((p) => [p.range, p.message]),
        [
          [r(2, 11, 2, 17), "'title' must be a string"],
          [r(3, 10, 3, 16), "'tags' must be a list or a comma-separated string"],
        ],
      );
      assert.equal(result.definitions.length, 1);
    });

    it('stops an alias bomb quickly with one problem', () => {
      const bomb = [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
        'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
        'requirements: *i',
      ];
      const start = Date.now();
      const result = parse(...bomb);
      assert.ok(Date.now() - start < 1000, 'took too long');
      assert.deepEqual(result.definitions, []);
      assert.deepEqual(problems(result).map(([s, range]) => [s, range]), [['error', r(1, 7, 1, 9)]]);
      assert.match(result.problems[0].message, /alias/i);
    });

    it('accepts an anchor shared by many requirements', () => {
      const lines = ['x-defaults: &defaults {status: draft}', 'x-tags: &tags [shared]', 'requirements:'];
      for (let i = 1; i <= 500; i++) lines.push(`  - id: A-${i}`, '    <<: *defaults', '    tags: *tags');
      const result = parse(...lines);
      assert.deepEqual(result.problems, []);
      assert.equal(result.definitions.length, 500);
      assert.ok(result.definitions.every((d) => d.status === 'draft' && d.tags[0] === 'shared'));
    });

    it('reports an alias without an anchor at the alias', () => {
      const result = parse('requirements:', '  - id: A-1', '    tags: *nope');
      assert.deepEqual(problems(result), [['error', r(2, 10, 2, 15), "Unknown alias '*nope': no anchor '&nope' before it"]]);
      assert.deepEqual(result.definitions[0].tags, []);
    });

    it('never throws: an unexpected failure becomes a problem at line 0', () => {
      const throwing: IdMatcher = { ...ids, isId: () => { throw new Error('boom'); } };
      const result = parseYamlSpec('requirements:\n  - id: A-1\n', 'x.yaml', throwing);
      assert.deepEqual(
        result?.problems.map((p) => [p.code, p.severity, p.range, p.message]),
        [['invalid-spec', 'error', r(0, 0, 0, 0), 'Could not read this requirements file: boom']],
      );
    });
  });

  describe('line breaks and encodings', () => {
    const lines = ['requirements:', '  - id: A-1', '    parent: PRD-1', '    status: bogus'];

    it('gives the same result for \\n, \\r\\n and lone \\r', () => {
      const lf = parseYamlSpec(lines.join('\n'), 'x.yaml', ids);
      const crlf = parseYamlSpec(lines.join('\r\n'), 'x.yaml', ids);
      const cr = parseYamlSpec(lines.join('\r'), 'x.yaml', ids);
      assert.deepEqual(crlf, lf);
      assert.deepEqual(cr, lf);
      assert.deepEqual(lf?.definitions[0].parents[0].range, r(2, 12, 2, 17));
      assert.deepEqual(lf?.problems[0].range, r(3, 12, 3, 17));
      assert.deepEqual(lf?.definitions[0].fullRange, r(1, 4, 3, 17));
    });

    it('does not count a byte-order mark in positions', () => {
      const result = parseYamlSpec('\uFEFFrequirements: [{id: A-1}]', 'x.yaml', ids);
      assert.deepEqual(result?.definitions[0].range, r(0, 20, 0, 23));
    });

    it('counts columns in UTF-16 code units', () => {
      const d = parse('requirements:', '  - {title: "😀", id: A-1}').definitions[0];
      assert.deepEqual(d.range, r(1, 22, 1, 25));
    });
  });

  it('never throws, and every range lies in the text (property)', () => {
    const pieces = ['requirements:', '\n', '\r\n', '\r', '  ', '- ', 'id: ', 'A-1', 'B-2', 'parent: ', 'needs: ', 'status: ', 'version: ', '2', '[', ']', '{', '}', ', ', ': ', '"', "'", '&a ', '*a', '<<: ', '#', '\t', '---', '|', '\uFEFF', '😀'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const result = parseYamlSpec(text, 'x.yaml', ids);
        if (!result) return;
        const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        const index = new LineIndex(body);
        const inText = (range: Range) => {
          const start = index.offsetAt(range.start);
          const end = index.offsetAt(range.end);
          assert.ok(start <= end && end <= body.length, JSON.stringify(range));
          assert.deepEqual(index.positionAt(start), range.start);
          assert.deepEqual(index.positionAt(end), range.end);
          return body.slice(start, end);
        };
        for (const d of result.definitions) {
          assert.ok(inText(d.range).includes(d.id) || inText(d.range).startsWith('*'));
          inText(d.fullRange);
          for (const p of d.parents) inText(p.range);
        }
        for (const p of result.problems) inText(p.range);
      }),
      { numRuns: 500 },
    );
  });
});
