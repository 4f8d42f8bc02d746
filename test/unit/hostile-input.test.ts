/**
 * Malformed and hostile input, through the real file-system host on temp
 * folders: each case gives a located diagnostic or a logged skip, takes
 * bounded time, and the rest of the workspace is still indexed (every
 * workspace here also holds `docs/ok.md` defining OK-1 and `src/ok.ts`
 * implementing it).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import type { FileStat } from '../../server/src/core/workspace/host';
import { RecordingLogger } from './engineHelpers';
import { NodeHost } from '../../server/src/node/nodeHost';
import { buildReport } from '../../server/src/core/engine/report';
import type { Diagnostic } from '../../server/src/core/types';

const BASELINE: Record<string, string> = {
  'docs/ok.md': '## OK-1: Still indexed\n',
  'src/ok.ts': '// @impl OK-1\n',
};

const temps: string[] = [];

/** A temp workspace with the baseline files and `files` (strings or bytes). Returns its root. */
function workspace(files: Record<string, string | Buffer> = {}): string {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-hostile-')));
  temps.push(base);
  const root = path.join(base, 'ws');
  for (const [rel, content] of Object.entries({ ...BASELINE, ...files })) write(root, rel, content);
  return root;
}

function write(root: string, rel: string, content: string | Buffer): string {
  const abs = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  return abs;
}

async function index(root: string, host?: NodeHost, logger = new RecordingLogger()): Promise<{ engine: Engine; logger: RecordingLogger; ms: number }> {
  const start = performance.now();
  const engine = await createEngine({ host: host ?? new NodeHost(root, logger), logger });
  return { engine, logger, ms: performance.now() - start };
}

/** The baseline is indexed: OK-1 is defined and implemented. */
function assertRestIndexed(engine: Engine): void {
  assert.ok(engine.index.isDefined('OK-1'), 'OK-1 is still defined');
  assert.deepEqual(
    engine.index.references('OK-1').filter((r) => r.file === 'src/ok.ts').map((r) => r.kind),
    ['impl'],
    'src/ok.ts still implements OK-1',
  );
}

function diagnosticsOf(engine: Engine, file: string): Diagnostic[] {
  return engine.diagnostics().filter((d) => d.file === file);
}

function at(d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
}

function removeTemps(): void {
  for (const t of temps.splice(0)) {
    // chmod 000 folders or files would stop the removal of their parents.
    try {
      execFileSync('chmod', ['-R', 'u+rwx', t]);
    } catch {
      // Best effort: the removal below reports what remains.
    }
    fs.rmSync(t, { recursive: true, force: true });
  }
}

