/**
 * `reqtrace report --format html`: read with a real HTML parser (parse5) for
 * structure, self-containment and escaping, then opened in headless Chromium
 * to prove that sorting and filtering work, with screenshots saved to
 * artifacts/reports/ for a person to look at.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli } from './fixtures.test';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'artifacts/reports');
const CHROMIUM = '/usr/bin/chromium';

function report(ws: string, name: string): { file: string; html: string } {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  const r = runCli(['report', ws, '--format', 'html', '--output', file]);
  assert.equal(r.code, 0, r.stderr);
  return { file, html: fs.readFileSync(file, 'utf8') };
}

function elements(node: Node): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n) out.push(n);
    const kids = 'childNodes' in n ? n.childNodes : [];
    for (const c of kids) walk(c);
    if ('content' in n && n.content) walk(n.content as Node);
  };
  walk(node);
  return out;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const byId = (all: Element[], id: string) => all.find((e) => attr(e, 'id') === id)!;
const byTag = (root: Node, tag: string) => elements(root).filter((e) => e.tagName === tag);
function text(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return ('childNodes' in n ? n.childNodes : []).map(text).join('');
}

describe('report --format html (parsed)', () => {
  let html: string;
  let doc: DefaultTreeAdapterMap['document'];
  let all: Element[];
  before(() => {
    html = report('test-fixtures/demo', 'demo-report.html').html;
    doc = parse(html);
    all = elements(doc);
  });

  it('is one self-contained page: no external URL, no import, a CSP that allows only its own style and script', () => {
    for (const el of all) {
      for (const a of el.attrs) {
        if (['src', 'href', 'action', 'formaction', 'poster', 'srcset', 'data', 'xlink:href'].includes(a.name)) {
          assert.ok(a.name === 'href' && a.value.startsWith('#'), `<${el.tagName} ${a.name}="${a.value}">`);
        }
      }
    }
    const styles = byTag(doc, 'style');
    const scripts = byTag(doc, 'script');
    assert.equal(styles.length, 1);
    assert.equal(scripts.length, 1);
    assert.equal(byTag(doc, 'link').length, 0);
    const css = text(styles[0]);
    assert.doesNotMatch(css, /@import|url\(/);
    assert.doesNotMatch(html, /https?:\/\//, 'no URL anywhere in the demo report');
    const csp = attr(all.find((e) => attr(e, 'http-equiv') === 'Content-Security-Policy')!, 'content')!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    assert.match(csp, /^default-src 'none';/);
    assert.ok(csp.includes(`style-src ${hash(css)}`), csp);
    assert.ok(csp.includes(`script-src ${hash(text(scripts[0]))}`), csp);
  });

  it('shows the coverage totals with a chart and per spec file', () => {
    const donut = all.find((e) => e.tagName === 'svg' && attr(e, 'role') === 'img')!;
    assert.match(attr(donut, 'aria-label')!, /^50% /);
    const totals = Object.fromEntries(byTag(byId(all, 'overview'), 'div').filter((d) => byTag(d, 'dt').length === 1).map((d) => [text(byTag(d, 'dt')[0]), text(byTag(d, 'dd')[0])]));
    assert.equal(totals.Requirements, '8');
    assert.equal(totals.Covered, '3 / 6');
    assert.equal(totals.Broken, '1');
    const files = byTag(byId(all, 'files-table'), 'tr').slice(1).map((tr) => byTag(tr, 'td').map((td) => text(td).trim()));
    assert.deepEqual(files, [
      ['docs/api.yaml', '2', '2', '1', '50%'],
      ['docs/requirements.md', '6', '4', '2', '50%'],
    ]);
  });

  it('has a traceability matrix: requirement → impl and test locations, status, version', () => {
    const table = byId(all, 'matrix-table');
    const head = byTag(table, 'th').map((th) => text(th));
    assert.deepEqual(head, ['ID', 'Title', 'Status', 'Version', 'Coverage', 'Implemented in', 'Tested in', 'Defined at']);
    const rows = byTag(byTag(table, 'tbody')[0], 'tr');
    assert.equal(rows.length, 8);
    const auth1 = rows.find((r) => attr(r, 'data-search')!.startsWith('auth-001 '))!;
    const cells = byTag(auth1, 'td');
    assert.deepEqual(byTag(cells[5], 'li').map(text), ['src/auth/login.ts:9:10 @2', 'web/index.html:3:26']);
    assert.deepEqual(byTag(cells[6], 'li').map(text), ['tests/login.test.ts:3:14']);
    assert.deepEqual([text(cells[2]), text(cells[3]), text(cells[7])], ['approved', '2', 'docs/requirements.md:6']);
    assert.equal(attr(byTag(cells[0], 'a')[0], 'href'), '#req-AUTH-001');
    const bill = rows.find((r) => attr(r, 'data-search')!.startsWith('bill-001 '))!;
    assert.deepEqual([attr(bill, 'data-state'), attr(bill, 'data-broken')], ['uncovered', 'true']);
  });

  it('has a section per spec file with every requirement and its text', () => {
    const specs = byTag(byId(all, 'specs'), 'section').filter((s) => attr(s, 'class') === 'spec');
    assert.deepEqual(specs.map((s) => attr(s, 'id')), ['spec-docs_api.yaml', 'spec-docs_requirements.md']);
    const auth1 = byId(all, 'req-AUTH-001');
    assert.match(text(byTag(auth1, 'h4')[0]), /^AUTH-001: Users can log in with email and password covered/);
    const para = byTag(auth1, 'p')[0];
    assert.match(text(para), /A registered user signs in with their email address and password\. After\s*five failed attempts/);
    assert.equal(text(byTag(para, 'strong')[0]), '15 minutes');
    assert.equal(byTag(para, 'br').length, 1, 'the line break of the source is kept');
    const bill = byId(all, 'req-BILL-001');
    assert.equal(text(byTag(bill, 'code')[0]), '## BILL-999: An example inside a code block is not a definition');
  });
});

describe('report --format html with hostile requirements (parsed)', () => {
  let doc: DefaultTreeAdapterMap['document'];
  let all: Element[];
  before(() => {
    doc = parse(report('test/data/hostile', 'hostile-report.html').html);
    all = elements(doc);
  });

  it('escapes titles and renders requirement text as safe Markdown', () => {
    assert.equal(byTag(doc, 'script').length, 1, 'only the report\'s own script');
    assert.equal(byTag(doc, 'img').length, 0);
    for (const el of all) {
      for (const a of el.attrs) assert.ok(!/^on/i.test(a.name), `<${el.tagName} ${a.name}>`);
      const href = attr(el, 'href');
      if (href !== undefined) assert.ok(href.startsWith('#'), href);
    }
    const req = byId(all, 'req-XSS-001');
    assert.ok(text(byTag(req, 'h4')[0]).startsWith('XSS-001: <script>alert("title")</script> & "quotes", commas | pipes'));
    const body = byTag(req, 'div').find((d) => attr(d, 'class') === 'text')!;
    const p = byTag(body, 'p')[0];
    assert.match(text(p), /^<img src=x onerror="alert\('text'\)"> is bold, <code>, em and em\./);
    assert.deepEqual(byTag(p, 'strong').map(text), ['bold']);
    assert.deepEqual(byTag(p, 'em').map(text), ['em', 'em']);
    assert.deepEqual(byTag(p, 'code').map(text), ['<code>']);
    assert.match(text(p), /See \[the docs\]\(javascript:alert\('link'\)\) and <a href="https:\/\/example\.com\/x">a link<\/a>\./);
    assert.equal(text(byTag(byTag(body, 'pre')[0], 'code')[0]), "<script>alert('fence')</script>");
    assert.deepEqual(byTag(byTag(body, 'ul')[0], 'li').map(text), ['item <b>one</b>', 'item two']);
  });
});

describe('report --format html of a large workspace (several MB, written in batches)', () => {
  const N = 1500;
  let ws: string;
  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-html-large-'));
    const text = 'The system shall do what this sentence says, and say it at some length. '.repeat(8);
    const reqs = Array.from({ length: N }, (_, i) => `## BIG-${i}: Requirement number ${i}\n\n${text}\n`);
    fs.mkdirSync(path.join(ws, 'docs'));
    fs.writeFileSync(path.join(ws, 'docs/spec.md'), `# Spec\n\n${reqs.join('\n')}`);
    fs.mkdirSync(path.join(ws, 'src'));
    for (let f = 0; f < 30; f++) {
      const lines = Array.from({ length: N / 30 }, (_, i) => `// @impl BIG-${f * (N / 30) + i}\n// @impl BIG-${(f * 7 + i) % N}`);
      fs.writeFileSync(path.join(ws, `src/m${f}.ts`), `${lines.join('\n')}\nexport const x = ${f};\n`);
    }
    fs.mkdirSync(path.join(ws, 'tests'));
    fs.writeFileSync(path.join(ws, 'tests/all.test.ts'), Array.from({ length: N }, (_, i) => `// @test BIG-${i}\n`).join(''));
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('is the same page whether written to a file or to standard output, whole, with every requirement', () => {
    const file = path.join(ws, 'report.html');
    assert.equal(runCli(['report', ws, '--format', 'html', '--output', file]).code, 0);
    const written = fs.readFileSync(file, 'utf8');
    const piped = spawnSync(process.execPath, [path.join(ROOT, 'server/dist/cli.js'), 'report', ws, '--format', 'html'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(piped.status, 0, piped.stderr);
    assert.ok(written.length > 2 * (1 << 20), `a report of ${written.length} characters spans several 1 MB batches`);
    assert.ok(written === piped.stdout, 'the file and standard output differ');
    assert.ok(written.endsWith('</html>\n'));
    const all = elements(parse(written));
    const articles = all.filter((e) => e.tagName === 'article' && attr(e, 'class') === 'req');
    assert.deepEqual(
      articles.map((a) => attr(a, 'id')),
      Array.from({ length: N }, (_, i) => `req-BIG-${i}`),
    );
    const rows = all.filter((e) => e.tagName === 'tr' && attr(e, 'data-state') !== undefined);
    assert.equal(rows.length, N);
    assert.equal(rows.filter((r) => attr(r, 'data-state') === 'covered').length, N);
  });
});

describe('report --format html in headless Chromium', function () {
  this.timeout(60000);
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) assert.fail(`${CHROMIUM} is missing (apt-get install chromium)`);
      console.log(`      skipped: no ${CHROMIUM} (apt-get install chromium)`);
      this.skip();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<void> {
    page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
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
  }

  const visibleIds = () => page.$$eval('#matrix-table tbody tr:not([hidden]) td.id', (tds) => tds.map((td) => td.textContent));
  const count = () => page.textContent('#count');

  it('sorts by a clicked column and filters by text, coverage state and status', async () => {
    const { file } = report('test-fixtures/demo', 'demo-report.html');
    await open(file);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-overview.png') });

    await page.click('#matrix-table th:nth-child(1) button');
    assert.equal(await page.getAttribute('#matrix-table th:nth-child(1)', 'aria-sort'), 'ascending');
    const ascending = await visibleIds();
    assert.deepEqual(ascending, ['API-001', 'API-002', 'AUTH-001', 'AUTH-002', 'AUTH-003', 'AUTH-004', 'AUTH-005', 'BILL-001']);
    await page.click('#matrix-table th:nth-child(1) button');
    assert.deepEqual(await visibleIds(), [...ascending].reverse());
    // Implemented-in sorts by the number of locations, numerically.
    await page.click('#matrix-table th:nth-child(6) button');
    const implCounts = await page.$$eval('#matrix-table tbody tr td:nth-child(6)', (tds) => tds.map((td) => Number(td.getAttribute('data-sort'))));
    assert.deepEqual(implCounts, [...implCounts].sort((a, b) => a - b));
    assert.equal(await page.getAttribute('#matrix-table th:nth-child(1)', 'aria-sort'), 'none');

    await page.fill('#filter', 'auth');
    assert.deepEqual((await visibleIds()).sort(), ['AUTH-001', 'AUTH-002', 'AUTH-003', 'AUTH-004', 'AUTH-005']);
    assert.equal(await count(), '5 of 8 requirements');
    await page.fill('#filter', 'session.py');
    assert.deepEqual(await visibleIds(), ['AUTH-002'], 'reference files are searchable');
    await page.fill('#filter', '');
    await page.selectOption('#state', 'uncovered');
    assert.deepEqual((await visibleIds()).sort(), ['API-002', 'AUTH-002', 'BILL-001']);
    await page.locator('#matrix').screenshot({ path: path.join(ARTIFACTS, 'report-matrix-uncovered.png') });
    await page.selectOption('#state', 'broken');
    assert.deepEqual(await visibleIds(), ['BILL-001']);
    await page.selectOption('#state', '');
    await page.selectOption('#status', 'draft');
    assert.deepEqual(await visibleIds(), ['AUTH-004']);
    await page.fill('#filter', 'no such thing');
    assert.equal(await count(), '0 of 8 requirements');
    assert.equal(await page.isVisible('#empty'), true);
    await page.fill('#filter', '');
    await page.selectOption('#status', '');
    assert.equal(await count(), '8 of 8 requirements');

    await page.click('#matrix-table td.id a >> text=BILL-001');
    assert.equal(await page.evaluate(() => location.hash), '#req-BILL-001');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-full.png'), fullPage: true });

    assert.deepEqual(requests, ['file://' + file], 'no request but the page itself');
    assert.deepEqual(problems, [], 'no script error, no CSP violation');
  });

  it('runs nothing from hostile requirements', async () => {
    const { file } = report('test/data/hostile', 'hostile-report.html');
    await open(file);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-hostile.png'), fullPage: true });
    assert.equal(await page.textContent('#req-XSS-001 h4 ~ .text pre code'), "<script>alert('fence')</script>");
    assert.deepEqual(requests, ['file://' + file]);
    assert.deepEqual(problems, []);
  });
});
