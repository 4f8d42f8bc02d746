import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import {
  compareUids,
  doorstopDialect,
  doorstopFingerprint,
  parseDoorstopDocument,
  isDoorstopItem,
  loadText,
  parseDoorstopItem,
  pyRepr,
  scanDoorstopReferences,
} from '../../server/src/core/dialects/doorstop';
import type { DialectContext } from '../../server/src/core/dialects/dialect';
import { createIdMatcher } from '../../server/src/core/idPattern';
import { LineIndex } from '../../server/src/core/lineIndex';
import { completions, definitionLocations, hoverMarkdown, referenceLocations, targetAt } from '../../server/src/core/engine/queries';
import { buildReport } from '../../server/src/core/engine/report';
import type { Range } from '../../server/src/core/types';
import { assertRangeInside, Doc, fuzzParams, mutated, timed } from './fuzz-support';
import { engineFor, diagKeys } from './engineHelpers';

function r(line: number, start: number, end: number, endLine = line): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function ctxWith(...files: string[]): DialectContext {
  return { ids: createIdMatcher(), config: {} as DialectContext['config'], fileExists: (p) => files.includes(p) };
}

/** Doorstop's fingerprint of an item with this UID and text (no ref), as Doorstop writes it into links. */
function fp(uid: string, text: string): string {
  return doorstopFingerprint(uid, text, '');
}

