/**
 * `reqtrace report --format html`, read as a file: with a real HTML parser
 * (parse5) for structure, self-containment and escaping, and its embedded
 * data decoded as the page decodes it. The page in a browser is
 * htmlReportBrowser.test.ts; `--history` is htmlReportHistory.test.ts.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { Envelope, PageData } from '../../server/src/cli/reporters/html/pageData';
import { embedData, escapeJsonForHtml } from '../../server/src/cli/reporters/html/reportData';
import { pageScript } from '../../server/src/cli/reporters/html/pageScript';
import { runCli } from './fixtures.test';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'artifacts/reports');

/** Writes the report of a workspace to artifacts/reports/NAME. */
export function report(ws: string, name: string, extra: string[] = []): { file: string; html: string } {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  const r = runCli(['report', ws, '--format', 'html', '--output', file, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return { file, html: fs.readFileSync(file, 'utf8') };
}

export function elements(node: Node): Element[] {
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

export const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const byId = (all: Element[], id: string) => all.find((e) => attr(e, 'id') === id)!;
export const byTag = (root: Node, tag: string) => elements(root).filter((e) => e.tagName === tag);
export function text(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return ('childNodes' in n ? n.childNodes : []).map(text).join('');
}

/** The page's data, decoded from its script element as the page does. */
export function embedded(html: string): { envelope: Envelope; data: PageData } {
  const script = byTag(parse(html), 'script').find((s) => attr(s, 'type') === 'application/json')!;
  const envelope = JSON.parse(text(script)) as Envelope;
  const data = 'json' in envelope ? envelope.json : (JSON.parse(gunzipSync(Buffer.from(envelope.gzip, 'base64')).toString('utf8')) as PageData);
  return { envelope, data };
}

describe('report --format html (parsed)', () => {
  let html: string;
  let doc: DefaultTreeAdapterMap['document'];
  let all: Element[];
  before(() => {
    html = report('test-fixtures/demo', 'demo-report.html', ['--group-by', 'release']).html;
    doc = parse(html);
    all = elements(doc);
  });

  it('is one self-contained page: no external URL, no import, a CSP that allows only its own style and page script', () => {
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
    assert.deepEqual(scripts.map((s) => attr(s, 'type')), ['application/json', undefined], 'the data, then the page script');
    assert.equal(byTag(doc, 'link').length, 0);
    const css = text(styles[0]);
    assert.doesNotMatch(css, /@import|url\(/);
    assert.doesNotMatch(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ''), /https?:\/\//, 'no URL anywhere in the demo report but the SVG namespace');
    const csp = attr(all.find((e) => attr(e, 'http-equiv') === 'Content-Security-Policy')!, 'content')!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    assert.match(csp, /^default-src 'none';/);
    assert.ok(csp.includes(`style-src ${hash(css)}`), csp);
    assert.ok(csp.includes(`script-src ${hash(text(scripts[1]))}`), csp);
  });

  it('embeds the page script built from html/page/ (the bundle and a run from source agree)', () => {
    assert.equal(text(byTag(doc, 'script')[1]), pageScript());
  });

  it('shows the coverage totals with a chart, without the script', () => {
    const donut = all.find((e) => e.tagName === 'svg' && attr(e, 'role') === 'img')!;
    assert.match(attr(donut, 'aria-label')!, /^50% /);
    const totals = Object.fromEntries(byTag(byId(all, 'overview'), 'div').filter((d) => byTag(d, 'dt').length === 1).map((d) => [text(byTag(d, 'dt')[0]), text(byTag(d, 'dd')[0])]));
    assert.equal(totals.Requirements, '8');
    assert.equal(totals.Covered, '3 / 6');
    assert.equal(totals.Broken, '1');
  });

  it('embeds the report as compact data: every requirement, its roll-up, references and groups as the JSON report has them', () => {
    const { envelope, data } = embedded(html);
    assert.ok('json' in envelope, 'a small report stays readable JSON');
    const json = JSON.parse(runCli(['report', 'test-fixtures/demo', '--format', 'json', '--group-by', 'release']).stdout);
    assert.deepEqual(data.req.id, json.requirements.map((r: { id: string }) => r.id));
    const rollups = json.requirements.flatMap((r: { rollup: { needing: number; covered: number } }) => [r.rollup.needing, r.rollup.covered]);
    assert.deepEqual(data.req.rollup, rollups, 'the roll-up is the report model’s');
    assert.equal(data.groupBy, 'release');
    const groups = data.groups.release.map((g) => ({ key: g.key, requirements: g.members.map((i) => data.req.id[i]), needing: g.needing, covered: g.covered, coverage: g.coverage }));
    assert.deepEqual(groups, json.groups);
    const auth1 = data.req.id.indexOf('AUTH-001');
    const refs: string[] = [];
    let k = 0;
    data.refs.files.forEach((f, n) => {
      let line = 0;
      for (let c = 0; c < data.refs.counts[n]; c++, k++) {
        line += data.refs.lineDelta[k];
        if (data.refs.req[k] === auth1) refs.push(`${data.strings[data.refs.kind[k]]} ${data.strings[f]}:${line}:${data.refs.col[k]}`);
      }
    });
    assert.deepEqual(refs, ['impl src/auth/login.ts:9:10', 'test tests/login.test.ts:3:14', 'impl web/index.html:3:26']);
    assert.equal(data.refs.pins.length, 4, 'two pinned references (AUTH-001@2, AUTH-002@0): index, pin each');
    assert.equal(data.req.text[auth1].split('\n')[0], 'A registered user signs in with their email address and password. After');
  });
});

describe('report --format html: embedded data cannot break out of its script element', () => {
  const hostile = ['</script><script>alert(1)</script>', '<!-- <script>', '</SCRIPT >', 'line\u2028separator\u2029', '"quotes" & \\backslash'];

  it('escapes < and the line separators, and the JSON reads back the same', () => {
    const json = JSON.stringify({ titles: hostile });
    const safe = escapeJsonForHtml(json);
    assert.doesNotMatch(safe, /<|\u2028|\u2029/);
    assert.deepEqual(JSON.parse(safe), { titles: hostile });
  });

  it('keeps a report with such titles, plain or gzipped, to exactly its two script elements', () => {
    const data = { v: 1, req: { title: hostile } } as unknown as PageData;
    for (const limit of [Infinity, 0]) {
      const html = `<!DOCTYPE html><html><head></head><body><script type="application/json" id="d">${embedData(data, limit)}</script><script>x</script></body></html>`;
      const scripts = byTag(parse(html), 'script');
      assert.equal(scripts.length, 2);
      const envelope = JSON.parse(text(scripts[0])) as Envelope;
      const back = 'json' in envelope ? envelope.json : JSON.parse(gunzipSync(Buffer.from(envelope.gzip, 'base64')).toString('utf8'));
      assert.deepEqual(back.req.title, hostile, limit === 0 ? 'gzipped' : 'plain');
    }
  });

  it('the hostile fixture’s report has no element the workspace made', () => {
    const { html } = report('test/data/hostile', 'hostile-report.html');
    const doc = parse(html);
    assert.equal(byTag(doc, 'script').length, 2);
    assert.equal(byTag(doc, 'img').length, 0);
    for (const el of elements(doc)) for (const a of el.attrs) assert.ok(!/^on/i.test(a.name), `<${el.tagName} ${a.name}>`);
    const { data } = embedded(html);
    assert.ok(data.req.title.includes('<script>alert("title")</script> & "quotes", commas | pipes'));
  });
});

describe('report --format html of a large workspace (gzipped data, written in batches)', () => {
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

  it('is the same page whether written to a file or to standard output, with every requirement, and small', () => {
    const file = path.join(ws, 'report.html');
    assert.equal(runCli(['report', ws, '--format', 'html', '--output', file]).code, 0);
    const written = fs.readFileSync(file, 'utf8');
    const piped = spawnSync(process.execPath, [path.join(ROOT, 'server/dist/cli.js'), 'report', ws, '--format', 'html'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(piped.status, 0, piped.stderr);
    assert.ok(written === piped.stdout, 'the file and standard output differ');
    assert.ok(written.endsWith('</html>\n'));
    // 1500 requirements with about 1 KB of text each: the static page was over 2 MB.
    assert.ok(written.length < 300_000, `${written.length} characters`);
    const { envelope, data } = embedded(written);
    assert.ok('gzip' in envelope, 'large data is gzipped');
    assert.deepEqual(data.req.id, Array.from({ length: N }, (_, i) => `BIG-${i}`));
    assert.equal(data.refs.req.length, 3 * N);
    assert.ok(data.req.state.every((s) => s === 0), 'all covered');
  });
});
