import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lexComments } from '../../server/src/core/parse/commentLexer';
import {
  doorstopDialect,
  doorstopFingerprint,
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
      assert.equal(isDoorstopItem('reqs/.doorstop.yml', ctx), false);
      assert.equal(isDoorstopItem('reqs/index.yml', ctx), false);
      assert.equal(isDoorstopItem('reqs/assets/REQ001.yml', ctx), false);
      assert.equal(isDoorstopItem('docs/REQ001.yml', ctx), false);
      assert.equal(isDoorstopItem('reqs/REQ001.md', ctx), false);
      assert.equal(doorstopDialect.parseSpec?.('text: x\n', 'docs/REQ001.yml', ctx), undefined);
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
      assert.match(hoverMarkdown(engine, 'REQ001'), /^\*\*REQ001\*\*: Password login\n[\s\S]*Coverage: 1 impl · 1 test[\s\S]*Users \*\*shall\*\* log in with a password\./);
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
