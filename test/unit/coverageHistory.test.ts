/**
 * The core of `reqtrace history` on an in-memory history (a fake source
 * with a counting blob reader): each point after the first reads only the
 * files its commit changed, every point equals a full index of its commit
 * (random edits of specs and code over many commits), a config change
 * re-indexes fully, and --every keeps the last commit of each day or week.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildReport, coverageHistory, Engine, everyPeriod, groupRequirements, TreeHost, type HistoryCommit, type HistoryPoint, type HistorySource, type TreeChange, type TreeFile } from '../../server/src/core';
import { rng } from '../../bench/corpus';
import { progressReporter } from '../../server/src/cli/historyCommand';

type Files = Record<string, string>;

/** Commits as file maps; blobs named by the hash of their text; every read recorded. */
class FakeHistory implements HistorySource {
  readonly commits: HistoryCommit[] = [];
  private readonly trees = new Map<string, Files>();
  private readonly texts = new Map<string, string>();
  readonly reads: string[] = [];
  readonly blobs = { read: async (id: string) => (this.reads.push(id), Buffer.from(this.texts.get(id)!)) };

  commit(files: Files, date = `2026-01-${String(this.commits.length + 1).padStart(2, '0')}T12:00:00+00:00`): string {
    const sha = createHash('sha1').update(`${this.commits.length}`).digest('hex');
    this.trees.set(sha, { ...files });
    for (const text of Object.values(files)) this.texts.set(this.idOf(text), text);
    this.commits.push({ sha, date });
    return sha;
  }

  idOf(text: string): string {
    return createHash('sha1').update(text).digest('hex');
  }

  /** The path a blob id was read for, at a commit. */
  pathsOf(sha: string, ids: string[]): string[] {
    const files = this.trees.get(sha)!;
    return Object.keys(files).filter((p) => ids.includes(this.idOf(files[p]))).sort();
  }

  async tree(sha: string): Promise<Map<string, TreeFile>> {
    return new Map(Object.entries(this.trees.get(sha)!).map(([p, t]) => [p, { id: this.idOf(t) }]));
  }

  async changes(from: string, to: string): Promise<TreeChange[]> {
    const a = this.trees.get(from)!;
    const b = this.trees.get(to)!;
    const out: TreeChange[] = [];
    for (const p of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[p] === b[p]) continue;
      out.push({ path: p, file: b[p] === undefined ? undefined : { id: this.idOf(b[p]) } });
    }
    return out;
  }
}

/** What `check`'s report says of a commit, in a history point's terms: the oracle the incremental points are held to. */
async function reportPoint(h: FakeHistory, c: HistoryCommit): Promise<HistoryPoint> {
  const engine = new Engine({ host: new TreeHost(await h.tree(c.sha), h.blobs) });
  await engine.loadConfig();
  await engine.indexAll();
  const report = buildReport(engine);
  const needing = report.requirements.filter((r) => r.needs.length > 0);
  const releases: HistoryPoint['releases'] = {};
  for (const g of groupRequirements(report.requirements, 'release')) if (g.key !== null) releases[g.key] = { needing: g.needing, covered: g.covered };
  const { summary } = report;
  return { commit: c.sha, date: c.date, requirements: summary.requirements, needing: needing.length, covered: needing.filter((r) => r.covered).length, coverage: summary.coverage, errors: summary.errors, warnings: summary.warnings, releases };
}

const spec = (ids: number[], extra = '') =>
  '# Spec\n\n' + ids.map((n) => `## REQ-${String(n).padStart(3, '0')}: Thing ${n}\n\nRelease: ${n % 2 === 0 ? '1.0' : '2.0'}\n\nText ${n}.\n`).join('\n') + extra;