function item(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

const REQ001 = item(
  'active: true', //                                          0
  'derived: false', //                                        1
  'header: |', //                                             2
  '  Password login', //                                      3
  'level: 1.1', //                                            4
  'links: []', //                                             5
  'normative: true', //                                       6
  "ref: ''", //                                               7
  'reviewed: null', //                                        8
  'text: |', //                                               9
  '  Users **shall** log in with a password.', //            10
);

function llr(stamp: string): string {
  return item(
    'active: true', //                    0
    'header: ""', //                      1
    'links:', //                          2
    `- REQ001: ${stamp}`, //              3
    'normative: true', //                 4
    'text: |', //                         5
    '  The form posts to /session.', //   6
  );
}



describe('Doorstop dialect', () => {
  describe('fingerprints', () => {
    it("reproduces Doorstop's own: reqs/REQ004.yml of doorstop-dev/doorstop, stored in TUT017's link", () => {
      // At commit 044f26c4 REQ004 has no links, so its `reviewed` equals its link fingerprint.
      const text = 'Doorstop **shall** support formatting within linkable text.';
      assert.equal(doorstopFingerprint('REQ004', text, ''), 'T2tSkn27DO3GXvagwOgNNLvhW4FPNg9gyLfru-l9hWQ=');
      const parsed = parseDoorstopItem(
        item('active: true', 'header: |', '  Formatting', 'level: 2.2', 'links: []', "ref: ''", 'text: |', `  ${text}`),
        'reqs/REQ004.yml',
      );
      assert.equal(parsed.definitions[0].fingerprint, 'T2tSkn27DO3GXvagwOgNNLvhW4FPNg9gyLfru-l9hWQ=');
    });

    it('hashes references as Python prints the normalised list (type, stripped path, keyword)', () => {
      // Computed with Python's str() and hashlib, as Item.stamp() does.
      const refs = `[{'type': 'file', 'path': 'tests/test1.cpp', 'keyword': 'REQ1'}, {'type': 'file', 'path': "it's.c"}]`;
      assert.equal(doorstopFingerprint('REQ001', 'Check the files.', '', refs), 'jGAmyjM8W0QKKwacGNymuGkK1B51ebL9Of0QZzVJzGM=');
      const parsed = parseDoorstopItem(
        item(
          'references:',
          '- path: tests/test1.cpp ',
          '  type: file',
          '  keyword: REQ1',
          '  sha: 24d9b35c',
          "- {type: file, path: \"it's.c\"}",
          'text: Check the files.',
        ),
        'reqs/REQ001.yml',
      );
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.definitions[0].fingerprint, 'jGAmyjM8W0QKKwacGNymuGkK1B51ebL9Of0QZzVJzGM=');
    });

    it("computes the review stamp as Doorstop's Item.stamp(links=True): TUT010 and TUT003 of doorstop-dev/doorstop", () => {
      const tut010 = item(
        'active: true',
        'derived: false',
        "header: ''",
        'level: 2.2',
        'links:',
        '- REQ007: N4qTPlDi0z6kClsYAWlTsYPYWPylyr5KscMlxyYlzbA=',
        'normative: true',
        "ref: ''",
        'reviewed: ngBTlPb2ceCpLCYx6k8-dubKS0mHe-5rWRzx0JxmmCk=',
        'text: |',
        '  **Publishing All Documents as an HTML Directory**',
        '',
        '  Enter VCS working copy:',
        '',
        '      $ cd /tmp/doorstop',
        '',
        '  Create an HTML directory for all documents:',
        '',
        '      $ doorstop publish all path/to/htmldir',
      );
      const def = parseDoorstopItem(tut010, 'reqs/tutorial/TUT010.yml').definitions[0];
      assert.deepEqual(def.review, { stored: 'ngBTlPb2ceCpLCYx6k8-dubKS0mHe-5rWRzx0JxmmCk=', current: 'ngBTlPb2ceCpLCYx6k8-dubKS0mHe-5rWRzx0JxmmCk=', range: r(8, 10, 54) });
      const tut003 = item('active: true', "header: ''", 'level: 1', 'links: []', "ref: ''", 'reviewed: CFQ_a9SPDWwyv_Sw-k8Vkm4XnC3tDkwRXAYZ9bk_IQ8=', "text: ''");
      const empty = parseDoorstopItem(tut003, 'reqs/tutorial/TUT003.yml').definitions[0];
      assert.equal(empty.review?.current, 'CFQ_a9SPDWwyv_Sw-k8Vkm4XnC3tDkwRXAYZ9bk_IQ8=');
      // Links enter the stamp in Doorstop's UID order, not as written.
      assert.equal(doorstopFingerprint('X1', '', '', undefined, ['REQ2', 'REQ10']), parseDoorstopItem(item('links: [REQ10, REQ2]', 'reviewed: abc'), 'd/X1.yml').definitions[0].review?.current);
      // Not reviewed yet (null, false) or `reviewed: true` ("matches"): nothing to compare.
      for (const v of ['null', 'false', "''", 'true', 'yes']) assert.equal(parseDoorstopItem(item(`reviewed: ${v}`, 'text: a'), 'd/X1.yml').definitions[0].review, undefined, v);
    });

    it("normalises text as Doorstop's Text.load_text and prints values as Python's repr", () => {
      assert.equal(loadText('\n\nabc  \ndef\t\n\n\n'), 'abc\ndef');
      assert.equal(pyRepr('tab\there\x01é\u200b'), "'tab\\there\\x01é\\u200b'");
      assert.equal(pyRepr('a\\b'), "'a\\\\b'");
      assert.equal(pyRepr('"q"'), `'"q"'`);
      assert.equal(pyRepr(`both ' and "`), `'both \\' and "'`);
      assert.equal(pyRepr(null), 'None');
      assert.equal(pyRepr(true), 'True');
      assert.equal(pyRepr(12), '12');
    });
  });

  describe('which files are items', () => {
    const ctx = ctxWith('reqs/.doorstop.yml', '.doorstop.yml');

    it('claims UID-named YAML files next to a .doorstop.yml', () => {
      assert.equal(isDoorstopItem('reqs/REQ001.yml', ctx), true);
      assert.equal(isDoorstopItem('reqs/REQ-001.YAML', ctx), true);
      assert.equal(isDoorstopItem('reqs/TST.042.yml', ctx), true);
      assert.equal(isDoorstopItem('REQ001.yml', ctx), true);
    });

    it('leaves the document file, non-UID names, other folders and other extensions alone', () => {
      const only = ctxWith('reqs/.doorstop.yml');
      assert.equal(isDoorstopItem('reqs/.doorstop.yml', only), false);
      assert.equal(isDoorstopItem('reqs/index.yml', only), false);
      assert.equal(isDoorstopItem('docs/REQ001.yml', only), false);
      assert.equal(isDoorstopItem('reqs/REQ001.md', only), false);
      assert.equal(doorstopDialect.parseSpec?.('text: x\n', 'docs/REQ001.yml', only), undefined);
    });

    it('claims items in sub-folders of a document, as Doorstop walks them, unless the document is skipped', () => {
      assert.equal(isDoorstopItem('reqs/assets/REQ001.yml', ctxWith('reqs/.doorstop.yml')), true);
      assert.equal(isDoorstopItem('reqs/a/b/REQ001.yml', ctxWith('reqs/.doorstop.yml')), true);
      assert.equal(isDoorstopItem('reqs/REQ001.yml', ctxWith('reqs/.doorstop.yml', 'reqs/.doorstop.skip')), false);
      // The nearest document decides: a skipped child does not skip its parent's items.
      assert.equal(isDoorstopItem('reqs/REQ001.yml', ctxWith('reqs/.doorstop.yml', 'reqs/llr/.doorstop.yml', 'reqs/llr/.doorstop.skip')), true);
      assert.equal(isDoorstopItem('reqs/llr/LLR001.yml', ctxWith('reqs/.doorstop.yml', 'reqs/llr/.doorstop.yml', 'reqs/llr/.doorstop.skip')), false);
    });
  });

  describe('documents', () => {
    it("reads a .doorstop.yml's prefix, parent and extended review attributes", () => {
      assert.deepEqual(parseDoorstopDocument("settings:\n  digits: 3\n  parent: REQ\n  prefix: TUT\n  sep: ''\n").document, { prefix: 'TUT', parent: 'REQ' });
      assert.deepEqual(parseDoorstopDocument('settings:\n  prefix: SYS\nattributes:\n  reviewed: [type]\n').document, { prefix: 'SYS', extendedReview: true });
      // Doorstop's defaults, and a located error for broken YAML.
      assert.deepEqual(parseDoorstopDocument('').document, { prefix: 'REQ' });
      const bad = parseDoorstopDocument('settings: [\n');
      assert.equal(bad.problems[0].code, 'invalid-spec');
    });

    it("orders link UIDs as Doorstop's UID.__lt__ does", () => {
      assert.deepEqual(['REQ10', 'REQ2', 'req1', 'ABC-3', 'REQ-NAME', 'REQ-1'].sort(compareUids), ['ABC-3', 'req1', 'REQ-1', 'REQ-NAME', 'REQ2', 'REQ10'].sort(compareUids));
      assert.ok(compareUids('REQ2', 'REQ10') < 0);
      assert.ok(compareUids('req1', 'REQ2') < 0);
      assert.ok(compareUids('ABC9', 'abd1') < 0);
    });
  });

  describe('items', () => {
    it('reads UID, header, text and the fingerprint with exact ranges', () => {
      const { definitions, problems, references } = parseDoorstopItem(REQ001, 'reqs/REQ001.yml');
      assert.deepEqual(problems, []);
      assert.equal(references, undefined);
      assert.deepEqual(definitions, [
        {
          id: 'REQ001',
          title: 'Password login',
          text: 'Users **shall** log in with a password.',
          needsOnlyIfConfigured: true,
          version: 1,
          fingerprint: fp('REQ001', 'Users **shall** log in with a password.'),
          idIsFileName: true,
          tags: [],
          parents: [],
          file: 'reqs/REQ001.yml',
          range: r(3, 2, 16),
          fullRange: r(0, 0, 0, 11),
          source: 'doorstop',
        },
      ]);
    });

    it('reads links as parents, with the fingerprint each was reviewed at', () => {
      const stamp = fp('REQ001', 'old text');
      const { definitions, references } = parseDoorstopItem(
        item('links:', `- REQ001: ${stamp}`, '- REQ002: null', '- REQ003', `- REQ004:${stamp}`, '- REQ005: 37a3faae380b4e466aaf18c31f2184c0', 'text: x'),
        'reqs/llr/LLR001.yml',
      );
      // No fingerprint for a link without one, nor for a Doorstop 1 (MD5) one.
      assert.deepEqual(definitions[0].parents, [
        { id: 'REQ001', range: r(1, 2, 8), fingerprint: stamp },
        { id: 'REQ002', range: r(2, 2, 8) },
        { id: 'REQ003', range: r(3, 2, 8) },
        { id: 'REQ004', range: r(4, 2, 8), fingerprint: stamp },
        { id: 'REQ005', range: r(5, 2, 8) },
      ]);
      assert.equal(references, undefined);
    });

    it('takes the title from the first line of the text when there is no header, without heading marks', () => {
      const { definitions } = parseDoorstopItem(item("header: ''", 'text: |', '', '  ### Sessions', '', '  More.'), 'reqs/REQ002.yml');
      assert.equal(definitions[0].title, 'Sessions');
      assert.equal(definitions[0].text, '### Sessions\n\nMore.');
      assert.deepEqual(definitions[0].range, r(3, 6, 14));
    });

    it('skips inactive items entirely (YAML 1.1 booleans, as PyYAML reads them)', () => {
      for (const active of ['false', 'no', 'off', "'0'"]) {
        const { definitions, problems } = parseDoorstopItem(item(`active: ${active}`, 'text: x'), 'reqs/REQ003.yml');
        assert.deepEqual([definitions, problems], [[], []], active);
      }
      assert.equal(parseDoorstopItem(item('active: yes', 'text: x'), 'reqs/REQ003.yml').definitions.length, 1);
    });

    it('needs no coverage for non-normative items (headings, comments)', () => {
      const { definitions } = parseDoorstopItem(item('level: 2.0', 'normative: false', 'text: Administration'), 'reqs/REQ004.yml');
      assert.deepEqual(definitions[0].needs, []);
      assert.equal(parseDoorstopItem(item('text: x'), 'reqs/REQ005.yml').definitions[0].needs, undefined);
    });

    it('reads an empty item as one with default values', () => {
      const { definitions, problems } = parseDoorstopItem('', 'reqs/REQ006.yml');
      assert.deepEqual(problems, []);
      assert.deepEqual([definitions[0].id, definitions[0].title, definitions[0].range], ['REQ006', '', r(0, 0, 0)]);
    });

    it('reports YAML errors, a non-mapping item, bad links and bad fields at their place', () => {
      // Only the syntax errors, not their follow-on complaints about the item's shape.
      const syntax = parseDoorstopItem(item('text: [unclosed', 'links: []'), 'reqs/REQ001.yml');
      assert.ok(syntax.problems.length > 0);
      for (const p of syntax.problems) assert.match(p.message, /^YAML syntax: /);

      const list = parseDoorstopItem(item('- a', '- b'), 'reqs/REQ001.yml');
      assert.deepEqual(list.definitions, []);
      assert.deepEqual(list.problems.map((p) => [p.range, p.message]), [[r(0, 0, 3, 1), 'A Doorstop item must be a YAML mapping (text, links, active...)']]);

      const bad = parseDoorstopItem(item('links: REQ001', 'text: [a]'), 'reqs/REQ002.yml');
      assert.deepEqual(
        bad.problems.map((p) => [p.range, p.message, p.requirement]),
        [
          [r(0, 7, 13), `'links' must be a list of parent UIDs`, 'REQ002'],
          [r(1, 6, 9), `'text' must be a string`, 'REQ002'],
        ],
      );

      const entries = parseDoorstopItem(item('links:', '- {REQ001: a, REQ002: b}', '- not a uid', 'text: x'), 'reqs/REQ002.yml');
      assert.deepEqual(
        entries.problems.map((p) => [p.range, p.message]),
        [
          [r(1, 2, 24), 'A link must be a parent UID, or `UID: fingerprint`'],
          [r(2, 2, 11), `'not a uid' is not a Doorstop UID`],
        ],
      );
      assert.deepEqual(entries.definitions[0].parents, []);
    });
  });

  describe('completion', () => {
    it('completes parent UIDs in the links of an item, not in its text', () => {
      const site = doorstopDialect.completionAt?.('- RE', 'reqs/llr/LLR001.yml', false);
      assert.equal(site?.typed, 'RE');
      assert.equal(doorstopDialect.completionAt?.('- ', 'reqs/llr/LLR001.yml', false)?.typed, '');
      assert.equal(doorstopDialect.completionAt?.('  - RE', 'reqs/llr/LLR001.yml', false), undefined);
      assert.equal(doorstopDialect.completionAt?.('- RE', 'reqs/index.yml', false), undefined);
    });
  });

  describe('references in code', () => {
    const house = createIdMatcher();
    const scan = (text: string, language = 'python') => scanDoorstopReferences(text, lexComments(text, language), new LineIndex(text), house);

    it('finds UIDs after verbs and bare, with exact ranges, and ignores pins', () => {
      const text = '# @impl LLR001, LLR002@3\n# see REQ001 and LLR.042\nx = "REQ009"  # Verifies: TST7\n';
      assert.deepEqual(scan(text), [
        { id: 'LLR001', range: r(0, 8, 14), explicit: true, verbKind: 'impl' },
        { id: 'LLR002', range: r(0, 16, 22), explicit: true, verbKind: 'impl' },
        { id: 'REQ001', range: r(1, 6, 12), explicit: false },
        { id: 'LLR.042', range: r(1, 17, 24), explicit: false },
        { id: 'TST7', range: r(2, 26, 30), explicit: true, verbKind: 'test' },
      ]);
    });

    it('leaves house IDs to the house scanner and sphinx-needs IDs alone', () => {
      assert.deepEqual(scan('// @impl REQ-001, REQ_001, req001, sha256\n', 'typescript'), []);
    });
  });

  describe('in the engine', () => {
    const files = {
      'reqs/.doorstop.yml': "settings:\n  digits: 3\n  prefix: REQ\n  sep: ''\n",
      'reqs/REQ001.yml': REQ001,
      'reqs/REQ003.yml': item('active: false', 'text: Single sign-on.'),
      'reqs/llr/.doorstop.yml': "settings:\n  digits: 3\n  parent: REQ\n  prefix: LLR\n  sep: ''\n",
      'reqs/llr/LLR001.yml': llr(fp('REQ001', 'Users **shall** log in with a password.')),
      'reqs/llr/LLR002.yml': item('links:', '- REQ003', '- REQ009', 'text: Idle timer.'),
      'src/login.py': '# @impl REQ001, LLR001, LLR002\n# @impl REQ003\ndef login(): pass\n',
      'tests/test_login.py': '# @test REQ001, LLR001, LLR002\n',
    };

    it('turns on by the .doorstop.yml marker, without configuration', async () => {
      const engine = await engineFor(files);
      assert.deepEqual(
        engine.dialects.map((d) => d.name),
        ['doorstop'],
      );
      assert.deepEqual(engine.index.definedIds(), ['LLR001', 'LLR002', 'REQ001']);
      assert.deepEqual(diagKeys(engine), [
        'reqs/llr/LLR002.yml:2:3 broken-link', // the inactive REQ003
        'reqs/llr/LLR002.yml:3:3 broken-link',
        'src/login.py:2:9 unknown-requirement', // the inactive REQ003
      ]);
    });

    describe("Doorstop's coverage model: child links", () => {
      const tree = {
        'reqs/sys/.doorstop.yml': "settings:\n  prefix: SYS\n  sep: ''\n",
        'reqs/sys/SYS000.yml': item('level: 1.0', 'normative: false', 'text: Overview'),
        'reqs/sys/SYS001.yml': item('text: Linked by a HLR item.'),
        'reqs/sys/SYS002.yml': item('text: Linked by a TST item only.'),
        'reqs/sys/SYS003.yml': item('text: Linked by nobody.'),
        'reqs/sys/SYS004.yml': item('derived: true', 'text: Derived, linked by nobody.'),
        'reqs/hlr/.doorstop.yml': "settings:\n  prefix: HLR\n  parent: SYS\n  sep: ''\n",
        'reqs/hlr/HLR001.yml': item('links: [SYS001]', 'text: A leaf item.'),
        'reqs/hlr/sub/HLR002.yml': item('links: [SYS003]', 'active: false', 'text: Inactive.'),
        'reqs/tst/.doorstop.yml': "settings:\n  prefix: TST\n  parent: SYS\n  sep: ''\n",
        'reqs/tst/TST001.yml': item('links: [SYS002]', 'text: A test item.'),
        'src/a.py': '# @impl HLR001\n',
      };

      it('a normative item of a parent document needs a link from an item of a child document; leaves need nothing', async () => {
        const engine = await engineFor(tree);
        assert.deepEqual(diagKeys(engine), ['reqs/sys/SYS003.yml:1:7 uncovered-requirement', 'reqs/sys/SYS004.yml:2:7 uncovered-requirement']);
        assert.equal(
          engine.diagnostics()[0].message,
          'SYS003 has no links from child document HLR, TST: no HLR or TST item links to it',
        );
        const report = buildReport(engine);
        const req = (id: string) => report.requirements.find((q) => q.id === id)!;
        assert.deepEqual([req('SYS001').needs, req('SYS001').references], [['child-link'], { impl: 0, test: 0, 'child-link': 1 }]);
        assert.deepEqual([req('SYS000').needs, req('HLR001').needs, req('TST001').needs], [[], [], []]);
        // Code references still count and show.
        assert.deepEqual(req('HLR001').references, { impl: 1, test: 0 });
        assert.match(hoverMarkdown(engine, 'SYS003'), /Coverage: uncovered: child-link \(0 child-link\)/);
      });

      it('with `needs` in reqtrace.yaml, every item also needs that coverage', async () => {
        const engine = await engineFor({ ...tree, 'reqtrace.yaml': 'needs: [impl]\n' });
        assert.deepEqual(diagKeys(engine), [
          'reqs/sys/SYS001.yml:1:7 uncovered-requirement',
          'reqs/sys/SYS002.yml:1:7 uncovered-requirement',
          'reqs/sys/SYS003.yml:1:7 uncovered-requirement',
          'reqs/sys/SYS004.yml:2:7 uncovered-requirement',
          'reqs/tst/TST001.yml:2:7 uncovered-requirement',
        ]);
        assert.match(engine.diagnosticsFor('reqs/sys/SYS003.yml')[0].message, /no links from child document HLR, TST: .*, and no impl coverage \(needs impl\)/);
      });

      it('a link made or removed in a child re-checks the parent', async () => {
        const engine = await engineFor(tree);
        const change = engine.updateText('reqs/tst/TST001.yml', item('links: [SYS002, SYS003]', 'text: A test item.'));
        assert.ok(engine.affectedFiles('reqs/tst/TST001.yml', change).has('reqs/sys/SYS003.yml'));
        assert.deepEqual(engine.diagnosticsFor('reqs/sys/SYS003.yml'), []);
        // The child document loses its parent: SYS has no child documents left but HLR.
        const docChange = engine.updateText('reqs/tst/.doorstop.yml', "settings:\n  prefix: TST\n  sep: ''\n");
        assert.ok(engine.affectedFiles('reqs/tst/.doorstop.yml', docChange).has('reqs/sys/SYS002.yml'));
        assert.deepEqual(engine.diagnosticsFor('reqs/sys/SYS002.yml').map((d) => d.code), ['uncovered-requirement']);
      });

      it("reports Doorstop's unreviewed changes, unless the document hashes extra attributes", async () => {
        const stamp = doorstopFingerprint('HLR001', 'A leaf item.', '', undefined, ['SYS001']);
        const reviewed = (s: string) => item('links: [SYS001]', `reviewed: ${s}`, 'text: A leaf item.');
        const ok = await engineFor({ ...tree, 'reqs/hlr/HLR001.yml': reviewed(stamp) });
        assert.deepEqual(ok.diagnosticsFor('reqs/hlr/HLR001.yml'), []);
        const stale = await engineFor({ ...tree, 'reqs/hlr/HLR001.yml': reviewed(fp('HLR001', 'Old text.')) });
        assert.deepEqual(
          stale.diagnosticsFor('reqs/hlr/HLR001.yml').map((d) => [d.code, d.severity, d.range.start.line, d.message]),
          [['unreviewed-item', 'warning', 1, 'HLR001 has unreviewed changes: its reviewed stamp differs from its current fingerprint; review it, then run doorstop review HLR001']],
        );
        const extended = await engineFor({
          ...tree,
          'reqs/hlr/.doorstop.yml': "settings:\n  prefix: HLR\n  parent: SYS\nattributes:\n  reviewed: [type]\n",
          'reqs/hlr/HLR001.yml': reviewed(fp('HLR001', 'Old text.')),
        });
        assert.deepEqual(extended.diagnosticsFor('reqs/hlr/HLR001.yml'), []);
      });
    });

    it('without a .doorstop.yml the same files are plain YAML', async () => {
      const engine = await engineFor({ 'reqs/REQ001.yml': REQ001, 'src/a.py': '# @impl REQ001\n' });
      assert.deepEqual(engine.dialects, []);
      assert.deepEqual(engine.index.definedIds(), []);
    });

    it('reports a link whose parent changed since its review as stale, also after an edit of the parent', async () => {
      const engine = await engineFor({ ...files, 'reqs/llr/LLR001.yml': llr(fp('REQ001', 'Users log in.')) });
      assert.ok(diagKeys(engine).includes('reqs/llr/LLR001.yml:4:3 stale-reference'));

      // The parent's text goes back to what the child reviewed: no longer suspect.
      const change = engine.updateText('reqs/REQ001.yml', REQ001.replace('Users **shall** log in with a password.', 'Users log in.'));
      assert.ok(engine.affectedFiles('reqs/REQ001.yml', change).has('reqs/llr/LLR001.yml'));
      assert.ok(!diagKeys(engine).some((k) => k.includes('stale-reference')));

      // And away again.
      engine.updateText('reqs/REQ001.yml', REQ001.replace('with a password', 'with a passkey'));
      const stale = engine.diagnosticsFor('reqs/llr/LLR001.yml').filter((d) => d.code === 'stale-reference');
      assert.deepEqual(stale.map((d) => [d.range, d.requirement]), [[r(3, 2, 8), 'REQ001']]);
    });

    it('serves hover, definition, references and completion as for house requirements', async () => {
      const engine = await engineFor(files);
      const target = targetAt(engine, 'src/login.py', { line: 0, character: 10 });
      assert.deepEqual(target, { id: 'REQ001', kind: 'reference', range: r(0, 8, 14) });
      assert.match(hoverMarkdown(engine, 'REQ001'), /^\*\*REQ001\*\*: Password login\n[\s\S]*Coverage: 1 child-link · 1 impl · 1 test[\s\S]*Users \*\*shall\*\* log in with a password\./);
      assert.deepEqual(definitionLocations(engine, target!), [{ file: 'reqs/REQ001.yml', range: r(3, 2, 16) }]);
      // From the parent link in the child item, too.
      const link = targetAt(engine, 'reqs/llr/LLR001.yml', { line: 3, character: 4 });
      assert.deepEqual(link && definitionLocations(engine, link), [{ file: 'reqs/REQ001.yml', range: r(3, 2, 16) }]);
      assert.deepEqual(
        referenceLocations(engine, 'REQ001', false).map((l) => l.file),
        ['src/login.py', 'tests/test_login.py'],
      );
      assert.deepEqual(
        completions(engine, 'LLR').map((c) => [c.id, c.title]),
        [
          ['LLR001', 'The form posts to /session.'],
          ['LLR002', 'Idle timer.'],
        ],
      );
    });
  });

  describe('fuzz', () => {
    const samples = [REQ001, llr(fp('REQ001', 'x')), item('links:', '- REQ001', 'references:', '- {path: a, type: file}', 'text: y')];
    const tokens = ['\n', '  ', '- ', ': ', 'links:', 'text: |', 'active: ', 'false', 'null', 'REQ001', '[', ']', '{', '}', '&a ', '*a', '"', "'", '#', '\t', '\r'];

    it('never throws and keeps every range inside the item', () => {
      fc.assert(
        fc.property(mutated(samples, tokens), (text) => {
          const result = timed('parseDoorstopItem', text, () => parseDoorstopItem(text, 'reqs/REQ001.yml'));
          const doc = new Doc(text);
          for (const d of result.definitions) {
            assertRangeInside(doc, d.range, 'definition');
            for (const p of d.parents) assertRangeInside(doc, p.range, `parent ${p.id}`);
            assert.ok(Number.isInteger(d.version) && d.version > 0);
          }
          for (const p of result.problems) assertRangeInside(doc, p.range, p.message);
        }),
        fuzzParams(300),
      );
    });
  });
});
