import * as assert from 'node:assert/strict';
import { DIALECTS } from '../../server/src/core/dialects/index';
import { parseOftMarkdown } from '../../server/src/core/dialects/openFastTraceMarkdown';
import { findCoverageTags, scanCoverageTags } from '../../server/src/core/dialects/openFastTraceTags';
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { LineIndex } from '../../server/src/core/lineIndex';
import { definitionLocations, hoverMarkdown, referenceLocations, targetAt } from '../../server/src/core/engine/queries';
import { buildReport } from '../../server/src/core/engine/report';
import type { Range, RequirementDef } from '../../server/src/core/types';
import { diagKeys } from './engineHelpers';

function r(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function parse(...lines: string[]) {
  return parseOftMarkdown(lines.join('\n'), 'doc/spec.md');
}

function only(...lines: string[]): RequirementDef {
  const { definitions } = parse(...lines);
  assert.equal(definitions.length, 1, `expected one item, got ${definitions.map((d) => d.id).join(', ')}`);
  return definitions[0];
}


describe('OpenFastTrace dialect', () => {
  it("is registered as `oft` and reads the text files of OFT's tag importer, by exact extension", () => {
    const d = DIALECTS.get('oft');
    assert.ok(d);
    for (const f of ['doc/model.puml', 'a/b.tf', 'x.C', 'infra/main.tfvars']) assert.equal(d.readsTextFile?.(f), true, f);
    for (const f of ['notes.txt', 'a/b.TF', 'x.xml', 'Makefile', '.puml']) assert.equal(d.readsTextFile?.(f), false, f);
  });

  describe('coverage tags', () => {
    it('reads `[impl->dsn~name~1]` with the covered ID’s exact columns', () => {
      const line = '    // [impl->dsn~login.password-check~2]';
      assert.deepEqual(findCoverageTags(line), [
        { coveringType: 'impl', covered: [{ type: 'dsn', name: 'login.password-check', revision: 2, start: 14, end: 40 }], needs: [], start: 7, end: 41 },
      ]);
    });

    it('reads the revision and name variants, several covered IDs and `>>` needs', () => {
      const [a, b, c] = findCoverageTags('[impl~~3->dsn~a~1] [ utest~check-hash~4 -> dsn~b_c~2 , req~d~0 ] [dsn->req~login~1>>impl, utest]');
      assert.equal(a.coveringRevision, 3);
      assert.equal(a.coveringName, undefined);
      assert.deepEqual(
        b.covered.map((x) => [x.type, x.name, x.revision, x.start, x.end]),
        [
          ['dsn', 'b_c', 2, 43, 52],
          ['req', 'd', 0, 55, 62],
        ],
      );
      assert.equal(b.coveringName, 'check-hash');
      assert.equal(b.coveringRevision, 4);
      assert.deepEqual(c.needs, ['impl', 'utest']);
      assert.deepEqual(c.covered.map((x) => x.name), ['login']);
    });

    it('ignores what is not a full tag', () => {
      for (const line of ['[impl->dsn~x]', '[impl->dsn]', '[->dsn~x~1]', '[impl->dsn~x~1', 'impl->dsn~x~1]', '[impl=>dsn~x~1]', '[impl->dsn~1x~1]']) {
        assert.deepEqual(findCoverageTags(line), [], line);
      }
    });

    it('scans every line of a file, string literals and CRLF files included', () => {
      const text = 'const a = "[impl->dsn~a~1]";\r\n\r\n# [utest->dsn~b~2]\r\nx = 1 // [impl->\r\ndsn~c~1]';
      const cands = scanCoverageTags(text, new LineIndex(text));
      assert.deepEqual(cands, [
        { id: 'dsn~a', range: r(0, 18, 25), explicit: true, verbKind: 'impl', pin: 1 },
        { id: 'dsn~b', range: r(2, 10, 17), explicit: true, verbKind: 'utest', pin: 2 },
      ]);
    });
  });

  describe('Markdown items', () => {
    it('reads a full item with exact ranges', () => {
      const result = parse(
        '# Spec', // 0
        '',
        '### Log in With a Password', // 2
        '`req~login.password~2`', // 3
        'Status: approved',
        '',
        'A customer logs in', // 6
        'with a password.',
        '',
        'Rationale:', // 9
        'Customers remember emails.',
        '',
        'Comment:',
        'See the UX study.',
        '',
        'Covers:', // 15
        '* [feat~login~1](#customer-login)', // 16
        '',
        'Depends:',
        '- `req~user-store~3`', // 19
        '',
        'Needs: dsn, uman', // 21
        'Tags: security, login', // 22
        '',
      );
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.definitions, [
        {
          id: 'req~login.password',
          title: 'Log in With a Password',
          status: 'approved',
          needs: ['dsn', 'uman'],
          version: 2,
          tags: ['security', 'login'],
          parents: [{ id: 'req~user-store', range: r(19, 3, 19) }],
          text: 'A customer logs in\nwith a password.\n\nRationale:\nCustomers remember emails.\n\nComment:\nSee the UX study.',
          file: 'doc/spec.md',
          range: r(3, 1, 21),
          fullRange: { start: { line: 2, character: 0 }, end: { line: 22, character: 21 } },
          source: 'oft',
          strictVersion: true,
          exempt: false,
        },
      ]);
      assert.deepEqual(result.references, [{ id: 'feat~login', range: r(16, 3, 15), explicit: true, verbKind: 'req', pin: 1 }]);
    });

    it('reads Needs and Tags as lists, and an item without a title or Needs', () => {
      const [a, b] = parse('`dsn~a~1`', 'Needs:', '- impl', '* `utest`', '+ itest', 'Tags:', '- Team A', '', 'dsn~b~0 text after the ID').definitions;
      assert.deepEqual(a.needs, ['impl', 'utest', 'itest']);
      assert.deepEqual(a.tags, ['Team A']);
      // No title: OFT falls back to the name. No Needs: a terminating item, not the config default.
      assert.equal(b.title, 'b');
      assert.deepEqual(b.needs, []);
      assert.equal(b.version, 0);
      assert.deepEqual(b.range, r(8, 0, 7));
    });

    it('like OFT, takes the last word of a Needs bullet as the artifact type', () => {
      assert.deepEqual(only('`dsn~a~1`', 'Needs:', '- itest (integration test)').needs, ['test']);
    });

    it('keeps a title across blank lines only, and reads underlined titles', () => {
      assert.equal(only('## Title', '', '', '`req~a~1`').title, 'Title');
      assert.equal(only('## Title', 'some text', '`req~a~1`').title, 'a');
      assert.equal(only('A Title', '-------', '`req~a~1`').title, 'A Title');
      assert.equal(only('## Title ##', '`req~a~1`').title, 'Title');
    });

    it('ends an item at the next heading, ID line or forward', () => {
      const { definitions } = parse('`req~a~1`', 'Text.', 'req~b~1 starts an item: the ID opens the line', '## Next', '`req~c~1`', 'Needs: impl', '* `dsn-->impl:req~d~1`', 'Needs: utest');
      assert.deepEqual(
        definitions.map((d) => [d.id, d.needs, d.fullRange.start.line, d.fullRange.end.line]),
        [
          ['req~a', [], 0, 1],
          ['req~b', [], 2, 2],
          ['req~c', ['impl'], 3, 5],
          // The forward ended req~c: the last Needs belongs to nobody (as the OFT user guide warns).
          ['dsn~d', ['impl'], 6, 6],
        ],
      );
    });

    it('reads a forward as an item that covers the original and needs the targets', () => {
      const result = parse('# Forwards', '', '* `arch --> dsn, itest : req~web-ui~3`');
      assert.deepEqual(
        result.definitions.map((d) => ({ id: d.id, version: d.version, needs: d.needs, range: d.range })),
        [{ id: 'arch~web-ui', version: 3, needs: ['dsn', 'itest'], range: r(2, 3, 7) }],
      );
      assert.deepEqual(result.references, [{ id: 'req~web-ui', range: r(2, 25, 37), explicit: true, verbKind: 'arch', pin: 3 }]);
    });

    it('ignores a forward inside a description', () => {
      const result = parse('`req~a~1`', 'Some text', 'arch --> dsn : req~b~1');
      assert.deepEqual(result.definitions.map((d) => d.id), ['req~a']);
      assert.deepEqual(result.references, []);
    });

    it('takes the last ID of a Covers bullet, located where it is first written', () => {
      const result = parse('`dsn~a~1`', 'Covers:', '* [`req~b~2`](other.md#req~b~2)', 'text that is not a bullet: req~c~1');
      assert.deepEqual(result.references, [{ id: 'req~b', range: r(2, 4, 11), explicit: true, verbKind: 'dsn', pin: 2 }]);
    });

    it('skips oft:off regions but reads code blocks, as OFT does', () => {
      const result = parse(
        '<!-- oft:off -->',
        '`req~off~1`',
        '<!-- [impl->req~x~1] -->',
        '<!-- oft:on -->',
        '```markdown',
        '`req~fenced~1`',
        '```',
        '',
        '`req~real~1`',
        'Description:',
        '~~~',
        'Needs: impl',
        '~~~',
        'Needs: dsn',
      );
      // OFT's Markdown importer knows no code blocks: an ID line in a fence is an item, a keyword a keyword.
      assert.deepEqual(result.definitions.map((d) => [d.id, d.needs]), [
        ['req~fenced', []],
        ['req~real', ['impl', 'dsn']],
      ]);
      assert.deepEqual(result.references, []);
    });

    it('reads tags in standalone one-line HTML comments only', () => {
      const result = parse('Tags look like [impl->dsn~a~1].', '  <!-- [uman->req~b~2] -->  ', 'x <!-- [uman->req~c~1] -->', '<!--', '[uman->req~d~1]', '-->');
      assert.deepEqual(result.references, [{ id: 'req~b', range: r(1, 14, 21), explicit: true, verbKind: 'uman', pin: 2 }]);
    });

    it('reads statuses as OFT does: only approved, proposed and draft, lowercase; others are text and warn', () => {
      assert.equal(only('`req~a~1`', 'Status: draft').status, 'draft');
      assert.equal(only('`req~a~1`', 'Status: proposed').exempt, false);
      for (const status of ['Status: rejected', 'Status: Approved', 'Status: done']) {
        const bad = parse('`req~a~1`', status, 'Needs: dsn', '', 'Text', 'Status: approved');
        assert.equal(bad.definitions[0].status, undefined, status);
        assert.deepEqual(bad.definitions[0].needs, ['dsn']);
        assert.deepEqual(
          bad.problems.map((p) => [p.code, p.severity, p.range]),
          [
            ['invalid-spec', 'warning', r(1, 0, status.length)],
            ['invalid-spec', 'warning', r(5, 0, 16)],
          ],
        );
      }
    });

    it('warns about an inline Covers or Depends, which OFT does not read', () => {
      const result = parse('`dsn~a~1`', 'Covers: req~b~1', 'Depends: req~c~1');
      assert.deepEqual(result.references, []);
      assert.deepEqual(result.definitions[0].parents, []);
      assert.deepEqual(
        result.problems.map((p) => [p.code, p.range.start.line, p.message]),
        [
          ['invalid-spec', 1, 'OpenFastTrace reads Covers only as a bullet list: write "Covers:" and then one "* req~b~1" line per ID'],
          ['invalid-spec', 2, 'OpenFastTrace reads Depends only as a bullet list: write "Depends:" and then one "* req~c~1" line per ID'],
        ],
      );
    });
  });

  describe('in the engine', () => {
    const SPEC = [
      '### Login', // 0
      '`req~login~2`',
      '',
      'Users log in.',
      '',
      'Needs: dsn',
      '',
      '### Password Check', // 7
      '`dsn~password-check~2`',
      '',
      'Covers:',
      '* req~login~2', // 11
      '',
      'Needs: impl, utest',
      '',
      '### Old Login', // 15
      '`dsn~old~1`',
      'Status: draft',
      '',
      'Needs: impl',
      '',
    ].join('\n');

    async function engineFor(files: Record<string, string>, dialects = ['oft']): Promise<Engine> {
      return createEngine({ host: new MemoryHost(files), dialects });
    }

    it('traces by OFT rules: outdated, predated, orphaned and missing coverage', async () => {
      const engine = await engineFor({
        'doc/spec.md': SPEC,
        'src/Login.java': '// [impl->dsn~password-check~1]\nclass Login {}\n',
        'src/login.ts': 'const tag = "[impl->dsn~password-check~2]";\n// [impl->dsn~remember-me~1]\n',
        'doc/model.puml': "' [utest->dsn~password-check~3]\n",
      });
      assert.deepEqual(diagKeys(engine), [
        'doc/model.puml:1:11 stale-reference',
        'doc/spec.md:9:2 uncovered-requirement',
        'doc/spec.md:17:2 uncovered-requirement',
        'src/Login.java:1:11 stale-reference',
        'src/login.ts:2:11 unknown-requirement',
      ]);
      const report = buildReport(engine);
      const check = report.requirements.find((q) => q.id === 'dsn~password-check');
      assert.deepEqual(check?.references, { impl: 1, test: 0 });
      assert.deepEqual(check?.missing, ['utest']);
      // OFT traces a draft like any item.
      assert.equal(report.requirements.find((q) => q.id === 'dsn~old')?.covered, false);
      assert.equal(report.summary.requirements, 3);
      assert.deepEqual(
        report.requirements.map((q) => [q.id, q.oftStatus]),
        [
          ['req~login', 'uncovered'],
          ['dsn~password-check', 'outdated'],
          ['dsn~old', 'uncovered'],
        ],
      );
    });

    it("reports unwanted coverage, checks a tag item's own >> needs, and gives each item OFT's status", async () => {
      const engine = await engineFor({
        'doc/spec/spec.md': [
          '`feat~shop~1`', // 0
          'Needs: req',
          '',
          '`req~login~1`', // 3
          'Covers:',
          '* feat~shop~1',
          'Needs: dsn',
          '',
          '`req~logout~1`', // 8
          'Status: draft',
          'Covers:',
          '* feat~shop~1',
          'Needs: dsn',
          '',
          '`dsn~login~1`', // 14
          'Covers:',
          '* req~login~1',
          'Needs: impl',
          '',
        ].join('\n'),
        'src/main/java/Login.java': '// [impl->dsn~login~1>>utest]\n// [utest->dsn~login~1]\n',
        'src/test/java/LoginTest.java': '// [utest->impl~login~0]\n',
      });
      assert.deepEqual(diagKeys(engine), ['doc/spec/spec.md:9:2 uncovered-requirement', 'src/main/java/Login.java:2:12 unwanted-coverage']);
      assert.match(engine.diagnostics().find((d) => d.code === 'unwanted-coverage')!.message, /^utest covers dsn~login~1, which does not need utest \(needs impl\)/);
      const report = buildReport(engine);
      assert.deepEqual(
        report.requirements.map((q) => [q.id, q.covered, q.oftStatus]),
        [
          ['feat~shop', true, 'uncovered'],
          ['req~login', true, 'covered'],
          ['req~logout', false, 'uncovered'],
          ['dsn~login', true, 'unwanted'],
          ['impl~login', true, 'covered'],
        ],
      );
      assert.equal(report.requirements.find((q) => q.id === 'impl~login')?.file, 'src/main/java/Login.java');
      assert.match(hoverMarkdown(engine, 'feat~shop'), /OpenFastTrace: not ok \(uncovered\)/);
    });

    it('a tag item that needs coverage and lacks it is uncovered at the tag', async () => {
      const engine = await engineFor({
        'doc/spec.md': '`dsn~a~1`\nNeeds: impl\n',
        'src/A.java': '// [impl->dsn~a~1>>utest, itest]\n',
        'src/ATest.java': '// [utest->impl~a~0]\n',
      });
      assert.deepEqual(diagKeys(engine), ['src/A.java:1:11 uncovered-requirement']);
      assert.match(engine.diagnostics()[0].message, /impl~a has no itest coverage/);
    });

    it('two revisions are two items, not duplicates; coverage of one does not cover the other', async () => {
      const engine = await engineFor({
        'doc/spec.md': '`req~a~1`\nNeeds: impl\n\n`req~a~2`\nNeeds: impl\n\n`req~b~1`\nNeeds: impl\n\n`req~b~1`\nNeeds: impl\n',
        'src/A.java': '// [impl->req~a~1]\n',
      });
      assert.deepEqual(diagKeys(engine), [
        'doc/spec.md:4:2 uncovered-requirement',
        'doc/spec.md:7:2 duplicate-requirement',
        'doc/spec.md:7:2 uncovered-requirement',
        'doc/spec.md:10:2 duplicate-requirement',
        'doc/spec.md:10:2 uncovered-requirement',
      ]);
      assert.deepEqual(
        buildReport(engine).requirements.map((q) => [q.id, q.version, q.oftStatus]),
        [
          ['req~a', 1, 'covered'],
          ['req~a', 2, 'uncovered'],
          ['req~b', 1, 'duplicate'],
          ['req~b', 1, 'duplicate'],
        ],
      );
    });

    it('an undefined Depends is only an info: OFT does not trace it', async () => {
      const engine = await engineFor({ 'doc/spec.md': '`req~a~1`\nDepends:\n* req~gone~1\n' });
      assert.deepEqual(
        engine.diagnostics().map((d) => [d.code, d.severity]),
        [['broken-link', 'info']],
      );
    });

    it('needs no reqtrace.yaml and reads nothing of OFT without the dialect', async () => {
      // OFT reads tags from its tag importer's extensions only: not from .txt or .tsx.
      const files = { 'doc/spec.md': SPEC, 'src/Login.java': '// [impl->dsn~nothing~1]\n', 'notes.txt': '[impl->dsn~nothing~1]\n', 'src/a.tsx': '// [impl->dsn~nothing~1]\n' };
      assert.deepEqual(diagKeys(await engineFor(files, [])), []);
      assert.deepEqual(diagKeys(await engineFor(files)), [
        'doc/spec.md:9:2 uncovered-requirement',
        'doc/spec.md:17:2 uncovered-requirement',
        'src/Login.java:1:11 unknown-requirement',
      ]);
    });

    it('answers hover, definition and references on tags and items', async () => {
      const engine = await engineFor({ 'doc/spec.md': SPEC, 'src/Login.java': '// [impl->dsn~password-check~2]\n' });
      const onTag = targetAt(engine, 'src/Login.java', { line: 0, character: 15 });
      assert.deepEqual(onTag, { id: 'dsn~password-check', kind: 'reference', range: r(0, 10, 30) });
      assert.deepEqual(definitionLocations(engine, onTag!), [{ file: 'doc/spec.md', range: r(8, 1, 21) }]);
      assert.match(hoverMarkdown(engine, 'dsn~password-check'), /\*\*dsn~password-check\*\*: Password Check/);
      const onCovers = targetAt(engine, 'doc/spec.md', { line: 11, character: 4 });
      assert.equal(onCovers?.id, 'req~login');
      assert.deepEqual(referenceLocations(engine, 'req~login', false), [{ file: 'doc/spec.md', range: r(11, 2, 13) }]);
    });
  });
});
