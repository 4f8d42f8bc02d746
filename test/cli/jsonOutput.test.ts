/**
 * The JSON report is streamed to its output in pieces (reporters/jsonReporter.ts)
 * and a report file is written beside its name, then renamed over it
 * (outputs.ts). The contract both keep: the bytes are exactly
 * `JSON.stringify(report, null, 2) + '\n'`, to stdout and to a file, at any
 * size (the golden fixtures check it too, in fixtures.test.ts); a failed write is a usage error naming the file, and leaves neither a
 * half-written report nor a stray temporary file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeReportFile } from '../../server/src/cli/outputs';
import { render } from '../../server/src/cli/reporters/index';
import { JSON_PIECE_CHARS, renderJson } from '../../server/src/cli/reporters/jsonReporter';
import type { TraceModel } from '../../server/src/cli/reporters/traceModel';
import { canonical, runCli } from './fixtures.test';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-json-out-'));
}

/** A workspace whose JSON report is several pieces long: `n` requirements, half of them referenced, with a few unknown IDs. */
function largeWorkspace(n: number): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.mkdirSync(path.join(dir, 'src'));
  const reqs = Array.from({ length: n }, (_, i) => `## BIG-${i}: Requirement «${i}» with "quotes" and a \\ backslash\nTags: t${i % 7}\n`);
  fs.writeFileSync(path.join(dir, 'docs', 'spec.md'), `# Big\n\n${reqs.join('\n')}`);
  const refs = Array.from({ length: n / 2 }, (_, i) => `// @impl BIG-${i * 2}\n// @impl BIG-X${i}\n`);
  fs.writeFileSync(path.join(dir, 'src', 'a.ts'), refs.join(''));
  return dir;
}

describe('JSON output in pieces', () => {
  it('renderJson gives the bytes of JSON.stringify(value, null, 2) and a newline, in pieces of about 64K', () => {
    const values: unknown[] = [
      { version: 1, empty: [], none: {}, missing: undefined, nil: null, list: [1, 'two', undefined, { deep: [[]] }] },
      ['é', '\u2028', '\ud83d\ude00', '\ud800', 'tab\tquote"back\\slash', -0, 1e21, 0.1 + 0.2],
      'just a string',
      [],
      {},
    ];
    for (const v of values) assert.equal([...renderJson(v)].join(''), JSON.stringify(v, null, 2) + '\n');
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ id: `R-${i}`, text: 'x'.repeat(i % 50), n: [i, i + 1] })) };
    const pieces = [...renderJson(big)];
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    assert.ok(Math.max(...pieces.map((p) => p.length)) < 2 * JSON_PIECE_CHARS, 'no piece much larger than asked');
    assert.equal(pieces.join(''), JSON.stringify(big, null, 2) + '\n');
  });

  it('renderJson matches JSON.stringify where it walks a value itself and where the native serialiser writes it', () => {
    // Large values are walked here, small ones handed to JSON.stringify whole: both kinds, nested in each other.
    // Every value is large (over 100k values in all), or it would be made whole at once.
    const pad = () => Array.from({ length: 100_001 }, (_, i) => i);
    const hot = { id: 'HOT-1', references: Array.from({ length: 3000 }, (_, i) => ({ file: `src/f${i}.ts`, line: i, kinds: i % 3 ? ['impl'] : [] })) };
    let getterReads = 0;
    const values: unknown[] = [
      { requirements: [hot, { id: 'COLD-1', references: [] }, hot], 'a "quoted"\nkey': 1, pad: pad() },
      {
        when: new Date(0),
        custom: { toJSON: () => ({ replaced: Array.from({ length: 400 }, (_, i) => i) }) },
        boxed: [Object(1), Object('s'), Object(false), Object('x'.repeat(300))],
        longBoxed: Object('y'.repeat(300)),
        dropped: () => 1,
        pad: pad(),
      },
      Array.from({ length: 100_001 }, (_, i) => (i % 5 === 0 ? undefined : i % 5 === 1 ? () => i : i % 5 === 2 ? { nested: { deeper: [i, { x: undefined, y: null }] } } : [[], {}, [i]])),
      {
        first: Array.from({ length: 500 }, (_, i) => `s${i}`),
        get later() {
          getterReads++;
          return { rows: Array.from({ length: 300 }, (_, i) => ({ i })) };
        },
        pad: pad(),
      },
    ];
    for (const v of values) assert.equal([...renderJson(v)].join(''), JSON.stringify(v, null, 2) + '\n');
    assert.ok(getterReads > 0);
    const pieces = [...renderJson({ requirements: Array.from({ length: 40 }, () => hot) })];
    assert.ok(Math.max(...pieces.map((p) => p.length)) < 2 * JSON_PIECE_CHARS, 'a large element is cut into pieces too');
  });

  it('cuts a small document made at once into pieces, never between the halves of a surrogate pair', () => {
    // Each piece is encoded alone: a pair cut in two would be written as two replacement characters.
    for (const shift of [0, 1, 2, 3]) {
      const v = { text: 'x'.repeat(JSON_PIECE_CHARS - 12 - shift) + '\ud83d\ude00'.repeat(4) + 'y'.repeat(JSON_PIECE_CHARS) };
      const pieces = [...renderJson(v)];
      assert.ok(pieces.length >= 2, `${pieces.length} pieces`);
      assert.equal(pieces.join(''), JSON.stringify(v, null, 2) + '\n');
      for (const p of pieces) assert.equal(Buffer.from(p, 'utf8').toString('utf8'), p, 'each piece encodes on its own');
      assert.ok(Math.max(...pieces.map((p) => p.length)) <= JSON_PIECE_CHARS);
    }
  });

  it('render makes a large JSON while it is consumed, never the whole report at once', () => {
    // At 100k files the whole report as one string (and its encoded copy) was the run's peak memory.
    // (A small one, under 100k values, is made at once: the native serialiser is ten times faster.)
    let diagnosticsRead = false;
    const report = {
      version: 1,
      requirements: Array.from({ length: 40_000 }, (_, i) => ({ id: `R-${i}`, title: 'a requirement with a title' })),
      get diagnostics() {
        diagnosticsRead = true;
        return [];
      },
    };
    const batches = render('json', { report } as unknown as TraceModel);
    assert.notEqual(typeof batches, 'string');
    const it = (batches as Iterable<string>)[Symbol.iterator]();
    const first = it.next();
    assert.ok(!first.done && first.value.startsWith('{\n  "version": 1,'));
    assert.equal(diagnosticsRead, false, 'the end of the report is not made before its beginning is written');
    let rest = '';
    for (let r = it.next(); !r.done; r = it.next()) rest += r.value;
    assert.equal(diagnosticsRead, true);
    assert.equal(first.value + rest, JSON.stringify(report, null, 2) + '\n');
  });

  it('a report of many pieces is the same canonical JSON on stdout and in a file, for json and sarif', function () {
    this.timeout(60_000);
    const ws = largeWorkspace(1200);
    const out = tmpDir();
    for (const format of ['json', 'sarif']) {
      const file = path.join(out, `report.${format}`);
      const r = runCli(['check', ws, '--format', format, '--fail-on', 'never', '--output', file]);
      assert.equal(r.code, 0, r.stderr);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.length > 4 * JSON_PIECE_CHARS, `${format}: ${text.length} characters`);
      assert.equal(text, canonical(text), format);
      assert.equal(runCli(['check', ws, '--format', format, '--fail-on', 'never']).stdout, text, `${format}: stdout and file agree`);
    }
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    assert.equal(report.requirements.length, 1200);
    assert.equal(report.requirements[1199].title, 'Requirement «1199» with "quotes" and a \\ backslash');
    assert.deepEqual(fs.readdirSync(out).sort(), ['report.json', 'report.sarif'], 'no temporary file left');
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });
});

