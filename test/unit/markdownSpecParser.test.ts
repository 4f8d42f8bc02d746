import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import { parseMarkdownSpec } from '../../server/src/core/parse/markdownSpecParser';
import type { Range, RequirementDef } from '../../server/src/core/types';

const ids = createIdMatcher();

function parse(...lines: string[]) {
  return parseMarkdownSpec(lines.join('\n'), 'specs/auth.md', ids);
}

function defIds(...lines: string[]): string[] {
  return parse(...lines).definitions.map((d) => d.id);
}

function only(...lines: string[]): RequirementDef {
  const { definitions } = parse(...lines);
  assert.equal(definitions.length, 1, `expected one definition, got ${definitions.map((d) => d.id).join(', ')}`);
  return definitions[0];
}

function r(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

describe('parseMarkdownSpec', () => {
  describe('definition headings', () => {
    it('reads a heading with `ID: title`, with exact ranges and defaults', () => {
      const { definitions, problems } = parse('# Auth', '', '## AUTH-001: Users can log in', '', 'They use a password.', '');
      assert.deepEqual(problems, []);
      assert.deepEqual(definitions, [
        {
          id: 'AUTH-001',
          title: 'Users can log in',
          version: 1,
          tags: [],
          parents: [],
          text: 'They use a password.',
          file: 'specs/auth.md',
          range: r(2, 3, 2, 11),
          fullRange: r(2, 0, 4, 20),
          source: 'markdown',
        },
      ]);
    });

    it('accepts whitespace, a dash or no space after the ID', () => {
      const { definitions } = parse('## AUTH-001 Users can log in', '## AUTH-002:No space', '## AUTH-003 — Dashed', '## AUTH-004 - Hyphen', '## AUTH-005 : Spaced colon');
      assert.deepEqual(
        definitions.map((d) => [d.id, d.title]),
        [
          ['AUTH-001', 'Users can log in'],
          ['AUTH-002', 'No space'],
          ['AUTH-003', 'Dashed'],
          ['AUTH-004', 'Hyphen'],
          ['AUTH-005', 'Spaced colon'],
        ],
      );
    });

    it('gives an ID-only heading an empty title', () => {
      assert.equal(only('### AUTH-001').title, '');
      assert.equal(only('### AUTH-001:').title, '');
      assert.equal(only('### AUTH-001   ').title, '');
    });

    it('strips a closing `#` sequence but keeps `#` glued to the title', () => {
      assert.equal(only('## AUTH-001: Log in ##').title, 'Log in');
      assert.equal(only('## AUTH-001: Log in #   ').title, 'Log in');
      assert.equal(only('## AUTH-001: C#').title, 'C#');
      assert.equal(only('## AUTH-001 ##').title, '');
    });

    it('allows up to three leading spaces, all six levels', () => {
      const d = only('   #### AUTH-001: Indented');
      assert.deepEqual(d.range, r(0, 8, 0, 16));
      assert.deepEqual(d.fullRange, r(0, 3, 0, 26));
      assert.deepEqual(defIds('# A-1', '###### B-2', '####### C-3'), ['A-1', 'B-2']);
    });

    it('ignores headings that do not start with an ID, and IDs in prose', () => {
      assert.deepEqual(
        defIds(
          '## Overview of AUTH-001',
          'AUTH-002: written as a paragraph',
          '- AUTH-003: in a list',
          '> ## AUTH-004: in a quote',
          '##AUTH-005: no space after the hashes',
          '## `AUTH-006`: code span',
          '## AUTH-007x: glued',
          '## auth-008: lower case',
          'See AUTH-009 for details.',
        ),
        [],
      );
    });

    it('uses the configured ID pattern, including patterns with `:`', () => {
      const custom = createIdMatcher('REQ:[0-9]+');
      const { definitions } = parseMarkdownSpec('## REQ:12: Title\n## REQ:13 Other\n## AUTH-001: not ours', 'x.md', custom);
      assert.deepEqual(
        definitions.map((d) => [d.id, d.title]),
        [
          ['REQ:12', 'Title'],
          ['REQ:13', 'Other'],
        ],
      );
    });
  });

  describe('attributes', () => {
    it('reads every attribute, case-insensitively, with exact parent ranges', () => {
      const d = only(
        '## AUTH-001: Log in',
        'STATUS: Approved',
        'parents: PRD-1,  PRD-22 ',
        'Needs: Impl, test',
        'Version: 3',
        'Tags: security, login',
        'The text.',
      );
      assert.equal(d.status, 'approved');
      assert.deepEqual(d.parents, [
        { id: 'PRD-1', range: r(2, 9, 2, 14) },
        { id: 'PRD-22', range: r(2, 17, 2, 23) },
      ]);
      assert.deepEqual(d.needs, ['impl', 'test']);
      assert.equal(d.version, 3);
      assert.deepEqual(d.tags, ['security', 'login']);
      assert.equal(d.text, 'The text.');
    });

    it('accepts attributes as list items and bold keys, after blank lines', () => {
      const d = only(
        '## AUTH-001: Log in',
        '',
        '',
        '- Status: draft',
        '* **Parent**: PRD-1',
        '+ **Needs:** test',
        '- __Tags__: a',
        '',
        'Body.',
      );
      assert.equal(d.status, 'draft');
      assert.deepEqual(d.parents, [{ id: 'PRD-1', range: r(4, 14, 4, 19) }]);
      assert.deepEqual(d.needs, ['test']);
      assert.deepEqual(d.tags, ['a']);
      assert.equal(d.text, 'Body.');
    });

    it('stops at the first line that is not an attribute', () => {
      const d = only('## AUTH-001', 'Status: approved', 'Owner: bob', 'Version: 2', '', 'Text.');
      assert.equal(d.status, 'approved');
      assert.equal(d.version, 1, 'Version after an unknown key is text');
      assert.equal(d.text, 'Owner: bob\nVersion: 2\n\nText.');
    });

    it("stops at a key an object inherits (constructor, toString, __proto__) as at any other unknown key", () => {
      for (const key of ['Constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const d = only('## AUTH-001', `${key}: x`, 'Status: approved', 'Version: 2');
        assert.equal(d.status, undefined, key);
        assert.equal(d.version, 1, key);
        assert.equal(d.text, `${key}: x\nStatus: approved\nVersion: 2`, key);
      }
    });

    it('does not read attributes after a blank line that follows attributes', () => {
      const d = only('## AUTH-001', 'Status: approved', '', 'Tags: x');
      assert.deepEqual(d.tags, []);
      assert.equal(d.text, 'Tags: x');
    });

    it('does not read attributes after text', () => {
      const d = only('## AUTH-001', 'Some text.', 'Status: approved');
      assert.equal(d.status, undefined);
      assert.equal(d.text, 'Some text.\nStatus: approved');
    });

    it('does not read an indented (code) line as an attribute', () => {
      const d = only('## AUTH-001', '', '    Status: approved');
      assert.equal(d.status, undefined);
      assert.equal(d.text, '    Status: approved');
    });

    it('reads `Needs: none` and an empty Needs as no needs, a missing Needs as undefined', () => {
      assert.deepEqual(only('# A-1', 'Needs: none').needs, []);
      assert.deepEqual(only('# A-1', 'Needs: None').needs, []);
      assert.deepEqual(only('# A-1', 'Needs:').needs, []);
      assert.deepEqual(only('# A-1', 'Needs:   ').needs, []);
      assert.equal(only('# A-1').needs, undefined);
    });

    it('accumulates repeated list attributes', () => {
      const d = only('# A-1', 'Parent: B-1', 'Parent: B-2', 'Tags: x', 'Tags: y, , z');
      assert.deepEqual(
        d.parents.map((p) => p.id),
        ['B-1', 'B-2'],
      );
      assert.deepEqual(d.tags, ['x', 'y', 'z']);
    });
  });

  describe('problems', () => {
    it('warns about an unknown status, at the value, listing the allowed ones', () => {
      const { definitions, problems } = parse('## AUTH-001', '- Status:  Done  ');
      assert.equal(definitions[0].status, 'done');
      assert.deepEqual(problems, [
        {
          code: 'invalid-spec',
          severity: 'warning',
          message: "Unknown status 'Done'; expected one of: draft, proposed, approved, implemented, deprecated",
          range: r(1, 11, 1, 15),
          requirement: 'AUTH-001',
        },
      ]);
    });

    it('warns about an empty status', () => {
      const { definitions, problems } = parse('## AUTH-001', 'Status:');
      assert.equal(definitions[0].status, undefined);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].severity, 'warning');
      assert.deepEqual(problems[0].range, r(1, 7, 1, 7));
    });

    it('rejects versions that are not positive integers', () => {
      for (const bad of ['0', '-1', '1.5', 'two', 'v2', '']) {
        const { definitions, problems } = parse('## AUTH-001', `Version: ${bad}`);
        assert.equal(definitions[0].version, 1, bad);
        assert.equal(problems.length, 1, bad);
        assert.equal(problems[0].severity, 'error');
        assert.match(problems[0].message, /Version must be a positive integer/);
        assert.deepEqual(problems[0].range, r(1, 9, 1, 9 + bad.length), bad);
      }
      assert.equal(only('# A-1', 'Version: 012').version, 12);
    });

    it('rejects parents that are not IDs, keeping the valid ones', () => {
      const { definitions, problems } = parse('## AUTH-001', 'Parent: PRD-1, prd-2, PRD-3 extra');
      assert.deepEqual(definitions[0].parents, [{ id: 'PRD-1', range: r(1, 8, 1, 13) }]);
      assert.deepEqual(
        problems.map((p) => [p.severity, p.range, p.requirement]),
        [
          ['error', r(1, 15, 1, 20), 'AUTH-001'],
          ['error', r(1, 22, 1, 33), 'AUTH-001'],
        ],
      );
      assert.match(problems[0].message, /^Parent 'prd-2' is not a requirement ID/);
    });

    it('does not flag duplicate IDs (the index does, across files)', () => {
      const { definitions, problems } = parse('## A-1', '## A-1');
      assert.equal(definitions.length, 2);
      assert.deepEqual(problems, []);
    });
  });

  describe('sections', () => {
    it('ends at the next heading of the same or a higher level', () => {
      const { definitions } = parse(
        '# Spec', //         0
        '## A-1: One', //    1
        'one', //            2
        '### Notes', //      3
        'note', //           4
        '', //               5
        '## Two', //         6
        'two', //            7
        '## A-2: Three', //  8
        'three', //          9
        '# Appendix', //     10
        'x',
      );
      assert.deepEqual(
        definitions.map((d) => [d.id, d.text, d.fullRange]),
        [
          ['A-1', 'one\n### Notes\nnote', r(1, 0, 4, 4)],
          ['A-2', 'three', r(8, 0, 9, 5)],
        ],
      );
    });

    it('lets a deeper definition heading start a new requirement and end the previous one', () => {
      const { definitions } = parse(
        '# A-1: Parent', //       0
        'parent text', //         1
        '## A-2: Child', //       2
        'child text', //          3
        '### Child notes', //     4
        'notes', //               5
        '## Sibling', //          6
        'sibling text', //        7
        '# A-3: Next', //         8
      );
      assert.deepEqual(
        definitions.map((d) => [d.id, d.text, d.fullRange]),
        [
          ['A-1', 'parent text', r(0, 0, 1, 11)],
          ['A-2', 'child text\n### Child notes\nnotes', r(2, 0, 5, 5)],
          ['A-3', '', r(8, 0, 8, 11)],
        ],
      );
    });

    it('keeps the text as Markdown, without attribute lines and surrounding blank lines', () => {
      const d = only('## A-1: T', 'Status: draft', '', '', 'A **bold** claim:', '', '- one', '  - two', '', '    code', '', '', '');
      assert.equal(d.text, 'A **bold** claim:\n\n- one\n  - two\n\n    code');
      assert.deepEqual(d.fullRange, r(0, 0, 9, 8));
    });

    it('keeps the indentation of text that starts with indented code', () => {
      assert.equal(only('## A-1', '', '    code()', '', 'after').text, '    code()\n\nafter');
    });
  });

  describe('code, comments and front matter', () => {
    it('ignores headings in ``` and ~~~ fences with info strings', () => {
      assert.deepEqual(
        defIds(
          '```markdown',
          '## A-1: in backticks',
          '```',
          '~~~ md {.class}',
          '## A-2: in tildes',
          '~~~',
          '## A-3: real',
        ),
        ['A-3'],
      );
    });

    it('closes a fence only with the same character, at least as long', () => {
      assert.deepEqual(
        defIds(
          '````md', //
          '```',
          '## A-1: shorter fence does not close',
          '```',
          '~~~~',
          '## A-2: tildes do not close backticks',
          '`````',
          '## A-3: real',
          '~~~~~',
          '```',
          '## A-4: backticks do not close tildes',
          '~~~~',
          '## A-5: shorter tildes do not close',
          '~~~~~~ trailing text does not close',
          '## A-6: still inside',
          '~~~~~~',
          '## A-7: real',
        ),
        ['A-3', 'A-7'],
      );
    });

    it('treats a fence left open as running to the end of the file', () => {
      const { definitions } = parse('## A-1', 'text', '```', '## A-2: never closed', 'more');
      assert.deepEqual(
        definitions.map((d) => [d.id, d.text]),
        [['A-1', 'text\n```\n## A-2: never closed\nmore']],
      );
    });

    it('does not open a fence on a backtick line whose info string has a backtick', () => {
      assert.deepEqual(defIds('``` inline `code` here', '## A-1: real'), ['A-1']);
    });

    it('ignores headings in indented code, and fences that are indented code', () => {
      assert.deepEqual(defIds('Intro.', '', '    ## A-1: indented', '\t## A-2: tab', '    ```', '## A-3: real', '    ```', '## A-4: real'), ['A-3', 'A-4']);
    });

    it('ignores headings in fences inside list items, until the item ends', () => {
      assert.deepEqual(
        defIds(
          '- step one:',
          '  ```sh',
          '  ## A-1: in a list fence',
          '  ```',
          '- ```',
          '  ## A-2: fence on the item line',
          '  ```',
          '1. numbered',
          '',
          '   ```',
          '   ## A-3: in a numbered item fence',
          '   ```',
          '- ```',
          '  unterminated',
          '## A-4: a heading ends the item and its fence',
        ),
        ['A-4'],
      );
    });

    it('ignores headings in multi-line HTML comments and raw HTML blocks', () => {
      assert.deepEqual(
        defIds(
          '<!--',
          '## A-1: commented out',
          '-->',
          '<!-- ## A-2: single-line comment -->',
          '## A-3: real',
          '<pre>',
          '## A-4: preformatted',
          '</pre>',
          '## A-5: real',
        ),
        ['A-3', 'A-5'],
      );
    });

    it('skips front matter', () => {
      const { definitions } = parse('---', 'title: Auth', '# A-1: a YAML comment', '---', '## A-2: Real', 'text');
      assert.deepEqual(
        definitions.map((d) => [d.id, d.range]),
        [['A-2', r(4, 3, 4, 6)]],
      );
      assert.deepEqual(defIds('---', 'title: Auth', '...', '# A-3'), ['A-3']);
    });

    it('treats an unclosed `---` block as ordinary text', () => {
      assert.deepEqual(defIds('---', '# A-1: not front matter'), ['A-1']);
      assert.deepEqual(defIds('', '---', 'x: 1', '---', '# A-2: only at the very start'), ['A-2']);
    });
  });

  describe('line breaks and encodings', () => {
    const lines = ['---', 'a: 1', '---', '## A-1: Title', 'Parent: B-2', '', 'Line one', 'line two', '', '## A-2'];

    it('gives the same result for \\n, \\r\\n and lone \\r', () => {
      const lf = parseMarkdownSpec(lines.join('\n'), 'x.md', ids);
      const crlf = parseMarkdownSpec(lines.join('\r\n'), 'x.md', ids);
      const cr = parseMarkdownSpec(lines.join('\r'), 'x.md', ids);
      assert.deepEqual(crlf, lf);
      assert.deepEqual(cr, lf);
      assert.equal(lf.definitions[0].text, 'Line one\nline two');
      assert.deepEqual(lf.definitions[0].parents[0].range, r(4, 8, 4, 11));
      assert.deepEqual(lf.definitions[0].fullRange, r(3, 0, 7, 8));
    });

    it('does not count a byte-order mark in positions', () => {
      const d = parseMarkdownSpec('\uFEFF# A-1: Title\r\nStatus: bogus', 'x.md', ids);
      assert.deepEqual(d.definitions[0].range, r(0, 2, 0, 5));
      assert.deepEqual(d.problems[0].range, r(1, 8, 1, 13));
      assert.deepEqual(defIds('\uFEFF---', 'x: 1', '---', '# A-2'), ['A-2']);
    });

    it('counts columns in UTF-16 code units', () => {
      const d = only('# A-1: 😀', 'Tags: ✓', 'Parent: B-1');
      assert.deepEqual(d.fullRange, r(0, 0, 2, 11));
      assert.deepEqual(d.parents[0].range, r(2, 8, 2, 11));
    });

    it('handles empty and heading-less files', () => {
      assert.deepEqual(parseMarkdownSpec('', 'x.md', ids), { definitions: [], problems: [] });
      assert.deepEqual(parseMarkdownSpec('Just text.\n', 'x.md', ids), { definitions: [], problems: [] });
    });
  });

  it('never throws, and every range points at what it names (property)', () => {
    const pieces = ['#', '## ', '### ', 'A-1', 'B-22', ':', ' ', '\t', '\n', '\r\n', '\r', '```', '~~~', '- ', '1. ', 'Status: ', 'Parent: ', ', ', 'Version: ', 'Needs: none', 'x', '<!--', '-->', '---', '    ', '\uFEFF', '😀', '**'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const { definitions, problems } = parseMarkdownSpec(text, 'x.md', ids);
        const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        const index = new LineIndex(body);
        const at = (range: Range) => body.slice(index.offsetAt(range.start), index.offsetAt(range.end));
        for (const d of definitions) {
          assert.equal(at(d.range), d.id);
          for (const p of d.parents) assert.equal(at(p.range), p.id);
          assert.ok(index.offsetAt(d.fullRange.start) <= index.offsetAt(d.range.start));
          assert.ok(index.offsetAt(d.fullRange.end) >= index.offsetAt(d.range.end));
        }
        for (const p of problems) assert.ok(index.offsetAt(p.range.start) <= index.offsetAt(p.range.end));
      }),
      { numRuns: 500 },
    );
  });
});
