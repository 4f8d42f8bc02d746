/**
 * Releases from the dialects: `release: {<dialect>: NAME}` in reqtrace.yaml
 * (its validation, each error at its place), each dialect reading the named
 * attribute, option or field, and the release reaching hover, report and
 * grouping through an in-memory engine. Also how `reqtrace diff` compares
 * releases: a release-only change is a change, never a suspect.
 */
import * as assert from 'node:assert/strict';
import { parseDoorstopItem } from '../../server/src/core/dialects/doorstop';
import { parseNeedsJson } from '../../server/src/core/dialects/sphinxNeeds';
import { parseSdoc } from '../../server/src/core/dialects/strictDoc';
import { changedFields, requirementSide } from '../../server/src/core/compare/requirementChanges';
import { contentKey } from '../../server/src/core/compare/requirementHistory';
import { hoverMarkdown } from '../../server/src/core/engine/queries';
import { buildReport } from '../../server/src/core/engine/report';
import { groupRequirements } from '../../server/src/core/engine/reportGroups';
import { defaultConfig, parseConfig } from '../../server/src/core/workspace/config';
import type { FileProblem } from '../../server/src/core/types';
import { engineFor } from './engineHelpers';

/** `line:column message` (1-based) of each problem. */
const located = (problems: FileProblem[]) => problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`);

describe('release mapping in reqtrace.yaml', () => {
  it('maps each dialect with a place for a release to the name of that place', () => {
    const { config, problems } = parseConfig('release:\n  doorstop: target_release\n  sphinx-needs: release\n  strictdoc: RELEASE\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.release, { doorstop: 'target_release', 'sphinx-needs': 'release', strictdoc: 'RELEASE' });
    assert.deepEqual(defaultConfig().release, {});
  });

  it('reports a bad mapping at its entry, and keeps the good entries', () => {
    const { config, problems } = parseConfig(
      [
        'release:',
        '  doorstop: text', // a standard attribute
        '  tracey: version', // no fields at all
        '  jira: fixVersion', // no such dialect
        '  strictdoc: release', // not a StrictDoc field name
        '  sphinx-needs: [a, b]', // not a name
        '  oft: Release',
        '',
      ].join('\n'),
    );
    assert.deepEqual(located(problems), [
      "2:13 'release' of doorstop: 'text' cannot hold the release: it is a standard Doorstop attribute; name an extended attribute such as 'target_release'",
      "3:3 'release': tracey items have no field that could hold a release (a mapping is possible for doorstop, sphinx-needs, strictdoc)",
      "4:3 'release': unknown dialect 'jira' (known: doorstop, sphinx-needs, strictdoc)",
      "5:14 'release' of strictdoc: 'release' cannot hold the release: a StrictDoc field name is uppercase letters, digits and _",
      "6:17 'release' of sphinx-needs must name a need option (one of needs_extra_options)",
      "7:3 'release': oft items have no field that could hold a release (a mapping is possible for doorstop, sphinx-needs, strictdoc)",
    ]);
    assert.ok(problems.every((p) => p.code === 'invalid-config' && p.severity === 'error'));
    assert.deepEqual(config.release, {});

    const notMap = parseConfig('release: target_release\n');
    assert.deepEqual(located(notMap.problems), ["1:10 'release' must map dialects to the field that holds a requirement's release, such as 'doorstop: target_release'"]);
    const reserved = parseConfig('release:\n  strictdoc: STATUS\n  doorstop: " "\n');
    assert.deepEqual(located(reserved.problems), [
      "2:14 'release' of strictdoc: 'STATUS' cannot hold the release: STATUS is one of StrictDoc's own fields",
      "3:13 'release' of doorstop must name a Doorstop item attribute",
    ]);
  });
});

describe('release per dialect', () => {
  const doorstop = (release: string) => `header: Login\ntext: Users log in.\n${release}`;

  it('Doorstop: the mapped extended attribute, a number as written; nothing without a mapping', () => {
    assert.equal(parseDoorstopItem(doorstop('target_release: 2.10\n'), 'reqs/REQ001.yml', 'target_release').definitions[0].release, '2.10');
    assert.equal(parseDoorstopItem(doorstop("target_release: 'Q3 2026'\n"), 'reqs/REQ001.yml', 'target_release').definitions[0].release, 'Q3 2026');
    assert.equal(parseDoorstopItem(doorstop('target_release: 2.10\n'), 'reqs/REQ001.yml').definitions[0].release, undefined);
    assert.equal(parseDoorstopItem(doorstop('target_release:\n'), 'reqs/REQ001.yml', 'target_release').definitions[0].release, undefined);
    assert.equal(parseDoorstopItem(doorstop('milestone: 3\n'), 'reqs/REQ001.yml', 'target_release').definitions[0].release, undefined);
    const bad = parseDoorstopItem(doorstop('target_release: [1, 2]\n'), 'reqs/REQ001.yml', 'target_release');
    assert.equal(bad.definitions[0].release, undefined);
    assert.deepEqual(located(bad.problems), [`3:17 'target_release' (the release) must be a name or number, such as 2.1 or "Q3"`]);
    assert.equal(bad.problems[0].severity, 'warning');
  });

  it('sphinx-needs: the mapped need option, a number as written; an empty option is no release', () => {
    const need = (id: string, release: string) => `"${id}": {"id": "${id}", "title": "T", "links": [], "tags": [], "release": ${release}}`;
    const text = `{"current_version": "1.0", "versions": {"1.0": {"needs": {\n${need('REQ_1', '"2.0"')},\n${need('REQ_2', '2.10')},\n${need('REQ_3', '""')},\n${need('REQ_4', '["a"]')}\n}}}}\n`;
    const result = parseNeedsJson(text, 'docs/needs.json', 'release')!;
    assert.deepEqual(
      result.definitions.map((d) => [d.id, d.release]),
      [
        ['REQ_1', '2.0'],
        ['REQ_2', '2.10'],
        ['REQ_3', undefined],
        ['REQ_4', undefined],
      ],
    );
    assert.deepEqual(located(result.problems), [`5:76 'release' of REQ_4 (the release) must be a name or number, such as "2.1" or "Q3"`]);
    assert.equal(result.problems[0].severity, 'warning');
    assert.ok(parseNeedsJson(text, 'docs/needs.json')!.definitions.every((d) => d.release === undefined));
  });

  it('StrictDoc: the mapped custom field; a multi-line value warns', () => {
    const sdoc = '[REQUIREMENT]\nUID: A-1\nRELEASE: 2.1\nTITLE: A\n\n[REQUIREMENT]\nUID: A-2\nRELEASE: >>>\n2.1\n2.2\n<<<\nTITLE: B\n';
    const result = parseSdoc(sdoc, 'docs/a.sdoc', 'RELEASE');
    assert.deepEqual(result.definitions.map((d) => [d.id, d.release]), [['A-1', '2.1'], ['A-2', undefined]]);
    assert.deepEqual(located(result.problems), ['8:1 RELEASE (the release) must be one line, such as 2.1 or Q3']);
    assert.ok(parseSdoc(sdoc, 'docs/a.sdoc').definitions.every((d) => d.release === undefined));
  });
});

describe('release from a dialect, through the engine', () => {
  const files = {
    'reqtrace.yaml': 'dialects: [strictdoc]\nrelease:\n  doorstop: target_release\n  strictdoc: RELEASE\n',
    'reqs/.doorstop.yml': 'settings:\n  prefix: REQ\n  sep: ""\n  digits: 3\n',
    'reqs/REQ001.yml': 'header: Login\ntext: Users log in.\ntarget_release: 1.0\n',
    'reqs/REQ002.yml': 'header: Export\ntext: Users export.\ntarget_release: "2.0"\n',
    'docs/plan.sdoc': '[REQUIREMENT]\nUID: PLAN-1\nRELEASE: 2.0\nTITLE: Checkout\nSTATEMENT: Users pay.\n',
  };

  it('shows in hover, in the report JSON and in the groups by release', async () => {
    const engine = await engineFor(files);
    assert.match(hoverMarkdown(engine, 'REQ001'), /Release: 1\.0/);
    assert.match(hoverMarkdown(engine, 'PLAN-1'), /Release: 2\.0/);
    const report = buildReport(engine);
    assert.deepEqual(
      report.requirements.map((r) => [r.id, r.release]).sort(),
      [
        ['PLAN-1', '2.0'],
        ['REQ001', '1.0'],
        ['REQ002', '2.0'],
      ],
    );
    assert.deepEqual(
      groupRequirements(report.requirements, 'release').map((g) => [g.key, g.requirements]),
      [
        ['1.0', ['REQ001']],
        ['2.0', ['PLAN-1', 'REQ002']],
      ],
    );
  });

  it('without the mapping, the dialects give no release', async () => {
    const engine = await engineFor({ ...files, 'reqtrace.yaml': 'dialects: [strictdoc]\n' });
    assert.ok(buildReport(engine).requirements.every((r) => r.release === null));
  });
});

describe('release in reqtrace diff', () => {
  const def = (release?: string) => {
    const d = { id: 'A-1', title: 'T', text: 'x', version: 1, tags: [], parents: [], file: 'a.md', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, fullRange: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, source: 'markdown' };
    return requirementSide(release === undefined ? d : { ...d, release }, defaultConfig());
  };

  it('a release that moves, appears or goes is a change of the release field', () => {
    assert.deepEqual(changedFields(def('1.0'), def('2.0')), ['release']);
    assert.deepEqual(changedFields(def(), def('2.0')), ['release']);
    assert.deepEqual(changedFields(def('2.1'), def()), ['release']);
    assert.deepEqual(changedFields(def('2.1'), def('2.10')), ['release']);
    assert.deepEqual(changedFields(def('2.0'), def('2.0')), []);
    assert.equal(def().release, null);
  });

  it('is not content: the editor does not make references suspect for it', () => {
    const base = { title: 'T', text: 'x', status: 'approved', needs: undefined };
    assert.equal(contentKey({ ...base, release: '1.0' } as typeof base), contentKey({ ...base, release: '2.0' } as typeof base));
  });
});