describe('hostile input (real file system)', function () {
  this.timeout(60_000);
  after(removeTemps);

  it('invalid YAML: a located invalid-spec diagnostic', async () => {
    const root = workspace({ 'specs/bad.yaml': 'requirements:\n  - id: BAD-1\n    title: [unclosed\n  - id: BAD-2\n' });
    const { engine } = await index(root);
    const diags = diagnosticsOf(engine, 'specs/bad.yaml').filter((d) => d.code === 'invalid-spec');
    assert.ok(diags.length > 0, 'an invalid-spec diagnostic for the broken file');
    for (const d of diags) {
      assert.ok(d.range.start.line >= 2 && d.range.start.line <= 4, `located near the error, got ${at(d)}: ${d.message}`);
    }
    assertRestIndexed(engine);
  });

  it('YAML alias bomb (in a spec and in reqtrace.yaml): refused in bounded time', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const spec = `${bomb.join('\n')}\nrequirements:\n  - id: BOMB-1\n    tags: *l\n`;
    const config = `${bomb.join('\n')}\nexclude: *l\n`;
    const root = workspace({ 'specs/bomb.yaml': spec, 'reqtrace.yaml': config });
    const { engine, ms } = await index(root);
    assert.ok(ms < 5000, `indexing took ${ms.toFixed(0)} ms`);
    const diags = diagnosticsOf(engine, 'specs/bomb.yaml');
    assert.ok(diags.some((d) => d.code === 'invalid-spec' && /alias/i.test(d.message) && d.range.start.line > 0), JSON.stringify(diags));
    assert.ok(diagnosticsOf(engine, 'reqtrace.yaml').some((d) => d.code === 'invalid-config'), 'the config says what is wrong');
    assertRestIndexed(engine);
  });

  it('byte-order mark: positions as the editor shows them (after the BOM)', async () => {
    const root = workspace({ 'docs/bom.md': '\uFEFF## BOM-1: Title\n', 'src/bom.ts': '\uFEFF// @impl BOM-1\n', 'specs/bom.yaml': '\uFEFFrequirements:\n  - id: BOM-2\n' });
    const { engine } = await index(root);
    assert.equal(at(engine.index.definition('BOM-1')!), '0:3-0:8');
    assert.equal(at(engine.index.definition('BOM-2')!), '1:8-1:13');
    assert.deepEqual(engine.index.references('BOM-1').map(at), ['0:9-0:14']);
    assertRestIndexed(engine);
  });

  it('CRLF and lone CR line breaks: every line counted', async () => {
    const root = workspace({
      'docs/crlf.md': '## CR-1: One\r\nStatus: approved\r\n\r\n## CR-2: Two\rParent: CR-9\r',
      'src/cr.ts': '// a\r// @impl CR-1\r\n// @impl CR-2\n/* x\r @test CR-1 */\r',
      'specs/cr.yaml': 'requirements:\r  - id: CR-3\r    parent: CR-8\r',
    });
    const { engine } = await index(root);
    assert.equal(at(engine.index.definition('CR-1')!), '0:3-0:7');
    assert.equal(at(engine.index.definition('CR-2')!), '3:3-3:7');
    assert.equal(at(engine.index.definition('CR-3')!), '1:8-1:12');
    assert.deepEqual(engine.index.references('CR-1').map(at), ['1:9-1:13', '4:7-4:11']);
    assert.deepEqual(engine.index.references('CR-2').map(at), ['2:9-2:13']);
    const broken = engine.diagnostics().filter((d) => d.code === 'broken-link').map((d) => `${d.file} ${at(d)}`);
    assert.deepEqual(broken, ['docs/crlf.md 4:8-4:12', 'specs/cr.yaml 2:12-2:16']);
    assertRestIndexed(engine);
  });

  it('invalid UTF-8: decoded with replacement characters, positions still right', async () => {
    const bytes = Buffer.concat([Buffer.from('// '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' junk\n// @impl OK-1 '), Buffer.from([0xe2, 0x82]), Buffer.from(' @test UE-1\n')]);
    const root = workspace({ 'src/bad-utf8.ts': bytes, 'docs/u8.md': Buffer.concat([Buffer.from('## UE-1: T'), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]) });
    const { engine } = await index(root);
    assert.deepEqual(engine.index.references('OK-1').filter((r) => r.file === 'src/bad-utf8.ts').map(at), ['1:9-1:13']);
    // U+FFFD for the broken sequence: one column, as an editor shows it.
    assert.deepEqual(engine.index.references('UE-1').map(at), ['1:22-1:26']);
    assert.ok(engine.index.isDefined('UE-1'));
    assertRestIndexed(engine);
  });

  it('NUL bytes / binary files: skipped with a logged reason', async () => {
    const root = workspace({ 'src/blob.ts': Buffer.concat([Buffer.from('// @impl BIN-1\n'), Buffer.from([0, 1, 2, 0xff, 0])]), 'docs/blob.md': Buffer.from('## BIN-1: x\n\0') });
    const { engine, logger } = await index(root);
    assert.ok(logger.has(/skipped src\/blob\.ts: binary content/), logger.lines.join('\n'));
    assert.ok(logger.has(/skipped docs\/blob\.md: binary content/), logger.lines.join('\n'));
    assert.equal(engine.index.entry('src/blob.ts'), undefined);
    assert.ok(!engine.index.isDefined('BIN-1'));
    assertRestIndexed(engine);
  });

  it('a 50 MB file: skipped above maxFileSize with a logged reason, never read', async () => {
    const root = workspace({ 'src/small.ts': '// @impl OK-1\n' + 'x'.repeat(2000) + '\n', 'reqtrace.yaml': 'maxFileSize: 1000\n' });
    // Sparse: 50 MB of size, no time or disk to write it.
    const huge = write(root, 'src/huge.ts', '');
    fs.truncateSync(huge, 50 * 1024 * 1024);
    const reads: string[] = [];
    const logger = new RecordingLogger();
    const host = new (class extends NodeHost {
      override async readFile(rel: string) {
        reads.push(rel);
        return super.readFile(rel);
      }
    })(root, logger);
    const { engine, ms } = await index(root, host, logger);
    assert.ok(logger.has(/skipped src\/huge\.ts: 52428800 bytes is over maxFileSize \(1000\)/), logger.lines.join('\n'));
    assert.ok(logger.has(/skipped src\/small\.ts: \d+ bytes is over maxFileSize \(1000\)/), 'the size is configurable');
    assert.ok(!reads.includes('src/huge.ts') && !reads.includes('src/small.ts'), `read: ${reads.join(', ')}`);
    assert.ok(ms < 5000, `${ms} ms`);
    assertRestIndexed(engine);

    // With the default limit (5 MB) the 50 MB file is skipped too.
    fs.rmSync(path.join(root, 'reqtrace.yaml'));
    const second = await index(root);
    assert.ok(second.logger.has(/skipped src\/huge\.ts: 52428800 bytes is over maxFileSize \(5242880\)/));
    assertRestIndexed(second.engine);
  });

  it('a file that grows past maxFileSize between stat and read is skipped', async () => {
    const root = workspace({ 'src/grows.ts': '// @impl GROW-1\n' });
    const logger = new RecordingLogger();
    let grow = false;
    const host = new (class extends NodeHost {
      override async readFile(rel: string) {
        if (grow && rel === 'src/grows.ts') fs.writeFileSync(path.join(root, 'src', 'grows.ts'), '// @impl GROW-1\n' + 'x'.repeat(6 * 1024 * 1024));
        return super.readFile(rel);
      }
    })(root, logger);
    const { engine } = await index(root, host, logger);
    assert.equal(engine.index.references('GROW-1').length, 1);
    // The language server re-reads single files with stat, then read.
    grow = true;
    await engine.refreshFile('src/grows.ts');
    assert.ok(logger.has(/skipped src\/grows\.ts: \d+ bytes \(it grew while being read\) is over maxFileSize/), logger.lines.join('\n'));
    assert.equal(engine.index.entry('src/grows.ts'), undefined);
    assertRestIndexed(engine);
  });

  it('very long lines (1 MB, adversarial shapes): bounded time, the ID at the end found', async () => {
    const MB = 1024 * 1024;
    const files: Record<string, string> = {
      'src/long.ts': 'x'.repeat(MB) + ' // @impl LONG-1\n',
      'src/string.ts': 'const s = "' + 'x'.repeat(MB) + '"; // @impl LONG-1\n',
      'src/list.ts': '// @impl ' + 'LONG-1, '.repeat(MB / 8) + 'LONG-1\n',
      'src/verbs.ts': '// ' + '@impl LONG-1 '.repeat(MB / 13) + '\n',
      'src/pins.py': '#' + ' LONG-1@1'.repeat(MB / 9) + '\n',
      'src/ids.c': '/* ' + 'A-'.repeat(MB / 2) + ' */\n',
      'src/spaces.ts': '// @impl' + ' '.repeat(MB) + 'LONG-1\n',
      'docs/long.md': '## LONG-1 x' + ' '.repeat(MB) + 'y\n' + 'Parent: ' + 'OK-1, '.repeat(MB / 6) + '\n',
      'docs/hashes.md': '## LONG-2 ' + '# '.repeat(MB / 2) + 'x\n',
      'specs/long.yaml': 'requirements:\n  - id: LONG-3\n    parent: [' + 'OK-1, '.repeat(MB / 6) + 'OK-1]\n    title: ' + 'x '.repeat(MB / 2) + '\n',
    };
    const root = workspace({ ...files, 'reqtrace.yaml': 'maxFileSize: 5242880\n' });
    const { engine, ms } = await index(root);
    // Linear work takes a second or two per file on a slow machine; quadratic work would take hours.
    assert.ok(ms < 60_000, `indexing ${Object.keys(files).length} files with 1 MB lines took ${ms.toFixed(0)} ms`);
    // Each file on its own, to name the slow one.
    for (const [file, text] of Object.entries(files)) {
      const start = performance.now();
      engine.analyze(file, text, engine.classifier.roleOf(file)!);
      const t = performance.now() - start;
      assert.ok(t < 10_000, `${file}: ${t.toFixed(0)} ms`);
    }
    const longRefs = engine.index.references('LONG-1').filter((r) => r.file === 'src/long.ts');
    assert.deepEqual(longRefs.map(at), [`0:${MB + 10}-0:${MB + 16}`]);
    assert.equal(engine.index.references('LONG-1').filter((r) => r.file === 'src/string.ts').length, 1, 'the reference after a 1 MB string');
    assert.ok(engine.index.isDefined('LONG-1') && engine.index.isDefined('LONG-2') && engine.index.isDefined('LONG-3'));
    assertRestIndexed(engine);
  });

  it('one ID referenced 200 000 times, or defined 20 000 times: edits stay fast, messages stay small', async () => {
    const refs = '// @impl OK-1, ' + 'MANY-1, '.repeat(200_000) + 'MANY-1\n';
    const dups = '## MANY-1: First\n' + '## MANY-1: Again\n'.repeat(20_000);
    const root = workspace({ 'src/many.ts': refs, 'docs/many.md': dups });
    const { engine, ms } = await index(root);
    assert.ok(ms < 10_000, `indexing took ${ms.toFixed(0)} ms`);
    assert.equal(engine.index.references('MANY-1').length, 200_001);
    // The language server re-indexes the file on every keystroke, and removes it when it goes.
    for (const [file, text] of [['src/many.ts', refs + '// x\n'], ['docs/many.md', dups + '\nmore\n']]) {
      const start = performance.now();
      const change = engine.updateText(file, text);
      engine.affectedFiles(file, change);
      const t = performance.now() - start;
      assert.ok(t < 3000, `re-indexing ${file} took ${t.toFixed(0)} ms`);
    }
    const start = performance.now();
    const diags = engine.diagnostics();
    assert.ok(performance.now() - start < 5000, `diagnostics took ${(performance.now() - start).toFixed(0)} ms`);
    const dup = diags.filter((d) => d.code === 'duplicate-requirement');
    assert.equal(dup.length, 20_001);
    assert.ok(dup.every((d) => d.message.length < 300), dup[0].message);
    assert.match(dup[0].message, /defined 20001 times \(also at docs\/many\.md:2, .* and 19995 more\)/);
    const reportStart = performance.now();
    assert.equal(buildReport(engine).requirements.length, 20_002);
    assert.ok(performance.now() - reportStart < 5000, `the report took ${(performance.now() - reportStart).toFixed(0)} ms`);
    const removal = performance.now();
    engine.removeFile('src/many.ts');
    assert.ok(performance.now() - removal < 3000);
    assertRestIndexed(engine);
  });

  it('symbolic links: a loop is walked once, a link outside the workspace is never followed', async function () {
    // POSIX file-system features.
    if (process.platform === 'win32') this.skip();
    const root = workspace({ 'src/inner/x.ts': '// @impl OK-1\n' });
    const outside = path.join(path.dirname(root), 'outside');
    write(outside, 'secret.ts', '// @impl SECRET-1\n');
    write(outside, 'reqtrace.yaml', 'idPattern: "SECRET-[0-9]+"\n');
    fs.symlinkSync('..', path.join(root, 'src', 'inner', 'up'));
    fs.symlinkSync('.', path.join(root, 'src', 'self'));
    fs.symlinkSync(outside, path.join(root, 'outdir'));
    fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(root, 'src', 'secret.ts'));
    fs.symlinkSync(path.join(outside, 'reqtrace.yaml'), path.join(root, 'reqtrace.yaml'));
    fs.symlinkSync(path.join(root, 'src', 'ok.ts'), path.join(root, 'src', 'alias.ts'));
    const reads: string[] = [];
    const logger = new RecordingLogger();
    const host = new (class extends NodeHost {
      override async readFile(rel: string) {
        reads.push(rel);
        return super.readFile(rel);
      }
    })(root, logger);
    const { engine, ms } = await index(root, host, logger);
    assert.ok(ms < 5000);
    assert.ok(logger.has(/skipped link outdir: broken or points outside the workspace/), logger.lines.join('\n'));
    assert.ok(logger.has(/skipped link src\/secret\.ts: broken or points outside the workspace/), logger.lines.join('\n'));
    assert.equal(engine.config.idPattern !== 'SECRET-[0-9]+', true, 'reqtrace.yaml linked from outside is not read');
    assert.deepEqual(engine.index.references('SECRET-1'), []);
    // The loop was walked once: no file under a looping path.
    assert.ok(![...engine.index.files()].some((f) => f.includes('/up/') || f.includes('self/')), [...engine.index.files()].join(', '));
    // The language server refreshes single files by path (watched files, editors closing): never through a link outside.
    for (const rel of ['outdir/secret.ts', 'src/secret.ts']) await engine.refreshFile(rel);
    assert.deepEqual(engine.index.references('SECRET-1'), [], 'refreshFile never reads through a link outside');
    assert.ok(!reads.some((r) => r.includes('secret') || r.startsWith('outdir')), `read: ${reads.join(', ')}`);
    assertRestIndexed(engine);
  });

  it('symbolic links: a folder inside the workspace reached through a link and by its own path is listed once, subfolders included', async function () {
    if (process.platform === 'win32') this.skip();
    const root = workspace({ 'real/sub/deep/x.ts': '// @impl OK-1\n', 'real/y.ts': '// @impl OK-2\n' });
    // `alias` sorts first: the walk reaches the folder through the link, then by its own path.
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    fs.symlinkSync(path.join(root, 'real', 'sub'), path.join(root, 'real', 'y-sub'));
    const { engine } = await index(root);
    const files = [...engine.index.files()].filter((f) => /^(alias|real)\//.test(f)).sort();
    // Subfolders of the linked folder resolve under its real path: `y-sub` leads to a folder already walked.
    assert.deepEqual(files, ['alias/sub/deep/x.ts', 'alias/y.ts']);
  });

  it('unreadable files: skipped with a logged reason', async () => {
    const root = workspace({ 'src/locked.ts': '// @impl LOCK-1\n', 'docs/locked/spec.md': '## LOCK-2: x\n' });
    fs.chmodSync(path.join(root, 'src', 'locked.ts'), 0o000);
    fs.chmodSync(path.join(root, 'docs', 'locked'), 0o000);
    let chmodWorks = true;
    try {
      fs.readFileSync(path.join(root, 'src', 'locked.ts'));
      chmodWorks = false;
    } catch {
      // Unreadable, as intended.
    }
    if (chmodWorks) {
      const { engine, logger } = await index(root);
      assert.ok(logger.has(/cannot read src\/locked\.ts: EACCES/), logger.lines.join('\n'));
      assert.ok(logger.has(/cannot read directory docs\/locked: EACCES/), logger.lines.join('\n'));
      assert.equal(engine.index.entry('src/locked.ts'), undefined);
      assertRestIndexed(engine);
    }
    // As root (CI containers) permissions do not stop reads: a host that fails
    // the way the file system would, even by throwing, must not stop the index.
    const logger = new RecordingLogger();
    const eacces = (rel: string) => Object.assign(new Error(`EACCES: permission denied, open '${rel}'`), { code: 'EACCES' });
    fs.chmodSync(path.join(root, 'docs', 'locked'), 0o755);
    const host = new (class extends NodeHost {
      // A batch holding a locked file fails as a whole: the files beside it must still be indexed.
      override readManyForIndex(rels: readonly string[], maxSize: number, cached: ReadonlyArray<FileStat | undefined>) {
        const locked = rels.find((rel) => rel.includes('locked'));
        if (locked) throw eacces(locked);
        return super.readManyForIndex(rels, maxSize, cached);
      }
      override async readFile(rel: string) {
        if (rel === 'src/locked.ts') throw eacces(rel);
        return super.readFile(rel);
      }
      override async stat(rel: string): Promise<FileStat | undefined> {
        if (rel === 'docs/locked/spec.md') throw eacces(rel);
        return super.stat(rel);
      }
    })(root, logger);
    const { engine } = await index(root, host, logger);
    assert.ok(logger.has(/cannot read src\/locked\.ts: EACCES/), logger.lines.join('\n'));
    assert.ok(logger.has(/cannot read docs\/locked\/spec\.md: EACCES/), logger.lines.join('\n'));
    assert.equal(engine.index.entry('src/locked.ts'), undefined);
    assert.ok(!engine.index.isDefined('LOCK-2'));
    // The single-file path of the language server.
    await engine.refreshFile('src/locked.ts');
    await engine.refreshFile('docs/locked/spec.md');
    assert.equal(engine.index.entry('src/locked.ts'), undefined);
    assertRestIndexed(engine);
  });

  it('a file deleted while being read: skipped with a logged reason', async () => {
    const root = workspace({ 'src/gone.ts': '// @impl GONE-1\n', 'docs/gone.md': '## GONE-2: x\n' });
    const logger = new RecordingLogger();
    const gone = (rel: string) => {
      if (rel.includes('gone')) fs.rmSync(path.join(root, ...rel.split('/')), { force: true });
    };
    const host = new (class extends NodeHost {
      // After the walk listed it, before the full index opens it.
      override readManyForIndex(rels: readonly string[], maxSize: number, cached: ReadonlyArray<FileStat | undefined>) {
        rels.forEach(gone);
        return super.readManyForIndex(rels, maxSize, cached);
      }
      // Between the language server's stat and read of a single file.
      override async readFile(rel: string) {
        gone(rel);
        return super.readFile(rel);
      }
    })(root, logger);
    const { engine } = await index(root, host, logger);
    assert.ok(logger.has(/skipped src\/gone\.ts: deleted before it could be read/), logger.lines.join('\n'));
    assert.ok(logger.has(/skipped docs\/gone\.md: deleted before it could be read/), logger.lines.join('\n'));
    assert.equal(engine.index.entry('src/gone.ts'), undefined);
    assert.ok(!engine.index.isDefined('GONE-2'));
    write(root, 'src/gone2.ts', '// @impl GONE-3\n');
    await engine.refreshFile('src/gone2.ts');
    assert.ok(logger.has(/skipped src\/gone2\.ts: deleted before it could be read/), logger.lines.join('\n'));
    assert.equal(engine.index.entry('src/gone2.ts'), undefined);
    assertRestIndexed(engine);
  });

  it('very deep nesting (200 folders): walked, paths right', async () => {
    const deep = Array(200).fill('d').join('/');
    const root = workspace({ [`${deep}/deep.ts`]: '// @impl OK-1\n// @impl DEEP-1\n', [`${deep}/deep.md`]: '## DEEP-1: Deep\n' });
    const { engine, ms } = await index(root);
    assert.ok(ms < 10_000, `${ms} ms`);
    assert.deepEqual(engine.index.references('DEEP-1').map((r) => r.file), [`${deep}/deep.ts`]);
    assert.equal(engine.index.definition('DEEP-1')?.file, `${deep}/deep.md`);
    assertRestIndexed(engine);
  });

  it('paths with spaces and non-ASCII characters: relative paths and UTF-16 columns right in the report', async () => {
    const root = workspace({
      'docs/spé cs/req ü.md': '## UNI-1: Ünïcödé\n',
      'src/naïve dir/a b.ts': '// ü 😀 @impl UNI-1\n// @impl UNI-2\n',
      'src/日本/コード.py': '# 😀😀 @test UNI-1\n',
    });
    const { engine } = await index(root);
    assert.deepEqual(
      engine.index.references('UNI-1').map((r) => `${r.file} ${at(r)} ${r.kind}`),
      ['src/naïve dir/a b.ts 0:14-0:19 impl', 'src/日本/コード.py 0:13-0:18 test'],
    );
    const report = buildReport(engine);
    const req = report.requirements.find((r) => r.id === 'UNI-1')!;
    assert.equal(req.file, 'docs/spé cs/req ü.md');
    assert.ok(req.covered);
    const unknown = report.diagnostics.find((d) => d.requirement === 'UNI-2')!;
    assert.deepEqual([unknown.file, unknown.line, unknown.column], ['src/naïve dir/a b.ts', 2, 10]);
    assertRestIndexed(engine);
  });

  it('a named pipe (as a source file and as reqtrace.yaml) never blocks the index', async function () {
    // POSIX file-system features.
    if (process.platform === 'win32') this.skip();
    const root = workspace();
    const pipes = [path.join(root, 'src', 'pipe.ts'), path.join(root, 'reqtrace.yaml')];
    execFileSync('mkfifo', pipes);
    try {
      const { engine, ms } = await withTimeout(index(root), 5000, 'indexing a workspace with named pipes');
      assert.ok(ms < 5000);
      assert.equal(engine.index.entry('src/pipe.ts'), undefined);
      await withTimeout(engine.refreshFile('src/pipe.ts'), 2000, 'refreshing a named pipe');
      assertRestIndexed(engine);
    } finally {
      // A reader still blocked on a pipe holds a libuv thread: give it an end of file.
      for (const p of pipes) {
        try {
          fs.closeSync(fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
        } catch {
          // No reader waiting (ENXIO): nothing to release.
        }
      }
    }
  });

  it('hostile and malformed patterns in .gitignore: left out with a logged reason, the walk stays fast', async () => {
    const name = 'a'.repeat(60);
    const root = workspace({
      '.gitignore': `*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/x/**/x/**/x/**/x/**/y\nbuild/\n[/**/\n`,
      // The same bad line again in another file: each is reported where it is (verdicts are kept by line text).
      'src/.gitignore': `[/**/\n`,
      [`src/${name}.ts`]: '// @impl OK-1\n',
      'build/gen.ts': '// @impl GEN-1\n',
    });
    const { engine, logger, ms } = await index(root);
    assert.ok(ms < 5000, `${ms} ms`);
    assert.ok(logger.has(/skipped \.gitignore:1: too many wildcards/), logger.lines.join('\n'));
    assert.ok(logger.has(/skipped \.gitignore:2: too many wildcards/), logger.lines.join('\n'));
    // A line the ignore package cannot compile (it would throw on the first path tested).
    assert.ok(logger.has(/skipped \.gitignore:4: not a valid pattern/), logger.lines.join('\n'));
    assert.ok(logger.has(/skipped src\/\.gitignore:1: not a valid pattern/), logger.lines.join('\n'));
    assert.ok(engine.index.entry(`src/${name}.ts`), 'the file the left-out line would have tested is indexed');
    assert.equal(engine.index.entry('build/gen.ts'), undefined, 'the other lines still apply');
    assertRestIndexed(engine);
  });

  it('hostile patterns in reqtrace.yaml (idPattern, globs, an empty glob): invalid-config at the entry, defaults used', async () => {
    const root = workspace({
      'reqtrace.yaml': 'idPattern: "(A+)+"\nexclude: ["*a*a*a*a*a*a*b", "+(a|aa)+(a|aa)b", "build/**"]\ntests: ""\n',
      [`src/${'a'.repeat(60)}.ts`]: '// ' + 'A'.repeat(40) + 'a\n',
    });
    const { engine, ms } = await index(root);
    assert.ok(ms < 15_000, `${ms} ms`);
    const config = diagnosticsOf(engine, 'reqtrace.yaml');
    assert.deepEqual(
      config.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ['invalid-config 0:11', 'invalid-config 1:10', 'invalid-config 1:28', 'invalid-config 2:7'],
      config.map((d) => d.message).join('\n'),
    );
    assert.deepEqual(engine.config.exclude, ['build/**']);
    assertRestIndexed(engine);
  });
});

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
