import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { kindOfRole, parseSdoc, pythonDocstrings, scanRelationMarkers, strictDocDialect } from '../../server/src/core/dialects/strictDoc';
import { LineIndex } from '../../server/src/core/lineIndex';
import { definitionLocations, hoverMarkdown, targetAt } from '../../server/src/core/engine/queries';
import { buildReport } from '../../server/src/core/engine/report';
import type { Range, RequirementDef } from '../../server/src/core/types';
import { engineFor, diagKeys } from './engineHelpers';

function r(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function parse(...lines: string[]) {
  return parseSdoc(lines.join('\n'), 'docs/spec.sdoc');
}

function markers(text: string, file: string) {
  return scanRelationMarkers(text, file, lexComments(text, file), new LineIndex(text));
}



describe('StrictDoc dialect', () => {
  describe('.sdoc documents', () => {
    it('reads a requirement with exact UID and parent ranges, title, statement, status and tags', () => {
      const { definitions, problems } = parse(
        '[DOCUMENT]',
        'TITLE: Auth',
        '',
        '[REQUIREMENT]',
        'UID: REQ-2',
        'STATUS: Active',
        'TAGS: security, login',
        'TITLE: Sessions expire',
        'STATEMENT: A session expires after 30 minutes.',
        'RATIONALE: Stolen laptops.',
        'RELATIONS:',
        '- TYPE: Parent',
        '  VALUE: REQ-1',
        '  ROLE: Refines',
        '- TYPE: File',
        '  VALUE: src/session.py',
        '',
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(definitions, [
        {
          id: 'REQ-2',
          title: 'Sessions expire',
          status: 'active',
          version: 1,
          tags: ['security', 'login'],
          parents: [{ id: 'REQ-1', range: r(12, 9, 14) }],
          text: 'A session expires after 30 minutes.\n\nRationale: Stolen laptops.',
          file: 'docs/spec.sdoc',
          range: r(4, 5, 10),
          fullRange: r(3, 0, 23, 15),
          source: 'strictdoc',
          needsOnlyIfConfigured: true,
        },
      ]);
    });

    it('reads multi-line fields literally, nodes in [SECTION] / [[SECTION]], and skips nodes without UID and [TEXT]', () => {
      const { definitions, problems } = parse(
        '[DOCUMENT]',
        'TITLE: Doc',
        'OPTIONS:',
        '  MARKUP: Text',
        '',
        '[[SECTION]]',
        'UID: SECT-1',
        'TITLE: Chapter',
        '',
        '[TEXT]',
        'UID: TXT-1',
        'STATEMENT: Prose.',
        '',
        '[REQUIREMENT]',
        'UID: SDOC-LOGIN',
        'STATEMENT: >>>',
        'Users log in.',
        '',
        '[REQUIREMENT]',
        'UID: NOT-A-DEF',
        '<<<',
        '',
        '[REQUIREMENT]',
        'TITLE: No UID, cannot be referenced',
        '',
        '[[/SECTION]]',
        '',
        '[SECTION]',
        'TITLE: Old style',
        '',
        '[COMPOSITE_REQUIREMENT]',
        'UID: COMP-1',
        'STATEMENT: Composite.',
        '',
        '[TEST_CASE]',
        'UID: TC-1',
        'STATUS: Deleted',
        'DESCRIPTION: A custom grammar element.',
        '',
        '[/COMPOSITE_REQUIREMENT]',
        '',
        '[/SECTION]',
        '',
        '[FREETEXT]',
        '[REQUIREMENT]',
        'UID: IN-FREETEXT',
        '[/FREETEXT]',
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(
        definitions.map((d) => [d.id, d.title, d.text, d.status, d.range, d.fullRange]),
        [
          ['SDOC-LOGIN', 'Users log in.', 'Users log in.\n\n[REQUIREMENT]\nUID: NOT-A-DEF', undefined, r(14, 5, 15), r(13, 0, 3, 20)],
          ['COMP-1', 'Composite.', 'Composite.', undefined, r(31, 5, 11), r(30, 0, 21, 32)],
          ['TC-1', 'A custom grammar element.', 'A custom grammar element.', 'deprecated', r(35, 5, 9), r(34, 0, 38, 37)],
        ],
      );
    });

    it('reports StrictDoc syntax problems at their place', () => {
      const { definitions, problems } = parse(
        '[REQUIREMENT]',
        'UID: REQ-1',
        'TITLE:',
        'RELATIONS:',
        '- TYPE: Parent',
        '  ROLE: Refines',
        'not an item',
        '',
        '[REQUIREMENT]',
        'UID: REQ-2',
        'STATEMENT: >>>',
        'never closed',
      );
      assert.deepEqual(
        problems.map((p) => [p.severity, p.range, p.message.slice(0, 30)]),
        [
          ['warning', r(2, 0, 5), 'TITLE is empty: StrictDoc does'],
          ['warning', r(6, 0, 11), 'not a RELATIONS item: expected'],
          ['error', r(4, 0, 14), 'Parent relation without a VALU'],
          ['error', r(10, 0, 9), 'STATEMENT: >>> is never closed'],
        ],
      );
      assert.deepEqual(
        definitions.map((d) => [d.id, d.parents, d.fullRange.end]),
        [
          ['REQ-1', [], { line: 6, character: 11 }],
          ['REQ-2', [], { line: 11, character: 12 }],
        ],
      );
    });

    it('claims .sdoc files and parses nothing else', () => {
      const ctx = { ids: undefined as never, config: undefined as never, fileExists: () => false };
      assert.equal(strictDocDialect.claimsSpec!('docs/Spec.SDOC', ctx), true);
      assert.equal(strictDocDialect.claimsSpec!('docs/spec.md', ctx), false);
      assert.equal(strictDocDialect.parseSpec!('[REQUIREMENT]\nUID: A\n', 'docs/spec.md', ctx), undefined);
    });
  });

  describe('@relation markers', () => {
    it('reads UIDs with exact ranges, in () and {}, with roles mapped to kinds', () => {
      const text = [
        '// @relation(REQ-1, scope=function)',
        'void f();',
        '/* @relation{REQ-1, REQ-2, scope=file, role=Test} */',
        'int x; // @relation(REQ-3, scope=line, role=Implementation)',
        '// @relation(REQ-4, scope=class, role=Refines)',
      ].join('\n');
      assert.deepEqual(
        markers(text, 'src/a.c').map((c) => [c.id, c.range, c.verbKind, c.explicit]),
        [
          ['REQ-1', r(0, 13, 18), undefined, true],
          ['REQ-1', r(2, 13, 18), 'test', true],
          ['REQ-2', r(2, 20, 25), 'test', true],
          ['REQ-3', r(3, 20, 25), 'impl', true],
          ['REQ-4', r(4, 13, 18), 'refines', true],
        ],
      );
    });

    it('reads a marker spread over the lines of a Doxygen comment or of consecutive line comments', () => {
      const c = ['/**', ' * Some text.', ' *', ' * @relation(', ' *     REQ-1,', ' *     REQ-2,', ' *     scope=function', ' * )', ' */'].join('\n');
      assert.deepEqual(
        markers(c, 'src/a.h').map((x) => [x.id, x.range]),
        [
          ['REQ-1', r(4, 7, 12)],
          ['REQ-2', r(5, 7, 12)],
        ],
      );
      const py = ['def hello_world():', '    # @relation(', '    #     REQ-001,', '    #     scope=line', '    # )', '    print("x")'].join('\n');
      assert.deepEqual(
        markers(py, 'src/hello.py').map((x) => [x.id, x.range]),
        [['REQ-001', r(2, 10, 17)]],
      );
      // Never across code.
      assert.deepEqual(markers('f(); // @relation(\ng(); // REQ-1, scope=line)\n', 'src/a.c'), []);
    });

    it('reads Python docstrings, not other strings', () => {
      const py = [
        '"""',
        '@relation(REQ-1, scope=file)',
        '"""',
        'class Foo:',
        '    """@relation(REQ-2, scope=class, role=Implementation)"""',
        '    def bar(self):',
        '        r"""This function implements ... @relation(REQ-3, scope=function)"""',
        'x = """@relation(REQ-9, scope=line)"""',
        "y = '@relation(REQ-9, scope=line)'",
      ].join('\n');
      assert.deepEqual(
        markers(py, 'src/foo.py').map((x) => [x.id, x.range.start, x.verbKind]),
        [
          ['REQ-1', { line: 1, character: 10 }, undefined],
          ['REQ-2', { line: 4, character: 17 }, 'impl'],
          ['REQ-3', { line: 6, character: 51 }, undefined],
        ],
      );
      assert.deepEqual(pythonDocstrings('s = "a # b"\n# """ no\n"""doc"""\n', lexComments('s = "a # b"\n# """ no\n"""doc"""\n', 'python')), [
        { start: 21, end: 30 },
      ]);
    });

    it('ignores mentions and malformed markers, and anything under a skip range', () => {
      const text = [
        '// A mention in prose is not a marker: see @relation(BR-006) for details.',
        '// @relation(REQ-1 scope=file)',
        '// @relation(REQ-1, scope=everywhere)',
        '// @relation(REQ-1, scope=file, rolex=Test)',
        '// @relation(REQ-1, scope=file',
        '// foo@relation(REQ-1, scope=file)',
        '// @relation(skip, scope=range_start)',
        '// @relation(REQ-8, scope=function)',
        '// @relation(skip, scope=range_end)',
        '// @relation(REQ-2, scope=range_start)',
        '// @relation(REQ-2, scope=range_end)',
      ].join('\n');
      assert.deepEqual(
        markers(text, 'src/a.rs').map((c) => [c.id, c.range.start.line]),
        [
          ['REQ-2', 9],
          ['REQ-2', 10],
        ],
      );
    });

    it('reads the legacy @sdoc[...] range markers and @sdoc[nosdoc] blocks', () => {
      const text = ['# @sdoc[REQ-001, REQ-002]', 'x = 1', '# @sdoc[/REQ-001, REQ-002]', '# @sdoc[nosdoc]', '# @sdoc[REQ-9]', '# @sdoc[/nosdoc]'].join('\n');
      assert.deepEqual(
        markers(text, 'src/a.py').map((c) => [c.id, c.range]),
        [
          ['REQ-001', r(0, 8, 15)],
          ['REQ-002', r(0, 17, 24)],
          ['REQ-001', r(2, 9, 16)],
          ['REQ-002', r(2, 18, 25)],
        ],
      );
    });

    it('maps roles to coverage kinds', () => {
      assert.deepEqual(
        [undefined, 'Implementation', 'Implements', 'Test', 'Verification', 'Verifies', 'TestDefinition', 'Refines'].map(kindOfRole),
        [undefined, 'impl', 'impl', 'test', 'test', 'test', 'test', 'refines'],
      );
    });
  });

  it('completes UIDs in the list of a marker, in comments and Python docstrings', () => {
    const site = strictDocDialect.completionAt!(' * @relation(SHOP-CART, SHOP-CH', 'src/a.c', true)!;
    assert.equal(site.typed, 'SHOP-CH');
    assert.equal(site.insertText({ id: 'SHOP-CHECKOUT' } as RequirementDef), 'SHOP-CHECKOUT');
    assert.equal(strictDocDialect.completionAt!('// @relation{', 'src/a.c', true)?.typed, '');
    assert.equal(strictDocDialect.completionAt!('    """@relation(', 'src/a.py', false)?.typed, '');
    assert.equal(strictDocDialect.completionAt!('// @relation(SHOP-CART, scope=', 'src/a.c', true), undefined);
    assert.equal(strictDocDialect.completionAt!('x = "@relation(', 'src/a.c', false), undefined);
  });

  it('never throws, and every range points at the UID it names (property)', () => {
    const sdoc = ['[REQUIREMENT]', '[[SECTION]]', '[/SECTION]', '[FREETEXT]', '[/FREETEXT]', 'UID: ', 'UID:', 'TITLE: ', 'STATEMENT: ', '>>>', '<<<', 'RELATIONS:', '- TYPE: Parent', '- TYPE: File', '  VALUE: ', 'REQ-1', 'A', ' ', '\n', '\r\n', '😀'];
    const code = ['// ', '/*', '*/', '#', '"""', "'", '@relation(', '@relation{', '@sdoc[', 'REQ-1', 'skip', ', ', ',', 'scope=', 'file', 'range_start', 'range_end', ', role=', 'Test', ')', '}', ']', '\n', ' ', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...sdoc), { maxLength: 60 }), fc.array(fc.constantFrom(...code), { maxLength: 60 }), (a, b) => {
        const text = a.join('');
        const index = new LineIndex(text);
        const at = (range: Range) => text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
        const { definitions, problems } = parseSdoc(text, 'x.sdoc');
        for (const d of definitions) {
          assert.equal(at(d.range), d.id);
          for (const p of d.parents) assert.equal(at(p.range), p.id);
          assert.ok(index.offsetAt(d.fullRange.start) <= index.offsetAt(d.range.start));
          assert.ok(index.offsetAt(d.fullRange.end) >= index.offsetAt(d.range.end));
        }
        for (const p of problems) assert.ok(index.offsetAt(p.range.start) <= index.offsetAt(p.range.end));
        const src = b.join('');
        const srcIndex = new LineIndex(src);
        for (const file of ['x.c', 'x.py']) {
          for (const c of markers(src, file)) assert.equal(src.slice(srcIndex.offsetAt(c.range.start), srcIndex.offsetAt(c.range.end)), c.id);
        }
      }),
      { numRuns: 500 },
    );
  });

  describe('in the engine', () => {
    const files = {
      'reqtrace.yaml': 'dialects: [strictdoc]\n',
      'docs/high.sdoc': [
        '[DOCUMENT]',
        'TITLE: High-level',
        '',
        '[REQUIREMENT]',
        'UID: SDOC-AUTH',
        'TITLE: Authentication',
        'STATEMENT: Users authenticate.',
        '',
        '[REQUIREMENT]',
        'UID: SDOC-LOGIN',
        'TITLE: Login form',
        'STATEMENT: >>>',
        'A login form asks for email and password.',
        '<<<',
        'RELATIONS:',
        '- TYPE: Parent',
        '  VALUE: SDOC-AUTH',
        '- TYPE: Parent',
        '  VALUE: SDOC-MISSING',
        '',
        '[REQUIREMENT]',
        'UID: SDOC-OLD',
        'STATUS: Deleted',
        'TITLE: Old login',
        '',
        '[REQUIREMENT]',
        'UID: SDOC-LOGOUT',
        'STATEMENT: Users log out.',
        '',
      ].join('\n'),
      'src/login.c': '/**\n * @relation(SDOC-LOGIN, SDOC-AUTH, scope=function)\n */\nvoid login(void);\n// @relation(SDOC-OLD, scope=line)\n// @relation(SDOC-LOGON, scope=line)\n',
      'tests/test_login.py': '"""@relation(SDOC-LOGIN, scope=file)"""\n',
      'src/review.c': '// @relation(SDOC-AUTH, scope=file, role=Test)\n',
    };

    it('reports broken links, unknown and deprecated references; coverage only when reqtrace.yaml asks for it', async () => {
      const engine = await engineFor(files);
      // StrictDoc has no coverage rule: no requirement needs coverage by default.
      assert.deepEqual(diagKeys(engine), [
        'docs/high.sdoc:19:10 broken-link',
        'src/login.c:5:14 deprecated-reference',
        'src/login.c:6:14 unknown-requirement',
      ]);
      const asked = await engineFor({ ...files, 'reqtrace.yaml': 'dialects: [strictdoc]\nneeds: [impl, test]\n' });
      assert.deepEqual(diagKeys(asked), [
        'docs/high.sdoc:19:10 broken-link',
        'docs/high.sdoc:27:6 uncovered-requirement',
        'src/login.c:5:14 deprecated-reference',
        'src/login.c:6:14 unknown-requirement',
      ]);
      assert.deepEqual(
        engine.index.references('SDOC-LOGIN').map((x) => [x.file, x.kind]),
        [
          ['src/login.c', 'impl'],
          ['tests/test_login.py', 'test'],
        ],
      );
      assert.deepEqual(
        engine.index.references('SDOC-AUTH').map((x) => [x.file, x.kind]),
        [
          ['src/login.c', 'impl'],
          ['src/review.c', 'test'],
        ],
      );
      assert.equal(engine.coverage(engine.index.definition('SDOC-OLD')!).exempt, true);
    });

    it("checks a Child relation's target, as StrictDoc does, without making it a parent", async () => {
      const engine = await engineFor({
        'reqtrace.yaml': 'dialects: [strictdoc]\n',
        'docs/a.sdoc': '[DOCUMENT]\nTITLE: A\n\n[REQUIREMENT]\nUID: A-1\nRELATIONS:\n- TYPE: Child\n  VALUE: A-2\n- TYPE: Child\n  VALUE: A-GHOST\n\n[REQUIREMENT]\nUID: A-2\nRELATIONS:\n- TYPE: Parent\n  VALUE: A-1\n',
      });
      // A-1 → A-2 by Child and A-2 → A-1 by Parent is one relation twice, not a cycle.
      assert.deepEqual(diagKeys(engine), ['docs/a.sdoc:10:10 broken-link']);
      assert.match(engine.diagnostics()[0].message, /^child A-GHOST of A-1 is not defined/);
      const report = buildReport(engine);
      assert.deepEqual(report.requirements.map((q) => [q.id, q.parents]), [['A-1', []], ['A-2', ['A-1']]]);
      assert.match(hoverMarkdown(engine, 'A-1'), /child: A-2 · child: A-GHOST/);
    });

    it('answers hover and definition on markers and parent links', async () => {
      const engine = await engineFor(files);
      const ref = targetAt(engine, 'src/login.c', { line: 1, character: 16 });
      assert.deepEqual(ref, { id: 'SDOC-LOGIN', kind: 'reference', range: r(1, 13, 23) });
      assert.deepEqual(definitionLocations(engine, ref!), [{ file: 'docs/high.sdoc', range: r(9, 5, 15) }]);
      assert.match(hoverMarkdown(engine, 'SDOC-LOGIN'), /^\*\*SDOC-LOGIN\*\*: Login form[\s\S]*A login form asks for email and password\./);
      const link = targetAt(engine, 'docs/high.sdoc', { line: 16, character: 10 });
      assert.deepEqual(link, { id: 'SDOC-AUTH', kind: 'link', range: r(16, 9, 18) });
    });
  });
});
