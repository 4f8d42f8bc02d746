import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import { parseTraceySpec, scanTraceyReferences, traceyDialect } from '../../server/src/core/dialects/tracey';
import { LineIndex } from '../../server/src/core/lineIndex';
import { definitionLocations, hoverMarkdown, referenceLocations, targetAt } from '../../server/src/core/engine/queries';
import type { Range, RequirementDef } from '../../server/src/core/types';
import { engineFor, diagKeys } from './engineHelpers';

function r(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function parse(...lines: string[]) {
  return parseTraceySpec(lines.join('\n'), 'docs/spec.md');
}

function refs(text: string, language = 'rust') {
  return scanTraceyReferences(text, lexComments(text, language), new LineIndex(text));
}



describe('Tracey dialect', () => {
  describe('definitions in Markdown', () => {
    it('reads a marker paragraph at column 0 with its text, exact ranges and version 1', () => {
      const { definitions, problems } = parse('# Auth', '', 'r[auth.login]', 'Users MUST log in. With a password.', '', 'Other prose.');
      assert.deepEqual(problems, []);
      assert.deepEqual(definitions, [
        {
          id: 'auth.login',
          title: 'Users MUST log in.',
          version: 1,
          tags: [],
          parents: [],
          text: 'Users MUST log in. With a password.',
          file: 'docs/spec.md',
          range: r(2, 2, 12),
          fullRange: r(2, 0, 35, 3),
          source: 'tracey',
        },
      ]);
    });

    it('takes the version from `+N`, makes coverage strict above 1, and accepts any lowercase prefix', () => {
      const { definitions } = parse('h2[stream.priority+3]', 'Streams have priorities.');
      assert.equal(definitions[0].id, 'stream.priority');
      assert.equal(definitions[0].version, 3);
      assert.equal(definitions[0].strictVersion, true);
      assert.deepEqual(definitions[0].range, r(0, 3, 18));
      assert.equal(parse('r[a.b+1]', 'x').definitions[0].strictVersion, undefined);
    });

    it('reads a marker in a blockquote, with the whole blockquote (fences included) as its text', () => {
      const { definitions } = parse(
        '> r[api.error-format]',
        '> API errors must follow this format:',
        '>',
        '> ```json',
        '> r[not.a.definition]',
        '> ```',
        '',
        'After the quote.',
      );
      assert.deepEqual(
        definitions.map((d) => [d.id, d.range, d.fullRange.end, d.text]),
        [['api.error-format', r(0, 4, 20), { line: 5, character: 5 }, 'API errors must follow this format:\n\n```json\nr[not.a.definition]\n```']],
      );
    });

    it('ends a paragraph at a blank line, a heading or the next marker', () => {
      const { definitions } = parse('r[a.one]', 'One.', 'r[a.two]', 'Two.', '## Next', 'r[a.three]', '', 'Not three.');
      assert.deepEqual(
        definitions.map((d) => [d.id, d.text]),
        [
          ['a.one', 'One.'],
          ['a.two', 'Two.'],
          ['a.three', ''],
        ],
      );
      assert.equal(definitions[2].title, 'a.three');
    });

    it('ignores inline, indented and fenced markers, nested fences inside quotes included', () => {
      const { definitions, problems } = parse(
        'When implementing r[auth.inline] you should…',
        '    r[auth.indented]',
        '```markdown',
        'r[auth.fenced]',
        '> ```json',
        '> r[auth.still-fenced]',
        '```',
        '> r[quote.def]',
        '> ```markdown',
        '> > r[quote.nested]',
        '> > ```json',
        '> > ```',
        '> r[quote.in-fence]',
        '> ```',
        '~~~',
        'r[tilde.fenced]',
        '~~~',
        'r[real.one]',
      );
      assert.deepEqual(problems, []);
      assert.deepEqual(
        definitions.map((d) => d.id),
        ['quote.def', 'real.one'],
      );
    });

    it('warns at the bracket content of a malformed marker', () => {
      const { definitions, problems } = parse('r[login]', '', 'r[auth..login]', '', 'r[auth.login+0]', '', 'arr[0]');
      assert.deepEqual(definitions, []);
      assert.deepEqual(
        problems.map((p) => [p.code, p.severity, p.range]),
        [
          ['invalid-spec', 'warning', r(0, 2, 7)],
          ['invalid-spec', 'warning', r(2, 2, 13)],
          ['invalid-spec', 'warning', r(4, 2, 14)],
        ],
      );
    });

    it('reads only Markdown files and reports nothing for a file without markers', () => {
      const ctx = { ids: undefined as never, config: undefined as never, fileExists: () => false };
      assert.equal(traceyDialect.parseSpec!('r[a.b]\nx\n', 'docs/spec.yaml', ctx), undefined);
      assert.equal(traceyDialect.parseSpec!('# Just prose\n', 'docs/spec.md', ctx), undefined);
      assert.equal(traceyDialect.parseSpec!('r[a.b]\nx\n', 'docs/spec.markdown', ctx)?.definitions.length, 1);
    });
  });

  describe('references in comments', () => {
    it('reads the four verbs with exact ID ranges, kinds and version pins (1 when absent)', () => {
      const text = [
        '// r[impl auth.login]',
        '// r[verify auth.login+2]: checks the OAuth flow',
        '/* r[depends auth.crypto] */',
        '# not a comment in Rust: r[impl no.no]',
        'let s = "r[impl in.string]"; // r[related user.session-timeout]',
      ].join('\n');
      assert.deepEqual(
        refs(text).map((c) => [c.id, c.range, c.verbKind, c.pin, c.explicit]),
        [
          ['auth.login', r(0, 10, 20), 'impl', 1, true],
          ['auth.login', r(1, 12, 22), 'test', 2, true],
          ['auth.crypto', r(2, 13, 24), 'depends', 1, true],
          ['user.session-timeout', r(4, 42, 62), 'related', 1, true],
        ],
      );
    });

    it('treats a verb-less `r[id]` as an explicit impl reference, other prefixes and unknown verbs as implicit', () => {
      assert.deepEqual(
        refs('// See r[auth.requirements] for details.\n// h2[stream.priority] arr[i.len] r[i]\n// r[implement auth.x] r[constructor auth.y]').map((c) => [
          c.id,
          c.verbKind,
          c.explicit,
        ]),
        [
          ['auth.requirements', 'impl', true],
          ['stream.priority', 'impl', false],
          ['i.len', 'impl', false],
          ['i', 'impl', false],
          ['auth.x', 'implement', false],
          ['auth.y', 'constructor', false],
        ],
      );
    });

    it('reads every prefix with a verb, and single-segment IDs (StrictDoc UIDs through Tracey)', () => {
      assert.deepEqual(
        refs('# h2[impl stream.priority] m[verify CH-001]', 'python').map((c) => [c.id, c.range]),
        [
          ['stream.priority', r(0, 10, 25)],
          ['CH-001', r(0, 36, 42)],
        ],
      );
    });

    it('skips annotations in backticks and under the ignore directives', () => {
      const text = [
        '// This is `r[impl not.an.annotation]`, just a comment',
        '// @tracey:ignore-next-line',
        '// mentions r[impl auth.ignored]',
        '// r[impl auth.kept]',
        '// @tracey:ignore-start',
        '// r[impl auth.block] and o[impl api.fetch]',
        '// @tracey:ignore-end',
        '// r[verify auth.after]',
      ].join('\n');
      assert.deepEqual(
        refs(text).map((c) => c.id),
        ['auth.kept', 'auth.after'],
      );
    });

    it('rejects malformed IDs and versions', () => {
      assert.deepEqual(refs('// r[impl auth..token] r[impl .crypto.x] r[impl api.users.] r[impl a.b+0] r[verify user profile.update]'), []);
    });
  });

  it('completes IDs after `r[`, a verb, or a verb-less `r[`, with the current version of Tracey requirements', () => {
    const def = (id: string, version: number, source = 'tracey') => ({ id, version, source }) as RequirementDef;
    const site = traceyDialect.completionAt!('  // r[impl auth.lo', 'src/a.rs', true)!;
    assert.equal(site.typed, 'auth.lo');
    assert.equal(site.insertText(def('auth.login', 2)), 'auth.login+2');
    assert.equal(site.insertText(def('auth.logout', 1)), 'auth.logout');
    assert.equal(site.insertText(def('CH-001', 1, 'strictdoc')), 'CH-001');
    assert.equal(traceyDialect.completionAt!('// h2[verify ', 'src/a.rs', true)?.typed, '');
    assert.equal(traceyDialect.completionAt!('// r[', 'src/a.rs', true)?.typed, '');
    assert.equal(traceyDialect.completionAt!('// arr[i', 'src/a.rs', true), undefined);
    assert.equal(traceyDialect.completionAt!('// r[frob x', 'src/a.rs', true), undefined);
    assert.equal(traceyDialect.completionAt!('let x = r[impl ', 'src/a.rs', false), undefined);
  });

  it('never throws, and every range points at the ID it names (property)', () => {
    const pieces = ['r[', 'h2[', 'impl ', 'verify ', 'auth', '.', 'login', '+2', '+0', ']', '>', '> ', ' ', '\n', '\r\n', '```', '~~~', '#', '// ', '/*', '*/', '`', 'x', '😀', '@tracey:ignore-next-line', '@tracey:ignore-start', '@tracey:ignore-end'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const index = new LineIndex(text);
        const at = (range: Range) => text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
        const { definitions, problems } = parseTraceySpec(text, 'x.md');
        for (const d of definitions) {
          assert.equal(at(d.range), d.id);
          assert.ok(index.offsetAt(d.fullRange.start) <= index.offsetAt(d.range.start));
          assert.ok(index.offsetAt(d.fullRange.end) >= index.offsetAt(d.range.end));
        }
        for (const p of problems) assert.ok(index.offsetAt(p.range.start) <= index.offsetAt(p.range.end));
        for (const c of refs(text)) assert.equal(at(c.range), c.id);
      }),
      { numRuns: 500 },
    );
  });

  describe('in the engine', () => {
    const spec = [
      '# Auth',
      '',
      'r[auth.login+2]',
      'Users MUST authenticate with OAuth 2.0.',
      '',
      '> r[auth.logout]',
      '> Users MUST be able to log out.',
      '',
      'r[auth.audit]',
      'Every login MUST be logged.',
      '',
    ].join('\n');
    const files = {
      '.config/tracey/config.styx': 'specs ({ name app include (docs/**/*.md) })\n',
      'docs/spec.md': spec,
      'src/auth.rs': '// r[impl auth.login]\nfn login() {}\n// r[impl auth.logout]\nfn logout() {}\n// r[impl auth.logn+2]\n',
      'src/audit.rs': '// r[depends auth.audit]\n// r[impl auth.login+2]\n',
      'tests/auth.rs': '// r[verify auth.login+2]\n// r[verify auth.logout]\n',
    };

    it('turns itself on from .config/tracey/config.styx and reports stale, unknown and uncovered', async () => {
      const engine = await engineFor(files);
      assert.deepEqual(
        engine.dialects.map((d) => d.name),
        ['tracey'],
      );
      assert.deepEqual(diagKeys(engine), [
        'docs/spec.md:9:3 uncovered-requirement',
        'src/auth.rs:1:11 stale-reference',
        'src/auth.rs:5:11 unknown-requirement',
      ]);
      const login = engine.index.definition('auth.login')!;
      const cov = engine.coverage(login);
      // The stale reference does not cover: only the +2 ones count.
      assert.deepEqual([...cov.counts].sort(), [
        ['impl', 1],
        ['test', 1],
      ]);
      assert.equal(cov.covered, true);
      const audit = engine.coverage(engine.index.definition('auth.audit')!);
      assert.deepEqual(audit.missing, ['impl', 'test']);
      assert.equal(audit.counts.get('depends'), 1);
    });

    it('is off without the marker file or the config', async () => {
      const { ['.config/tracey/config.styx']: _marker, ...rest } = files;
      const engine = await engineFor(rest);
      assert.deepEqual(engine.dialects, []);
      assert.deepEqual(engine.index.definedIds(), []);
    });

    it('answers hover, definition and references on the exact ID ranges', async () => {
      const engine = await engineFor(files);
      const target = targetAt(engine, 'src/auth.rs', { line: 0, character: 14 });
      assert.deepEqual(target, { id: 'auth.login', kind: 'reference', range: r(0, 10, 20) });
      assert.deepEqual(definitionLocations(engine, target!), [{ file: 'docs/spec.md', range: r(2, 2, 12) }]);
      const hover = hoverMarkdown(engine, 'auth.login');
      assert.match(hover, /^\*\*auth\.login\*\*: Users MUST authenticate with OAuth 2\.0\./);
      assert.match(hover, /Version: 2/);
      assert.deepEqual(
        referenceLocations(engine, 'auth.login', false).map((l) => `${l.file}:${l.range.start.line}:${l.range.start.character}`),
        ['src/audit.rs:1:10', 'src/auth.rs:0:10', 'tests/auth.rs:0:12'],
      );
      const fromSpec = targetAt(engine, 'docs/spec.md', { line: 5, character: 6 });
      assert.deepEqual(fromSpec, { id: 'auth.logout', kind: 'definition', range: r(5, 4, 15) });
    });
  });
});

describe('Tracey version pins', () => {
  it('records where a pin is written (`+N`) or would go, so the stale-pin fix can write `+N`', () => {
    const [pinned, bare] = refs('// r[impl auth.login+1]\n// r[impl auth.logout]\n');
    assert.deepEqual([pinned.pin, pinned.pinRange, pinned.pinPrefix], [1, r(0, 20, 22), '+']);
    assert.deepEqual([bare.pin, bare.pinRange, bare.pinPrefix], [1, r(1, 21, 21), '+']);
  });
});
