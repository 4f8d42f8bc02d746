import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { lobsterDialect, scanLobsterReferences } from '../../server/src/core/dialects/lobster';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import { hoverMarkdown, targetAt } from '../../server/src/core/engine/queries';
import type { Range, RequirementDef } from '../../server/src/core/types';
import { engineFor, diagKeys } from './engineHelpers';

function r(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function refs(text: string, language = 'cpp') {
  return scanLobsterReferences(text, lexComments(text, language), new LineIndex(text), createIdMatcher());
}



describe('LOBSTER dialect', () => {
  describe('lobster-trace tags in comments', () => {
    it('reads comma- and blank-separated tags with exact ranges, explicit, kind left to the file', () => {
      const text = ['void f() {', '  // lobster-trace: auth.login, cpp_req.Dummy_Requirement  session.expiry', '}'].join('\n');
      assert.deepEqual(
        refs(text).map((c) => [c.id, c.range, c.explicit, c.verbKind, c.pin]),
        [
          ['auth.login', r(1, 20, 30), true, undefined, undefined],
          ['cpp_req.Dummy_Requirement', r(1, 32, 57), true, undefined, undefined],
          ['session.expiry', r(1, 59, 73), true, undefined, undefined],
        ],
      );
    });

    it('reads an @version suffix as a pin and stops at the end of a block comment', () => {
      assert.deepEqual(
        refs('/* lobster-trace: 12345@42 */ int x; /* lobster-trace: a.b. */').map((c) => [c.id, c.range, c.pin]),
        [
          ['12345', r(0, 18, 23), 42],
          ['a.b', r(0, 55, 58), undefined],
        ],
      );
    });

    it('reads Python comments and never string literals; lobster-exclude gives nothing', () => {
      const text = [
        'def potato(self):',
        '    # lobster-trace: something.example',
        '    s = "# lobster-trace: in.string"',
        '    # lobster-exclude: a very good reason is here',
        '    return s',
      ].join('\n');
      assert.deepEqual(
        refs(text, 'python').map((c) => [c.id, c.range]),
        [['something.example', r(1, 21, 38)]],
      );
    });

    it('needs the exact keyword', () => {
      assert.deepEqual(refs('// my-lobster-trace: a.b\n// lobster-trace a.b\n// Lobster-Trace: a.b'), []);
    });

    it('leaves house-shaped IDs to the house scanner, which reads `trace:` as a verb', () => {
      // The house scanner reports those (explicit, same pin); the dialect adds what it cannot read.
      assert.deepEqual(
        refs('// lobster-trace: AUTH-001@2, AUTH-002 req.other, AUTH-003').map((c) => [c.id, c.range.start.character]),
        [['req.other', 39]],
      );
    });
  });

  it('records where a pin is written, for the quick fix', () => {
    assert.deepEqual(
      refs('// lobster-trace: a.b@12, c.d').map((c) => [c.id, c.pin, c.pinRange]),
      [
        ['a.b', 12, r(0, 21, 24)],
        ['c.d', undefined, undefined],
      ],
    );
  });

  it('completes tags in a lobster-trace list', () => {
    const site = lobsterDialect.completionAt!('  // lobster-trace: CC-001, limits.ma', 'src/a.cpp', true)!;
    assert.equal(site.typed, 'limits.ma');
    assert.equal(site.insertText({ id: 'limits.max_speed' } as RequirementDef), 'limits.max_speed');
    assert.equal(lobsterDialect.completionAt!('# lobster-trace: ', 'a.py', true)?.typed, '');
    assert.equal(lobsterDialect.completionAt!('// lobster-trace: a.b (see the ', 'a.cpp', true), undefined);
    assert.equal(lobsterDialect.completionAt!('s = "lobster-trace: ', 'a.py', false), undefined);
  });

  it('never throws, and every range points at the tag it names (property)', () => {
    const pieces = ['// ', '/* ', '*/', '#', 'lobster-trace:', 'lobster-exclude:', ' ', ',', '\n', 'req', '.', 'a_b', 'AUTH-1', '@2', '@', '-', '"', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 50 }), (parts) => {
        const text = parts.join('');
        const index = new LineIndex(text);
        for (const c of refs(text)) assert.equal(text.slice(index.offsetAt(c.range.start), index.offsetAt(c.range.end)), c.id);
      }),
      { numRuns: 500 },
    );
  });

  describe('in the engine', () => {
    const files = {
      'reqtrace.yaml': 'dialects: [lobster, tracey]\n',
      'docs/spec.md': '# Spec\n\n## AUTH-001: Users log in\n\nText.\n\nr[session.expiry]\nSessions MUST expire.\n',
      'src/login.cpp': '// lobster-trace: AUTH-001, session.expiry\nvoid login() {}\n// lobster-trace: session.expiry@3\n',
      'tests/test_login.py': '# lobster-trace: AUTH-001\n# lobster-trace: req.unknown_thing\n',
    };

    it('resolves tags against requirements of any format, one reference per tag, kinds from the file', async () => {
      const engine = await engineFor(files);
      assert.deepEqual(
        engine.index.references('AUTH-001').map((x) => [x.file, x.range.start.line, x.range.start.character, x.kind]),
        [
          ['src/login.cpp', 0, 18, 'impl'],
          ['tests/test_login.py', 0, 17, 'test'],
        ],
      );
      assert.deepEqual(
        engine.index.references('session.expiry').map((x) => [x.file, x.range.start.line, x.range.start.character, x.kind, x.pin]),
        [
          ['src/login.cpp', 0, 28, 'impl', undefined],
          ['src/login.cpp', 2, 18, 'impl', 3],
        ],
      );
      assert.deepEqual(diagKeys(engine), [
        'docs/spec.md:7:3 uncovered-requirement',
        'src/login.cpp:3:19 stale-reference',
        'tests/test_login.py:2:18 unknown-requirement',
      ]);
    });

    it('answers hover on a tag', async () => {
      const engine = await engineFor(files);
      const target = targetAt(engine, 'src/login.cpp', { line: 0, character: 32 });
      assert.deepEqual(target, { id: 'session.expiry', kind: 'reference', range: r(0, 28, 42) });
      assert.match(hoverMarkdown(engine, 'session.expiry'), /Sessions MUST expire\./);
    });
  });
});
