/**
 * The CI formats of `reqtrace check`: SARIF (validated against the SARIF
 * 2.1.0 schema), JUnit (read back with an XML parser), GitHub workflow
 * commands, Markdown and CSV — on the demo and on a workspace whose titles
 * and text try to break every format.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { escapeData, escapeProperty } from '../../server/src/cli/reporters/githubReporter';
import { CSV_COLUMNS } from '../../server/src/cli/reporters/csvReporter';
import { DIAGNOSTIC_CODES } from '../../server/src/core/types';
import { runCli } from './fixtures.test';

const ROOT = path.resolve(__dirname, '../..');
const DEMO = 'test-fixtures/demo';
const HOSTILE = 'test/data/hostile';
const SCHEMA = path.join(ROOT, 'test/data/sarif-2.1.0-rtm.5.json');
const XSS_TITLE = '<script>alert("title")</script> & "quotes", commas | pipes';

function check(args: string[], env: Record<string, string> = {}) {
  const r = runCli(['check', ...args], ROOT, env);
  assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
  return r;
}

function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
  // The schema's `language` pattern has a stray `]` that only non-Unicode regular expressions accept.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('check --format sarif', () => {
  it('ships the schema named in test/data/README.md, unchanged', () => {
    const sha = createHash('sha256').update(fs.readFileSync(SCHEMA)).digest('hex');
    assert.equal(sha, '2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8');
    assert.ok(fs.existsSync(path.join(ROOT, 'test/data/sarif-2.1.0-rtm.5.LICENSE.txt')));
  });

  it('is valid SARIF 2.1.0, and the validator does reject invalid logs', () => {
    const validate = sarifValidator();
    for (const ws of [DEMO, HOSTILE, 'test-fixtures/links', 'test-fixtures/invalid-config']) {
      const log = JSON.parse(check([ws, '--format', 'sarif']).stdout);
      assert.ok(validate(log), `${ws}: ${JSON.stringify(validate.errors, null, 1)}`);
    }
    const log = JSON.parse(check([DEMO, '--format', 'sarif']).stdout);
    log.runs[0].results[0].level = 'fatal';
    assert.equal(validate(log), false, 'a wrong level must not validate');
  });

  it('has one described rule per diagnostic code and located results with the requirement', () => {
    const log = JSON.parse(check([DEMO, '--format', 'sarif']).stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'reqtrace');
    const rules = run.tool.driver.rules;
    assert.deepEqual(rules.map((r: { id: string }) => r.id), [...DIAGNOSTIC_CODES]);
    for (const r of rules) {
      assert.ok(r.shortDescription.text && r.fullDescription.text && r.help.text && r.help.markdown, r.id);
      assert.notEqual(r.shortDescription.text, r.fullDescription.text, r.id);
    }
    assert.equal(run.results.length, 7);
    const unknown = run.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-requirement');
    assert.equal(unknown.level, 'error');
    assert.equal(rules[unknown.ruleIndex].id, 'unknown-requirement');
    assert.equal(unknown.message.text, 'unknown requirement AUTH-01; did you mean AUTH-001?');
    assert.deepEqual(unknown.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/auth/login.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 22, startColumn: 46, endLine: 22, endColumn: 53 },
    });
    assert.deepEqual(unknown.properties, { requirement: 'AUTH-01' });
    const stale = run.results.find((x: { ruleId: string }) => x.ruleId === 'stale-reference');
    assert.equal(stale.level, 'warning');
    assert.equal(stale.properties.requirement, 'AUTH-002');
  });

  it('percent-encodes URIs and keeps hostile messages as data', () => {
    const log = JSON.parse(check([HOSTILE, '--format', 'sarif']).stdout);
    const uris = log.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['docs/spec.md', 'src/a%2Cb.ts', 'src/a%2Cb.ts']);
    assert.ok(log.runs[0].results.some((x: { message: { text: string } }) => x.message.text === 'XSS-003 is deprecated: 100% done: yes, really'));
  });
});

describe('check --format junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

  interface Case {
    name: string;
    file: string;
    line: string;
    failure?: { type: string; message: string; '#text': string };
    skipped?: { message: string };
  }
  interface Suite {
    name: string;
    tests: string;
    failures: string;
    skipped: string;
    testcase?: Case[];
  }

  function parse(ws: string): { suites: Suite[]; root: Record<string, string> } {
    const xml = check([ws, '--format', 'junit']).stdout;
    const doc = parser.parse(xml, true);
    return { suites: doc.testsuites.testsuite, root: doc.testsuites };
  }

  it('has a test case per requirement, failed when uncovered or broken, and a failure per error diagnostic', () => {
    const { suites, root } = parse(DEMO);
    assert.deepEqual(suites.map((s) => s.name), ['docs/api.yaml', 'docs/requirements.md', 'reqtrace diagnostics']);
    const cases = suites.flatMap((s) => s.testcase ?? []);
    const byName = (prefix: string) => cases.find((c) => c.name.startsWith(prefix))!;
    assert.equal(byName('API-001: ').failure, undefined);
    assert.equal(byName('API-002: ').failure!.type, 'uncovered-requirement');
    assert.match(byName('API-002: ').failure!.message, /no test coverage/);
    assert.equal(byName('BILL-001: ').failure!.type, 'uncovered-requirement broken-link', 'uncovered and broken');
    assert.match(byName('AUTH-004: ').skipped!.message, /draft/);
    assert.equal(byName('AUTH-003: ').file, 'docs/requirements.md');
    assert.equal(byName('AUTH-003: ').line, '22');
    const diag = suites[2].testcase!;
    assert.deepEqual(diag.map((c) => c.name), ['docs/requirements.md:45:9 broken-link', 'src/auth/login.ts:22:46 unknown-requirement']);
    assert.ok(diag.every((c) => c.failure));
    // The counts agree with the cases, per suite and in total.
    let tests = 0, failures = 0, skipped = 0;
    for (const s of suites) {
      const cs = s.testcase ?? [];
      assert.equal(Number(s.tests), cs.length, s.name);
      assert.equal(Number(s.failures), cs.filter((c) => c.failure).length, s.name);
      assert.equal(Number(s.skipped), cs.filter((c) => c.skipped).length, s.name);
      tests += cs.length; failures += Number(s.failures); skipped += Number(s.skipped);
    }
    assert.deepEqual([Number(root.tests), Number(root.failures), Number(root.skipped)], [tests, failures, skipped]);
    assert.deepEqual([tests, failures, skipped], [10, 5, 2]);
  });

  it('escapes titles and messages: the parser reads back the original text', () => {
    const { suites } = parse(HOSTILE);
    const names = suites.flatMap((s) => s.testcase ?? []).map((c) => c.name);
    assert.ok(names.includes(`XSS-001: ${XSS_TITLE}`), names.join('\n'));
    assert.ok(names.includes('XSS-002: =HYPERLINK("http://evil.example","click")'));
  });
});

describe('check --format github', () => {
  it('prints one workflow command per diagnostic, then the summary line', () => {
    const lines = check([DEMO, '--format', 'github']).stdout.trimEnd().split('\n');
    assert.equal(lines.length, 8);
    assert.ok(
      lines.includes('::error file=src/auth/login.ts,line=22,col=46,endLine=22,endColumn=53,title=reqtrace unknown-requirement (AUTH-01)::unknown requirement AUTH-01; did you mean AUTH-001?'),
      lines.join('\n'),
    );
    assert.match(lines[0], /^::warning file=docs\/api\.yaml,line=8,col=9,/);
    assert.match(lines[7], /^8 requirements: /);
  });

  it('escapes data and properties as the runner reads them', () => {
    assert.equal(escapeData('100% a\r\nb'), '100%25 a%0D%0Ab');
    assert.equal(escapeProperty('a:b,c%d\ne'), 'a%3Ab%2Cc%25d%0Ae');
    const out = check([HOSTILE, '--format', 'github']).stdout;
    assert.match(out, /^::warning file=src\/a%2Cb\.ts,line=4,col=20,.*::XSS-003 is deprecated: 100%25 done: yes, really$/m);
    assert.match(out, /^::error file=src\/a%2Cb\.ts,line=5,/m);
  });

  it('maps info to notice', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-info-'));
    fs.writeFileSync(path.join(ws, 'reqtrace.yaml'), 'severity:\n  uncovered-requirement: info\n');
    fs.writeFileSync(path.join(ws, 'spec.md'), '## REQ-1: Something\n\nStatus: approved\n');
    const out = check([ws, '--format', 'github']).stdout;
    assert.match(out, /^::notice file=spec\.md,line=1,col=4,.*title=reqtrace uncovered-requirement \(REQ-1\)::/m);
  });

  it('is the default under GitHub Actions, and appends a Markdown summary to GITHUB_STEP_SUMMARY', () => {
    const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-gh-')), 'summary.md');
    fs.writeFileSync(summary, 'before\n');
    const r = check([DEMO], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error file=/m);
    const md = fs.readFileSync(summary, 'utf8');
    assert.ok(md.startsWith('before\n## reqtrace: 50% of requirements covered\n'), md.slice(0, 200));
    // An explicit format wins, and other formats leave the summary alone.
    assert.match(check([DEMO, '--format', 'text'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }).stdout, /^src\/auth\/login\.ts:22:46: error/m);
    assert.equal(fs.readFileSync(summary, 'utf8'), md);
  });
});

describe('check --format markdown', () => {
  it('summarises coverage per spec file, uncovered and broken requirements', () => {
    const md = check([DEMO, '--format', 'markdown']).stdout;
    assert.match(md, /^## reqtrace: 50% of requirements covered$/m);
    assert.match(md, /^\| `docs\/requirements\.md` \| 6 \| 4 \| 2 \| 50% \|$/m);
    assert.match(md, /^### Uncovered requirements \(3\)$/m);
    assert.match(md, /^\| API-002 \| Rate limiting \| test \| `docs\/api\.yaml:8` \|$/m);
    assert.match(md, /^### Broken requirements \(1\)$/m);
    assert.match(md, /^\| BILL-001 \| .* \| broken-link: parent FIN-100 of BILL-001 is not defined \| `docs\/requirements\.md:45:9` \|$/m);
  });

  it('shows hostile titles as text: no HTML, no broken table', () => {
    const md = check([HOSTILE, '--format', 'markdown']).stdout;
    assert.doesNotMatch(md, /<script|<img|<a /i);
    const row = md.split('\n').find((l) => l.startsWith('| XSS-002 '))!;
    // Four cells: the pipes in the title are escaped.
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 4, row);
  });
});

describe('check --format csv', () => {
  /** RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
  function parseCsv(text: string): string[][] {
    assert.ok(text.endsWith('\r\n'));
    const rows: string[][] = [];
    let row: string[] = [];
    let i = 0;
    while (i < text.length) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; }
          else if (text[i] === '"') { i++; break; }
          else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
      }
      row.push(field);
      if (text[i] === ',') i++;
      else if (text.startsWith('\r\n', i)) { rows.push(row); row = []; i += 2; }
      else assert.fail(`unexpected character at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`);
    }
    return rows;
  }

  it('has one row per requirement with counts and locations', () => {
    const rows = parseCsv(check([DEMO, '--format', 'csv']).stdout);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, 9);
    const auth1 = Object.fromEntries(rows[0].map((k, i) => [k, rows.find((r) => r[0] === 'AUTH-001')![i]]));
    assert.deepEqual(auth1, {
      id: 'AUTH-001', title: 'Users can log in with email and password', status: 'approved', version: '2',
      file: 'docs/requirements.md', line: '6', covered: 'true', impl: '2', test: '1', missing: '',
      impl_locations: 'src/auth/login.ts:9:10; web/index.html:3:26', test_locations: 'tests/login.test.ts:3:14', release: '1.0',
    });
    assert.deepEqual(rows.find((r) => r[0] === 'API-002')!.slice(6, 10), ['false', '1', '0', 'test']);
  });

  it('quotes per RFC 4180 and defuses formulas', () => {
    const rows = parseCsv(check([HOSTILE, '--format', 'csv']).stdout);
    assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
    assert.equal(rows[1][1], XSS_TITLE);
    assert.equal(rows[1][10], 'src/a,b.ts:1:10');
    assert.equal(rows[2][1], `'=HYPERLINK("http://evil.example","click")`);
  });
});

describe('every format', () => {
  const formats = ['text', 'json', 'sarif', 'junit', 'github', 'markdown', 'html', 'csv'];

  for (const format of formats) {
    it(`${format}: deterministic, and no absolute path`, () => {
      const a = check([DEMO, '--format', format]);
      const b = check([DEMO, '--format', format]);
      assert.equal(a.stdout, b.stdout);
      assert.ok(a.stdout.length > 100);
      assert.ok(!a.stdout.includes(ROOT), `mentions ${ROOT}`);
      assert.ok(!a.stdout.includes(os.tmpdir() + '/'), 'mentions the temp folder');
    });
  }

  it('keeps the JSON contract: the same bytes whatever other formats run', () => {
    const plain = check([DEMO, '--format', 'json']).stdout;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-json-'));
    check([DEMO, '--format', 'sarif', '--output', path.join(dir, 'r.sarif'), '--format', 'json', '--output', path.join(dir, 'r.json')]);
    assert.equal(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'), plain);
    const keys = Object.keys(JSON.parse(plain));
    assert.deepEqual(keys, ['version', 'summary', 'requirements', 'diagnostics']);
  });
});
