/**
 * The grouped Requirements view over the protocol, on the demo workspace
 * (releases 1.0, 1.1 and 2.0, tags, parent links, one broken): the groups
 * with their counts (reqtrace/requirementGroups), one group or one level of
 * the hierarchy a page at a time (reqtrace/requirements with folder), the
 * coverage by release in the summary, kept current by an edit, and the
 * workspace's HTML report (reqtrace/htmlReport).
 */
import * as assert from 'node:assert/strict';
import type { CoverageSummary, WorkspaceFolderGroups, WorkspaceFolderRequirements } from '../../server/src/protocol';
import { LspTestClient } from './lspClient';

describe('LSP: the Requirements view grouped by release, tag and hierarchy (demo)', () => {
  let client: LspTestClient;
  let folder: string;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['demo'] });
    folder = client.folders[0].uri;
  });
  after(async () => {
    await client?.dispose();
  });

  const page = async (params: Record<string, unknown>) => {
    const answer = await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', { folder, ...params });
    assert.equal(answer.length, 1);
    return answer[0];
  };

  it('answers reqtrace/requirementGroups by release with the counts of report --group-by release', async () => {
    const [groups] = await client.request<WorkspaceFolderGroups[]>('reqtrace/requirementGroups', { by: 'release' });
    assert.equal(groups.folder, folder);
    assert.deepEqual(groups.groups, [
      { key: '1.0', requirements: 2, needing: 2, covered: 2 },
      { key: '1.1', requirements: 3, needing: 3, covered: 0 },
      { key: '2.0', requirements: 1, needing: 0, covered: 0 },
      { key: null, requirements: 2, needing: 1, covered: 1 },
    ]);
  });

  it('answers reqtrace/requirementGroups by tag, untagged last; anything else gets nothing', async () => {
    const [groups] = await client.request<WorkspaceFolderGroups[]>('reqtrace/requirementGroups', { by: 'tag' });
    assert.deepEqual(
      groups.groups.map((g) => [g.key, g.requirements, g.covered, g.needing]),
      [
        ['login', 1, 1, 1],
        ['security', 1, 1, 1],
        [null, 7, 2, 5],
      ],
    );
    assert.deepEqual(await client.request('reqtrace/requirementGroups', { by: 'owner' }), []);
  });

  it("lists one release's requirements by location, with their release, a page at a time", async () => {
    const all = await page({ group: { by: 'release', key: '1.1' } });
    assert.deepEqual(all.requirements.map((r) => [r.id, r.release, r.covered]), [
      ['API-002', '1.1', false],
      ['AUTH-002', '1.1', false],
      ['BILL-001', '1.1', false],
    ]);
    assert.equal(all.total, 3);
    const first = await page({ group: { by: 'release', key: '1.1' }, limit: 2 });
    const rest = await page({ group: { by: 'release', key: '1.1' }, limit: 2, offset: 2 });
    assert.deepEqual([...first.requirements, ...rest.requirements].map((r) => r.id), ['API-002', 'AUTH-002', 'BILL-001']);
    assert.deepEqual([first.total, rest.total], [3, 3]);
    const none = await page({ group: { by: 'release', key: null } });
    assert.deepEqual(none.requirements.map((r) => [r.id, r.release]), [['API-001', null], ['AUTH-005', null]]);
    const tagged = await page({ group: { by: 'tag', key: 'security' } });
    assert.deepEqual(tagged.requirements.map((r) => [r.id, r.tags]), [['AUTH-001', ['security', 'login']]]);
  });

  it('walks the hierarchy one level at a time, each requirement with its roll-up and number of children', async () => {
    const top = await page({ parent: null });
    // BILL-001's parent FIN-100 is not defined: it is at the top.
    assert.deepEqual(top.requirements.map((r) => [r.id, r.rollup, r.children]), [
      ['API-001', { needing: 2, covered: 1 }, 1],
      ['AUTH-001', { needing: 3, covered: 2 }, 2],
      ['AUTH-004', { needing: 0, covered: 0 }, 0],
      ['AUTH-005', { needing: 0, covered: 0 }, 0],
      ['BILL-001', { needing: 1, covered: 0 }, 0],
    ]);
    assert.equal(top.total, 5);
    const below = await page({ parent: 'AUTH-001' });
    assert.deepEqual(below.requirements.map((r) => [r.id, r.rollup, r.covered]), [
      ['AUTH-002', { needing: 1, covered: 0 }, false],
      ['AUTH-003', { needing: 1, covered: 1 }, true],
    ]);
    assert.deepEqual((await page({ parent: 'AUTH-003' })).requirements, []);
    assert.deepEqual(await client.request('reqtrace/requirements', { folder: 'file:///not/a/folder', parent: null }), []);
  });

  it('gives coverage by release in the summary, and keeps it current after an edit', async () => {
    const rows = (s: CoverageSummary) => s.releases?.map((r) => [r.release, r.covered, r.needing, r.coverage]);
    const summary = await client.request<CoverageSummary>('reqtrace/coverage', {});
    assert.deepEqual(rows(summary), [
      ['1.0', 2, 2, 100],
      ['1.1', 0, 3, 0],
      ['2.0', 0, 0, 100],
      [null, 1, 1, 100],
    ]);
    const since = client.indexChanges.length;
    const uri = await client.open('src/auth/login.ts');
    try {
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// @impl AUTH-002 @test AUTH-002\n' }]);
      const after = await client.indexChangedSince(since, (s) => s.releases?.find((r) => r.release === '1.1')?.covered === 1);
      assert.deepEqual(rows(after)?.[1], ['1.1', 1, 3, 33.3]);
    } finally {
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
      await client.close(uri);
    }
  });

  it('renders the HTML report of a folder, the page reqtrace report writes', async () => {
    const report = await client.request<{ folder: string; name: string; html: string }>('reqtrace/htmlReport', { folder }, 20000);
    assert.equal(report.folder, folder);
    assert.match(report.html, /^<!DOCTYPE html>/);
    assert.match(report.html, /<title>Traceability report — /);
    for (const id of ['AUTH-001', 'API-002', 'BILL-001']) assert.ok(report.html.includes(id), id);
    await assert.rejects(client.request('reqtrace/htmlReport', { folder: 'file:///not/a/folder' }), /not a workspace folder/);
  });
});