describe('writing a report file', () => {
  it('an --output under a file is a usage error naming the path, and writes nothing', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'plain'), 'not a folder');
    const target = path.join(dir, 'plain', 'report.json');
    const r = runCli(['check', 'test-fixtures/demo', '--format', 'json', '--output', target]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^reqtrace: cannot write .*plain\/report\.json: E[A-Z]+\n$/);
    assert.equal(r.stdout, '');
    assert.deepEqual(fs.readdirSync(dir), ['plain']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a write that fails midway (a full disk) is a usage error naming the file', function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const r = runCli(['check', 'test-fixtures/demo', '--format', 'json', '--output', '/dev/full']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'reqtrace: cannot write /dev/full: ENOSPC\n');
  });

  it('a device is written in place, not replaced: --output /dev/null', () => {
    const r = runCli(['check', 'test-fixtures/demo', '--format', 'json', '--fail-on', 'never', '--output', os.devNull]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(fs.statSync(os.devNull).isCharacterDevice());
  });

  it('a report that fails while it is written leaves the previous report whole and no temporary file', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'report.json');
    fs.writeFileSync(file, 'the previous report\n');
    function* failing(): Generator<string> {
      yield '{\n  "version": 1,\n';
      yield 'x'.repeat(JSON_PIECE_CHARS);
      throw new Error('reporter failed');
    }
    assert.throws(() => writeReportFile(file, failing()), /reporter failed/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'the previous report\n');
    assert.deepEqual(fs.readdirSync(dir), ['report.json']);
    writeReportFile(file, ['new ', 'report\n']);
    assert.equal(fs.readFileSync(file, 'utf8'), 'new report\n');
    assert.deepEqual(fs.readdirSync(dir), ['report.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a read-only report file is refused as before, though renaming over it would succeed', function () {
    // root may write any file: the check is only visible to other users.
    if (process.getuid?.() === 0) this.skip();
    const dir = tmpDir();
    const file = path.join(dir, 'report.json');
    fs.writeFileSync(file, 'kept\n');
    fs.chmodSync(file, 0o444);
    assert.throws(() => writeReportFile(file, ['new\n']), /cannot write .*report\.json: EACCES/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'kept\n');
    assert.deepEqual(fs.readdirSync(dir), ['report.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a report behind a symbolic link replaces the file the link names, and the link stays', function () {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real', 'report.json'), 'old\n');
    try {
      fs.symlinkSync(path.join('real', 'report.json'), path.join(dir, 'link.json'));
    } catch {
      this.skip();
    }
    writeReportFile(path.join(dir, 'link.json'), ['new\n']);
    assert.ok(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real', 'report.json'), 'utf8'), 'new\n');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'real')), ['report.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
