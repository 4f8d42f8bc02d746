/**
 * `report --format html --history FILE`: the file is the JSON of
 * `reqtrace history --format json`; anything else is exit 2 with one line
 * that says where the file is wrong. (The chart in a browser is in
 * htmlReportBrowser.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'parse5';
import { attr, byTag } from './htmlReport.test';
import { runCli } from './fixtures.test';

const POINT = { commit: 'a'.repeat(40), date: '2026-09-01T10:00:00+00:00', requirements: 8, needing: 6, covered: 3, coverage: 50, errors: 2, warnings: 5, releases: { '1.0': { needing: 2, covered: 2 }, '1.1': { needing: 3, covered: 0 } } };

describe('report --history', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-html-history-file-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function reportWith(content: string, format = 'html'): { code: number | null; stdout: string; stderr: string; file: string } {
    const file = path.join(dir, 'history.json');
    fs.writeFileSync(file, content);
    return { ...runCli(['report', 'test-fixtures/demo', '--format', format, '--history', file]), file };
  }

  function rejects(content: string, message: RegExp, format = 'html'): void {
    const r = reportWith(content, format);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '', 'no report');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], message);
  }

  it('charts the points: one per commit, and a line per release', () => {
    const points = [POINT, { ...POINT, commit: 'b'.repeat(40), date: '2026-09-08T10:00:00+00:00', covered: 4, coverage: 66.6 }];
    const r = reportWith(JSON.stringify({ version: 1, points }));
    assert.equal(r.code, 0, r.stderr);
    const svgs = byTag(parse(r.stdout), 'svg').filter((s) => attr(s, 'class') === 'chart');
    assert.equal(svgs.length, 2);
    assert.equal(byTag(svgs[0], 'circle').filter((c) => attr(c, 'class') === 'pt').length, 2);
    assert.equal(byTag(svgs[1], 'path').length, 2, 'releases 1.0 and 1.1');
  });

  it('says where a file that is not JSON goes wrong', () => {
    rejects('{\n  "version": 1,\n  "points": [}\n', /^reqtrace: --history \S+history\.json:3:\d+: not JSON \(.+\); expected the output of reqtrace history --format json$/);
  });

  it('names the field that is wrong', () => {
    rejects(JSON.stringify({ version: 2, points: [] }), /^reqtrace: --history \S+: version is 2, not 1;/);
    rejects(JSON.stringify({ version: 1 }), /: points is not an array;/);
    rejects(JSON.stringify({ version: 1, points: [POINT, { ...POINT, date: 'last tuesday' }] }), /: points\[1\]\.date is not a date;/);
    rejects(JSON.stringify({ version: 1, points: [{ ...POINT, coverage: '50%' }] }), /: points\[0\]\.coverage is not a number;/);
    rejects(JSON.stringify({ version: 1, points: [{ ...POINT, releases: { '1.0': 3 } }] }), /: points\[0\]\.releases\["1\.0"\] is not \{needing, covered\};/);
    rejects(JSON.stringify([POINT]), /: not a JSON object;/);
  });

  it('refuses a missing file, and a format that cannot show it', () => {
    const r = runCli(['report', 'test-fixtures/demo', '--format', 'html', '--history', path.join(dir, 'nope.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^reqtrace: --history \S+nope\.json: cannot read it: ENOENT\n$/);
    rejects(JSON.stringify({ version: 1, points: [POINT] }), /^reqtrace: --history charts coverage over time in the HTML report: use it with --format html$/, 'csv');
  });
});