describe('coverageHistory (the core of reqtrace history)', () => {
  it('reads every file for the first point, then only the files each commit changed', async () => {
    const h = new FakeHistory();
    const files: Files = { 'specs/req.md': spec([1, 2, 3, 4]) };
    for (let i = 0; i < 40; i++) files[`src/f${i}.ts`] = `// @impl REQ-00${(i % 4) + 1}\nexport const x${i} = ${i};\n`;
    h.commit(files);
    const second: Files = { ...files, 'src/f3.ts': '// @impl REQ-001\n// @test REQ-001\n', 'src/new.ts': '// @test REQ-002\n' };
    delete second['src/f7.ts'];
    const sha2 = h.commit(second);
    const { json, stats } = await coverageHistory(h, h.commits.slice(0, 1));
    const readsFirst = h.reads.length;
    assert.equal(readsFirst, 41, 'the first point reads every file');
    h.reads.length = 0;
    const run = await coverageHistory(h, h.commits);
    assert.deepEqual(h.pathsOf(sha2, h.reads.slice(readsFirst)), ['src/f3.ts', 'src/new.ts'], 'the second point reads only the files its commit changed');
    assert.equal(run.stats.filesRead, 43);
    assert.equal(run.stats.fullIndexes, 1);
    assert.equal(stats.fullIndexes, 1);
    assert.deepEqual(
      run.json.points.map((p) => [p.requirements, p.needing, p.covered, p.coverage]),
      [json.points[0], run.json.points[1]].map((p) => [p.requirements, p.needing, p.covered, p.coverage]),
    );
    assert.deepEqual(
      run.json.points.map((p) => ({ covered: p.covered, releases: p.releases })),
      [
        { covered: 0, releases: { '1.0': { needing: 2, covered: 0 }, '2.0': { needing: 2, covered: 0 } } },
        { covered: 2, releases: { '1.0': { needing: 2, covered: 1 }, '2.0': { needing: 2, covered: 1 } } },
      ],
    );
  });

  it('every point equals check\'s report of its commit, over random edits of specs and code', async function () {
    this.timeout(60000);
    const random = rng(18);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const h = new FakeHistory();
    let files: Files = { 'specs/a.md': spec([1, 2, 3]), 'specs/b.md': spec([10, 11]) };
    const kinds = ['@impl', '@test'];
    const refs = () => `// ${pick(kinds)} REQ-${String(pick([1, 2, 3, 4, 5, 10, 11, 12, 99])).padStart(3, '0')}\n`;
    for (let c = 0; c < 40; c++) {
      files = { ...files };
      for (let e = 0; e < 4; e++) {
        const r = random();
        if (r < 0.25) files[`src/m${Math.floor(random() * 8)}.ts`] = refs() + refs();
        else if (r < 0.4) delete files[pick(Object.keys(files).filter((f) => f.startsWith('src/')).concat('src/none.ts'))];
        else if (r < 0.55) files[`tests/t${Math.floor(random() * 5)}.test.ts`] = refs();
        else if (r < 0.75) {
          const ids = [1, 2, 3, 4, 5].filter(() => random() < 0.6);
          // Sometimes a duplicate of b.md's REQ-010, sometimes a child with a parent.
          const extra = random() < 0.3 ? '\n## REQ-010: Again\n\nDup.\n' : random() < 0.5 ? '\n## REQ-012: Child\n\nParent: REQ-001\n\nChild.\n' : '';
          files['specs/a.md'] = spec(ids, extra);
        } else if (r < 0.85) files['specs/b.md'] = spec([10, 11].filter(() => random() < 0.7), random() < 0.3 ? '\n## REQ-011: Loop\n\nParent: REQ-010\n\nx.\n' : '');
        else files[`src/m${Math.floor(random() * 8)}.ts`] = `export const v = ${c};\n`;
      }
      h.commit(files);
    }
    const { json, stats } = await coverageHistory(h, h.commits);
    assert.equal(stats.fullIndexes, 1, 'no point was re-indexed fully');
    for (let i = 0; i < h.commits.length; i++) {
      assert.deepEqual(json.points[i], await reportPoint(h, h.commits[i]), `point ${i} differs from check's report of its commit`);
    }
    // The edits did move the numbers: a history that is flat would prove nothing.
    assert.ok(new Set(json.points.map((p) => `${p.coverage}/${p.errors}/${p.warnings}`)).size > 5);
  });

  it('re-indexes fully where the config changed, and counts under the new config from there', async () => {
    const h = new FakeHistory();
    const files: Files = { 'specs/req.md': spec([1, 2]), 'src/a.ts': '// @impl REQ-001\n' };
    h.commit(files);
    h.commit({ ...files, 'reqtrace.yaml': 'needs: [impl]\n' });
    h.commit({ ...files, 'reqtrace.yaml': 'needs: [impl]\n', 'src/b.ts': '// @impl REQ-002\n' });
    const { json, stats } = await coverageHistory(h, h.commits);
    assert.equal(stats.fullIndexes, 2);
    assert.deepEqual(
      json.points.map((p) => [p.needing, p.covered, p.coverage]),
      [
        [2, 0, 0],
        [2, 1, 50],
        [2, 2, 100],
      ],
    );
  });

  it('--every day and week keep the last commit of each, by the committer\'s calendar', () => {
    const c = (sha: string, date: string): HistoryCommit => ({ sha, date });
    const commits = [
      c('a', '2026-01-05T09:00:00+01:00'), // Monday
      c('b', '2026-01-05T23:30:00-05:00'), // still Monday where it was made
      c('c', '2026-01-07T10:00:00+00:00'),
      c('d', '2026-01-11T10:00:00+00:00'), // Sunday: same week
      c('e', '2026-01-12T10:00:00+00:00'), // next Monday
    ];
    assert.deepEqual(everyPeriod(commits, 'day').map((x) => x.sha), ['b', 'c', 'd', 'e']);
    assert.deepEqual(everyPeriod(commits, 'week').map((x) => x.sha), ['d', 'e']);
    assert.deepEqual(everyPeriod(commits, 'commit').map((x) => x.sha), ['a', 'b', 'c', 'd', 'e']);
  });
});

describe('reqtrace history progress', () => {
  it('on a terminal at once, throttled to one line a second; otherwise only after 2 s; never for a run that ends at once', () => {
    let now = 0;
    const lines: string[] = [];
    const stream = (isTTY: boolean) => ({ isTTY, write: (s: string) => (lines.push(s), true) });
    const tty = progressReporter(stream(true), () => now);
    for (let i = 1; i <= 10; i++) {
      now += 300;
      tty(i, 10);
    }
    assert.deepEqual(lines, ['reqtrace: history 1/10 commits\n', 'reqtrace: history 5/10 commits\n', 'reqtrace: history 9/10 commits\n', 'reqtrace: history 10/10 commits\n']);
    lines.length = 0;
    now = 0;
    const pipe = progressReporter(stream(false), () => now);
    for (let i = 1; i <= 10; i++) {
      now += 300;
      pipe(i, 10);
    }
    assert.deepEqual(lines, ['reqtrace: history 7/10 commits\n', 'reqtrace: history 10/10 commits\n']);
    lines.length = 0;
    progressReporter(stream(true), () => 0)(1, 1);
    assert.deepEqual(lines, []);
  });
});
