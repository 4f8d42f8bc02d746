/**
 * The HTML report in headless Chromium: the page reads its data, filters,
 * sorts, opens a requirement (its references appear), expands the
 * hierarchy, groups, and charts a real `reqtrace history`; at the demo's
 * size and at a few thousand requirements, where only the rows in view may
 * be in the DOM. Screenshots go to artifacts/reports/ for a person to look
 * at (docs/images/report-*.png are copies of two of them).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS, report } from './htmlReport.test';
import { runCli } from './fixtures.test';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const DEMO = path.join(ROOT, 'test-fixtures/demo');

/**
 * A git repository whose history builds the demo up week by week: specs
 * first, then code and tests, so that coverage (overall and per release) rises.
 * Returns the workspace; `reqtrace history` of it has 5 points.
 */
export function demoHistory(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-html-history-'));
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const git = (args: string[], date?: string) =>
    execFileSync('git', ['-c', 'user.name=reqtrace test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
      cwd: ws,
      env: date ? { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : env,
      stdio: 'ignore',
    });
  git(['init', '-q']);
  const steps = [
    ['reqtrace.yaml', 'docs'],
    ['src/auth/login.ts'],
    ['tests/login.test.ts', 'src/auth/session.py'],
    ['src/api', 'tests/test_products.py'],
    ['src/billing', 'web'],
  ];
  steps.forEach((paths, k) => {
    for (const p of paths) fs.cpSync(path.join(DEMO, p), path.join(ws, p), { recursive: true });
    git(['add', '-A']);
    git(['commit', '-q', '-m', `step ${k + 1}`], `2026-09-${String(1 + 7 * k).padStart(2, '0')}T10:00:00+00:00`);
  });
  return ws;
}

describe('report --format html in headless Chromium', function () {
  this.timeout(60000);
  let context: BrowserContext | undefined;
  let userData: string;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) assert.fail(`${CHROMIUM} is missing (apt-get install chromium)`);
      console.log(`      skipped: no ${CHROMIUM} (apt-get install chromium)`);
      this.skip();
    }
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-chromium-'));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
    });
  });

  after(async () => {
    await context?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  async function open(file: string): Promise<void> {
    page = await context!.newPage();
    requests.length = 0;
    problems.length = 0;
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto('file://' + file);
    await page.waitForFunction(() => document.documentElement.dataset.state !== undefined, null, { timeout: 30000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'ready', (await page.textContent('#loading')) ?? undefined);
  }

  const visibleIds = () => page.$$eval('#matrix-table tbody tr:not(.spacer) td.id button', (bs) => bs.map((b) => b.textContent));
  const count = () => page.textContent('#count');
  const header = (n: number) => `#matrix-table thead th:nth-child(${n})`;

  it('filters, sorts, opens a requirement, expands the hierarchy and groups (the demo)', async () => {
    const { file } = report('test-fixtures/demo', 'demo-report.html', ['--group-by', 'release']);
    await open(file);
    assert.equal(await count(), '8 of 8 requirements');
    assert.deepEqual(await visibleIds(), ['API-001', 'API-002', 'AUTH-001', 'AUTH-002', 'AUTH-003', 'AUTH-004', 'AUTH-005', 'BILL-001']);

    // Sort: by ID, again the other way; Impl numerically.
    await page.click(`${header(1)} button`);
    await page.click(`${header(1)} button`);
    assert.equal(await page.getAttribute(header(1), 'aria-sort'), 'descending');
    assert.deepEqual(await visibleIds(), ['BILL-001', 'AUTH-005', 'AUTH-004', 'AUTH-003', 'AUTH-002', 'AUTH-001', 'API-002', 'API-001']);
    await page.click(`${header(7)} button`);
    assert.equal(await page.getAttribute(header(1), 'aria-sort'), 'none');
    const impl = await page.$$eval('#matrix-table tbody tr:not(.spacer) td:nth-child(7)', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(impl, ['0', '1', '1', '1', '1', '1', '2', '2'].map((n, k) => (k === 0 ? n : n)).sort());

    // Filter: words (also the files that reference a requirement), coverage state, errors, status, release.
    await page.fill('#filter', 'auth');
    assert.equal(await count(), '5 of 8 requirements');
    await page.fill('#filter', 'session.py');
    assert.deepEqual(await visibleIds(), ['AUTH-002']);
    await page.fill('#filter', '');
    await page.selectOption('#state', 'uncovered');
    assert.deepEqual((await visibleIds()).sort(), ['API-002', 'AUTH-002', 'BILL-001']);
    await page.selectOption('#state', 'broken');
    assert.deepEqual(await visibleIds(), ['BILL-001']);
    await page.selectOption('#state', 'errors');
    assert.deepEqual(await visibleIds(), ['BILL-001'], 'the broken parent link');
    await page.selectOption('#state', '');
    await page.selectOption('#status', { label: 'draft' });
    assert.deepEqual(await visibleIds(), ['AUTH-004']);
    await page.selectOption('#status', '-2');
    await page.selectOption('#release', { label: '1.1' });
    assert.deepEqual((await visibleIds()).sort(), ['API-002', 'AUTH-002', 'BILL-001']);
    await page.selectOption('#release', '-2');
    await page.fill('#filter', 'no such thing');
    assert.equal(await count(), '0 of 8 requirements');
    assert.equal(await page.isVisible('#empty'), true);
    await page.fill('#filter', '');

    // Open a requirement: its text and references appear only now.
    assert.equal(await page.$$eval('#detail li', (li) => li.length), 0);
    await page.click('#matrix-table td.id button >> text=AUTH-001');
    assert.equal(await page.textContent('#detail h3'), 'AUTH-001: Users can log in with email and password covered');
    assert.deepEqual(await page.$$eval('#detail ul.refs li', (li) => li.map((l) => l.textContent)), ['impl src/auth/login.ts:9:10 @2', 'test tests/login.test.ts:3:14', 'impl web/index.html:3:26']);
    assert.equal(await page.textContent('#detail .text strong'), '15 minutes');
    assert.match((await page.textContent('#detail .meta'))!, /With descendants2\/3 \(66\.6%\)/);
    // Keyboard: the focus is on the opened requirement; a child opens from its link.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H3');
    await page.click('#detail .meta button >> text=AUTH-003');
    assert.match((await page.textContent('#detail h3'))!, /^AUTH-003: /);

    // The hierarchy: tops with roll-up, children on expanding (by keyboard).
    const tops = () => page.$$eval('#tree-table tbody tr:not(.spacer)', (trs) => trs.map((tr) => `${tr.getAttribute('aria-level')} ${tr.querySelector('button.link')!.textContent} ${tr.querySelector('td:last-child')!.textContent}`));
    assert.deepEqual(await tops(), ['1 API-001 1/2 (50%)', '1 AUTH-001 2/3 (66.6%)', '1 AUTH-004 none needed', '1 AUTH-005 none needed', '1 BILL-001 0/1 (0%)']);
    await page.focus('#tree-table tr[aria-level="1"]:nth-child(3) button.toggle');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual((await tops()).slice(1, 4), ['1 AUTH-001 2/3 (66.6%)', '2 AUTH-002 0/1 (0%)', '2 AUTH-003 1/1 (100%)']);
    assert.equal(await page.getAttribute('#tree-table tbody tr:nth-child(3)', 'aria-expanded'), 'true');

    // Groups: the --group-by key first, as the JSON has them; a group filters the matrix; another key on the page.
    const groups = () => page.$$eval('#groups-table tbody tr', (trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (c) => c.textContent).join('|')));
    assert.deepEqual(await groups(), ['1.0|2|2||2/2 (100%)', '1.1|3|3||0/3 (0%)', '2.0|1|0||none needed', '(no release)|2|1||1/1 (100%)']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-grouped.png') });
    await page.click('#groups-table button >> text=1.1');
    assert.deepEqual((await visibleIds()).sort(), ['API-002', 'AUTH-002', 'BILL-001']);
    assert.equal(await page.textContent('#group-chip-label'), 'release: 1.1');
    await page.click('#group-chip-clear');
    assert.equal(await count(), '8 of 8 requirements');
    await page.selectOption('#group-by', 'tag');
    assert.deepEqual((await groups()).map((g) => g.split('|')[0]), ['login', 'security', '(no tag)']);

    await page.screenshot({ path: path.join(ARTIFACTS, 'report-full.png'), fullPage: true });
    assert.deepEqual(requests, ['file://' + file], 'no request but the page itself');
    assert.deepEqual(problems, [], 'no script error, no CSP violation');
  });

  it('charts coverage over time and by release from reqtrace history', async () => {
    const ws = demoHistory();
    try {
      const historyFile = path.join(ws, '..', `${path.basename(ws)}-history.json`);
      const h = runCli(['history', ws, '--format', 'json', '--output', historyFile]);
      assert.equal(h.code, 0, h.stderr);
      const points = JSON.parse(fs.readFileSync(historyFile, 'utf8')).points as Array<{ coverage: number; releases: Record<string, unknown> }>;
      assert.equal(points.length, 5);
      const { file } = report(ws, 'history-report.html', ['--history', historyFile, '--group-by', 'release']);
      fs.rmSync(historyFile);
      await open(file);
      assert.equal(await page.locator('#history svg.chart').first().locator('circle.pt').count(), 5);
      const tips = await page.$$eval('#history circle.pt title', (ts) => ts.map((t) => t.textContent!));
      assert.deepEqual(tips.map((t) => Number(/: ([\d.]+)%/.exec(t)![1])), points.map((p) => p.coverage));
      const releases = [...new Set(points.flatMap((p) => Object.keys(p.releases)))];
      assert.deepEqual(await page.$$eval('#history-releases .legend li', (li) => li.map((l) => l.firstChild!.nextSibling!.textContent!.trim())), releases.sort());
      assert.equal(await page.locator('#history-releases path.line').count(), releases.length);
      assert.ok((await page.locator('#history-releases circle.rel-pt').count()) > 0);
      assert.ok((await page.$$eval('#history svg.chart text.axis', (ts) => ts.map((t) => t.textContent))).includes('2026-09-01'), 'dated x axis');
      await page.locator('#history').screenshot({ path: path.join(ARTIFACTS, 'report-history.png') });
      assert.deepEqual(problems, []);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('runs nothing from hostile requirements', async () => {
    const { file } = report('test/data/hostile', 'hostile-report.html');
    await open(file);
    await page.click('#matrix-table td.id button >> text=XSS-001');
    assert.equal(await page.textContent('#detail .text pre code'), "<script>alert('fence')</script>");
    assert.match((await page.textContent('#detail h3'))!, /^XSS-001: <script>alert\("title"\)<\/script> & "quotes"/);
    assert.equal(await page.locator('#detail img').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-hostile.png'), fullPage: true });
    assert.deepEqual(requests, ['file://' + file]);
    assert.deepEqual(problems, []);
  });

  describe('at a few thousand requirements', () => {
    const N = 4000;
    let ws: string;
    before(() => {
      ws = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-html-browser-'));
      const spec: string[] = ['# Spec', ''];
      for (let i = 0; i < N; i++) {
        const parent = i % 10 === 0 ? '' : `Parent: BIG-${i - (i % 10)}\n`;
        spec.push(`## BIG-${i}: Requirement number ${i}\nRelease: ${1 + (i % 4)}.0\n${i % 3 === 0 ? 'Tags: core\n' : ''}${parent}\nThe system does thing ${i}.\n`);
      }
      fs.mkdirSync(path.join(ws, 'docs'));
      fs.writeFileSync(path.join(ws, 'docs/spec.md'), spec.join('\n'));
      fs.mkdirSync(path.join(ws, 'src'));
      for (let f = 0; f < 40; f++) {
        // Every requirement but each seventh is implemented; BIG-1 is referenced from every line of every file.
        const lines = Array.from({ length: N / 40 }, (_, i) => f * (N / 40) + i)
          .filter((i) => i % 7 !== 0)
          .map((i) => `// @impl BIG-${i} BIG-1`);
        fs.writeFileSync(path.join(ws, `src/m${f}.ts`), `${lines.join('\n')}\n`);
      }
      fs.mkdirSync(path.join(ws, 'tests'));
      fs.writeFileSync(path.join(ws, 'tests/all.test.ts'), Array.from({ length: N }, (_, i) => `// @test BIG-${i}\n`).join(''));
    });
    after(() => fs.rmSync(ws, { recursive: true, force: true }));

    it('draws only the rows in view, and filters, sorts, opens, groups and expands', async () => {
      const { file } = report(ws, 'large-report.html');
      await open(file);
      const total = `${N} of ${N} requirements`;
      assert.equal(await count(), total);
      const rows = await page.locator('#matrix-table tbody tr:not(.spacer)').count();
      assert.ok(rows > 10 && rows < 120, `${rows} rows in the DOM`);
      // Scrolling draws the rows further down.
      await page.$eval('#matrix-scroll', (s) => (s.scrollTop = 30 * 2000));
      await page.waitForFunction(() => document.querySelector('#matrix-table tbody tr:not(.spacer) td.id button')?.textContent !== 'BIG-0');
      assert.ok((await visibleIds()).includes('BIG-2010'), (await visibleIds()).join(' '));

      await page.fill('#filter', 'big-123');
      assert.deepEqual(await visibleIds(), ['BIG-123', 'BIG-1230', 'BIG-1231', 'BIG-1232', 'BIG-1233', 'BIG-1234', 'BIG-1235', 'BIG-1236', 'BIG-1237', 'BIG-1238', 'BIG-1239']);
      await page.fill('#filter', '');
      await page.selectOption('#state', 'uncovered');
      assert.equal(await count(), `${Math.ceil(N / 7)} of ${N} requirements`);
      await page.selectOption('#state', '');
      await page.click(`${header(1)} button`);
      await page.click(`${header(1)} button`);
      assert.equal((await visibleIds())[0], `BIG-${N - 1}`, 'natural order, descending');

      // The hot requirement: its many references are listed on opening, the first 500 at once.
      // Opened by its fragment identifier, as a link to #req-BIG-1 would.
      await page.evaluate(() => (location.hash = '#req-BIG-1'));
      await page.waitForSelector('#detail article#req-BIG-1');
      const refs = Number(/^References \((\d+)\)$/.exec((await page.textContent('#detail h4'))!)![1]);
      assert.ok(refs >= N - Math.ceil(N / 7), `${refs} references`);
      assert.equal(await page.locator('#detail ul.refs li').count(), 500);
      await page.click('#detail button.more');
      assert.equal(await page.locator('#detail ul.refs li').count(), refs);

      await page.selectOption('#group-by', 'release');
      assert.deepEqual(await page.$$eval('#groups-table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent)), ['1.0', '2.0', '3.0', '4.0']);
      await page.selectOption('#group-by', 'parent');
      assert.ok((await page.textContent('#groups-table tbody'))!.includes('Show 200 more'), 'a grouping of 400 parents is drawn in pages');

      await page.click('#tree-table button.toggle >> nth=0');
      const levels = await page.$$eval('#tree-table tbody tr:not(.spacer)', (trs) => trs.slice(0, 11).map((tr) => tr.getAttribute('aria-level')));
      assert.deepEqual(levels, ['1', ...Array(9).fill('2'), '1']);
      assert.deepEqual(problems, []);
    });
  });
});
