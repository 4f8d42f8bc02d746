/**
 * `reqtrace report --group-by` on the demo, whose requirements carry
 * releases: the JSON's groups and roll-ups, the Markdown a TPM pastes into a
 * status mail, and the CSV's group column.
 */
import * as assert from 'node:assert/strict';
import { runCli } from './fixtures.test';

const DEMO = 'test-fixtures/demo';

function report(args: string[]) {
  const r = runCli(['report', DEMO, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

describe('report --group-by', () => {
  it('json: groups by release with coverage, and every requirement has release and rollup', () => {
    const json = JSON.parse(report(['--group-by', 'release', '--format', 'json']));
    assert.deepEqual(
      json.groups.map((g: { key: string | null; requirements: string[]; needing: number; covered: number; coverage: number }) => [g.key, g.requirements.join(' '), g.needing, g.covered, g.coverage]),
      [
        ['1.0', 'AUTH-001 AUTH-003', 2, 2, 100],
        ['1.1', 'API-002 AUTH-002 BILL-001', 3, 0, 0],
        ['2.0', 'AUTH-004', 0, 0, 100],
        [null, 'API-001 AUTH-005', 1, 1, 100],
      ],
    );
    const auth1 = json.requirements.find((r: { id: string }) => r.id === 'AUTH-001');
    assert.equal(auth1.release, '1.0');
    // AUTH-001 (covered) with its children AUTH-002 (uncovered) and AUTH-003 (covered).
    assert.deepEqual(auth1.rollup, { needing: 3, covered: 2 });
  });

  it('json: without --group-by there is no groups field (check --format json unchanged)', () => {
    assert.equal(JSON.parse(report(['--format', 'json'])).groups, undefined);
  });

  it('markdown: a coverage table by tag with bars', () => {
    const md = report(['--group-by', 'tag', '--format', 'markdown']);
    assert.match(md, /### Coverage by tag\n\n\| Tag \| Requirements \| Needing coverage \| Covered \| Coverage \| Progress \|/);
    assert.match(md, /\| login \| 1 \| 1 \| 1 \| 100% \| ██████████ \|/);
    assert.match(md, /\| \*\(no tag\)\* \| 7 \| 5 \| 2 \| 40% \| ████░░░░░░ \|/);
  });

  it('csv: a group column, and a row in each group of a requirement', () => {
    const rows = report(['--group-by', 'tag', '--format', 'csv']).trimEnd().split('\r\n');
    assert.match(rows[0], /^group,id,title,status,version,file,line,covered,impl,test,missing,impl_locations,test_locations,release$/);
    assert.deepEqual(rows.filter((r) => r.includes(',AUTH-001,')).map((r) => r.split(',')[0]), ['login', 'security']);
    assert.equal(rows.length, 1 + 2 + 7);
  });

  it('refuses an unknown attribute with exit 2', () => {
    const r = runCli(['report', DEMO, '--group-by', 'owner']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--group-by.*owner.*Allowed choices are tag, release, status, file, parent/);
  });
});
