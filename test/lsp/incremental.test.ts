/**
 * Keeping diagnostics current: incremental didChange in open buffers (never
 * saved), comment/string boundaries moving under an edit, didClose going back
 * to the disk, files created and deleted on disk (didChangeWatchedFiles), and
 * reqtrace.yaml changes. Each test gets a fresh server and temp copy.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import type { RequirementReference } from '../../server/src/protocol';
import { FIXTURES, range } from './fixtures';
import { LspTestClient } from './lspClient';

const UNCOVERED_ALL = 'SHOP-004 has no impl or test coverage (needs impl, test)';
const UNCOVERED_IMPL = 'SHOP-004 has no impl coverage (needs impl, test)';
const UNCOVERED_TEST = 'SHOP-004 has no test coverage (needs impl, test)';

/** Messages of the uncovered-requirement diagnostics in a list. */
const uncovered = (diags: Diagnostic[]) => diags.filter((d) => d.code === 'uncovered-requirement').map((d) => d.message);
const codes = (diags: Diagnostic[]) => diags.map((d) => d.code);

describe('LSP: incremental updates (lsp-basic)', () => {
  let client: LspTestClient;
  let spec: string;
  let app: string;

  beforeEach(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    spec = client.uri('docs/spec.md');
    app = client.uri('src/app.ts');
  });
  afterEach(async () => {
    await client?.dispose();
  });

  const specUncovered = (...messages: string[]) =>
    client.waitForDiagnostics(spec, (d) => JSON.stringify(uncovered(d)) === JSON.stringify(messages));
  const hoverText = async (uri: string, line: number, character: number) => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return (h?.contents as MarkupContent | undefined)?.value ?? '';
  };

  describe('didChange in an open buffer', () => {
    it("an inserted `// @test` and `// @impl` clear the spec's uncovered-requirement; deleting one brings it back", async () => {
      // The spec side by side with the code, as when reviewing coverage.
      await client.open('docs/spec.md');
      await specUncovered(UNCOVERED_ALL);
      await client.open('src/app.ts');

      await client.change(app, [{ range: range(22, 0, 22, 0), text: '// @test SHOP-004\n' }]);
      await specUncovered(UNCOVERED_IMPL);

      const seen = client.indexChanges.length;
      await client.change(app, [{ range: range(23, 0, 23, 0), text: '// @impl SHOP-004\n' }]);
      await specUncovered();
      assert.ok((await hoverText(spec, 24, 4)).includes('Coverage: 1 impl · 1 test'));
      const summary = await client.indexChangedSince(seen, (s) => s.uncovered === 0);
      assert.equal(summary.coverage, 100);

      // Delete the `// @test SHOP-004` line again.
      await client.change(app, [{ range: range(22, 0, 23, 0), text: '' }]);
      await specUncovered(UNCOVERED_TEST);

      const disk = fs.readFileSync(client.abs('src/app.ts'), 'utf8');
      assert.equal(disk, fs.readFileSync(path.join(FIXTURES, 'lsp-basic', 'src/app.ts'), 'utf8'), 'nothing was saved');
    });

    it('edits inside one line, several in one notification, keep positions exact', async () => {
      await client.open('src/app.ts');
      // `// @impl SHOP-014` → `// @impl SHOP-004, SHOP-002`: fix the typo and append an ID.
      await client.change(app, [
        { range: range(21, 15, 21, 16), text: '0' },
        { range: range(21, 17, 21, 17), text: ', SHOP-002' },
      ]);
      await client.waitForDiagnostics(app, (d) => !codes(d).includes('unknown-requirement'));
      await specUncovered(UNCOVERED_TEST);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: app }, position: { line: 21, character: 20 } });
      assert.deepEqual(h.range, range(21, 19, 21, 27));
      assert.ok((h.contents as MarkupContent).value.includes('Coverage: 2 impl · 1 test'));
    });

    it('a comment turned into a string stops being a reference, and back', async () => {
      await client.open('src/app.ts');
      // `  return user.length > 0; // @impl SHOP-001@1` → `... "// @impl SHOP-001@1"`
      await client.change(app, [
        { range: range(5, 26, 5, 26), text: '"' },
        { range: range(5, 46, 5, 46), text: '"' },
      ]);
      const after = await client.waitForDiagnostics(app, (d) => !codes(d).includes('stale-reference'));
      assert.deepEqual(codes(after), ['deprecated-reference', 'unknown-requirement']);
      assert.ok((await hoverText(app, 3, 16)).includes('Coverage: 1 impl · 1 test'));

      await client.change(app, [
        { range: range(5, 46, 5, 47), text: '' },
        { range: range(5, 26, 5, 27), text: '' },
      ]);
      const back = await client.waitForDiagnostics(app, (d) => codes(d).includes('stale-reference'));
      assert.deepEqual(back.find((d) => d.code === 'stale-reference')!.range, range(5, 35, 5, 43));
    });

    it('deleting `//` makes a reference plain code; re-inserting it restores it', async () => {
      await client.open('src/app.ts');
      await client.change(app, [{ range: range(21, 0, 21, 2), text: '' }]);
      await client.waitForDiagnostics(app, (d) => !codes(d).includes('unknown-requirement'));
      await client.change(app, [{ range: range(21, 0, 21, 0), text: '//' }]);
      const back = await client.waitForDiagnostics(app, (d) => codes(d).includes('unknown-requirement'));
      assert.deepEqual(back.find((d) => d.code === 'unknown-requirement')!.range, range(21, 9, 21, 17));
    });

    it('a block comment around a string literal makes the ID in it a reference', async () => {
      await client.open('src/app.ts');
      // `  return ["SHOP-004 in a string is not a reference"];` → `  /* return [...]; */`
      const line = client.text('src/app.ts').split('\n')[13];
      await client.change(app, [
        { range: range(13, 2, 13, 2), text: '/* ' },
        { range: range(13, line.length + 3, 13, line.length + 3), text: ' */' },
      ]);
      await specUncovered(UNCOVERED_TEST);
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: app }, position: { line: 13, character: 16 } });
      assert.deepEqual(h.range, range(13, 14, 13, 22));
    });

    it('a requirement added in the open spec resolves the unknown reference; a new title shows in hover', async () => {
      await client.open('docs/spec.md');
      const end = client.text('docs/spec.md').split('\n').length - 1;
      await client.change(spec, [{ range: range(end, 0, end, 0), text: '\n## SHOP-014: Tax rate\n\nStatus: approved\n' }]);
      await client.waitForDiagnostics(app, (d) => !codes(d).includes('unknown-requirement'));
      await specUncovered(UNCOVERED_ALL, 'SHOP-014 has no test coverage (needs impl, test)');

      await client.change(spec, [{ range: client.rangeOf('docs/spec.md', 'Users can log in'), text: 'Users can sign in' }]);
      assert.ok((await hoverText(app, 3, 16)).startsWith('**SHOP-001**: Users can sign in'));
    });

    it('a new ID prefix defined in the open spec turns bare IDs of that prefix into references', async () => {
      await client.open('docs/spec.md');
      const end = client.text('docs/spec.md').split('\n').length - 1;
      // `// Shop application. JIRA-7 is a ticket...`: JIRA- is nobody's prefix yet.
      await client.change(spec, [{ range: range(end, 0, end, 0), text: '\n## JIRA-1: Tickets are tracked\n\nStatus: draft\n' }]);
      const unknown = await client.waitForDiagnostics(app, (d) => d.some((x) => x.data?.requirement === 'JIRA-7'));
      assert.deepEqual(unknown.find((x) => x.data?.requirement === 'JIRA-7')!.range, range(0, 21, 0, 27));
      await client.change(spec, [{ range: range(end, 0, end + 4, 0), text: '' }]);
      await client.waitForDiagnostics(app, (d) => !d.some((x) => x.data?.requirement === 'JIRA-7'));
    });

    it('positions are UTF-16 and CRLF-aware in an open buffer, before and after an edit', async () => {
      const uri = await client.open('src/unicode.ts', 0, '// 🚀 naïve\r\n// 🚀 @impl SHOP-004 @test SHOP-004\r\nexport {};\r\n');
      await specUncovered();
      const at = async (line: number, character: number) =>
        (await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }))?.range;
      assert.deepEqual(await at(1, 14), range(1, 12, 1, 20));
      assert.deepEqual(await at(1, 28), range(1, 27, 1, 35));
      // Insert another emoji before the IDs: both move by two UTF-16 code units.
      await client.change(uri, [{ range: range(1, 3, 1, 3), text: '🚀' }]);
      assert.deepEqual(await at(1, 16), range(1, 14, 1, 22));
      assert.deepEqual(await at(1, 30), range(1, 29, 1, 37));
    });
  });

  describe('didClose', () => {
    it('goes back to the disk content', async () => {
      await client.open('src/app.ts');
      await client.change(app, [{ range: range(21, 9, 21, 17), text: 'SHOP-004' }]);
      await client.waitForDiagnostics(app, (d) => !codes(d).includes('unknown-requirement'));
      await specUncovered(UNCOVERED_TEST);

      await client.close(app);
      await client.waitForDiagnostics(app, (d) => codes(d).includes('unknown-requirement'));
      await specUncovered(UNCOVERED_ALL);
    });

    it('of a buffer never saved removes what it referenced', async () => {
      const scratch = await client.open('src/scratch.ts', 0, '// @impl SHOP-004\n// @test SHOP-004\n');
      await specUncovered();
      await client.close(scratch);
      await specUncovered(UNCOVERED_ALL);
    });
  });

  describe('didChangeWatchedFiles', () => {
    it('a new file on disk covers the requirement; deleting it brings the warning back', async () => {
      await client.writeFile('src/tax.ts', '// @impl SHOP-004\nexport const TAX = 0.2;\n');
      await specUncovered(UNCOVERED_TEST);
      await client.writeFile('tests/tax.test.ts', '// @test SHOP-004\n');
      await specUncovered();

      await client.deleteFile('tests/tax.test.ts');
      await specUncovered(UNCOVERED_TEST);
    });

    it('deleting a code file clears its diagnostics and uncovers what it implemented', async () => {
      await client.deleteFile('src/app.ts');
      await client.waitForDiagnostics(app, (d) => d.length === 0);
      await specUncovered('SHOP-001 has no impl coverage (needs impl, test)', UNCOVERED_ALL);
      const yaml = await client.waitForDiagnostics(client.uri('docs/more.yaml'), (d) => d.length > 0);
      assert.deepEqual(
        yaml.map((d) => [d.code, d.range]),
        [['uncovered-requirement', range(1, 8, 1, 15)]],
      );
    });

    it('deleting a spec file makes its references unknown', async () => {
      await client.deleteFile('docs/more.yaml');
      const diags = await client.waitForDiagnostics(app, (d) => d.some((x) => x.data?.requirement === 'API-010'));
      assert.deepEqual(
        diags.filter((d) => d.data?.requirement === 'API-010').map((d) => [d.code, d.range]),
        [['unknown-requirement', range(10, 9, 10, 16)]],
      );
    });

    it('files appearing under a gitignored folder or node_modules are not indexed (as in a full index)', async () => {
      const seen = client.indexChanges.length;
      await client.writeFile('.gitignore', 'generated/\n');
      await client.indexChangedSince(seen, (s) => !s.indexing);
      const covering = '// @impl SHOP-004\n// @test SHOP-004\n';
      for (const rel of ['generated/out.ts', 'node_modules/pkg/index.ts']) {
        fs.mkdirSync(path.dirname(client.abs(rel)), { recursive: true });
        fs.writeFileSync(client.abs(rel), covering);
      }
      // A sentinel in the same batch: once its diagnostic shows, the whole batch was handled.
      fs.writeFileSync(client.abs('src/sentinel.ts'), '// @impl SHOP-099\n');
      await client.watchedFiles([
        { uri: client.uri('generated/out.ts'), type: 1 },
        { uri: client.uri('node_modules/pkg/index.ts'), type: 1 },
        { uri: client.uri('src/sentinel.ts'), type: 1 },
      ]);
      await client.waitForDiagnostics(client.uri('src/sentinel.ts'), (d) => d.length > 0);
      const refs = await client.request<RequirementReference[]>('reqtrace/requirementReferences', { uri: spec, id: 'SHOP-004' });
      assert.deepEqual(refs, [], 'ignored files were indexed through didChangeWatchedFiles');
      assert.deepEqual(uncovered(client.diagnostics.get(spec) ?? []), [UNCOVERED_ALL]);
    });

    it('a change on disk of a file that is not open is read', async () => {
      await client.writeFile('tests/app.test.ts', client.text('tests/app.test.ts').replace('// @test SHOP-001', '// nothing here'));
      await specUncovered('SHOP-001 has no test coverage (needs impl, test)', UNCOVERED_ALL);
    });

    it('an open buffer wins over a change on disk until it closes', async () => {
      const test = await client.open('tests/app.test.ts');
      fs.writeFileSync(client.abs('tests/app.test.ts'), client.text('tests/app.test.ts').replace('// @test SHOP-001', '// nothing here'));
      // Both events in one batch: once the new file's effect shows, the first was handled too.
      fs.writeFileSync(client.abs('src/tax.ts'), '// @impl SHOP-004\n');
      await client.watchedFiles([
        { uri: test, type: 2 },
        { uri: client.uri('src/tax.ts'), type: 1 },
      ]);
      await specUncovered(UNCOVERED_TEST);

      await client.close(test);
      await specUncovered('SHOP-001 has no test coverage (needs impl, test)', UNCOVERED_TEST);
    });

    it('a reqtrace.yaml change re-indexes: severities change, an unknown code is reported', async () => {
      const seen = client.indexChanges.length;
      await client.writeFile('reqtrace.yaml', 'needs: [impl, test]\nseverity:\n  uncovered-requirement: error\n');
      const errs = await client.waitForDiagnostics(spec, (d) => d.some((x) => x.code === 'uncovered-requirement' && x.severity === DiagnosticSeverity.Error));
      assert.equal(errs.length, 1);
      const summary = await client.indexChangedSince(seen, (s) => s.errors === 2);
      assert.equal(summary.warnings, 2);

      await client.writeFile('reqtrace.yaml', 'needs: [impl, test]\nseverity:\n  uncovered-requirment: error\n');
      const config = await client.waitForDiagnostics(client.uri('reqtrace.yaml'), (d) => d.length > 0);
      assert.deepEqual(
        config.map((d) => [d.code, d.range, d.severity]),
        [['invalid-config', range(2, 2, 2, 22), DiagnosticSeverity.Error]],
      );
      assert.match(config[0].message, /unknown diagnostic code 'uncovered-requirment'/);
      await client.waitForDiagnostics(spec, (d) => d.some((x) => x.code === 'uncovered-requirement' && x.severity === DiagnosticSeverity.Warning));

      await client.writeFile('reqtrace.yaml', 'needs: [impl]\n');
      await client.waitForDiagnostics(client.uri('reqtrace.yaml'), (d) => d.length === 0);
      await specUncovered('SHOP-004 has no impl coverage (needs impl)');
    });
  });

  describe('reqtrace.yaml open in the editor', () => {
    const specSeverity = (severity: DiagnosticSeverity) =>
      client.waitForDiagnostics(spec, (d) => d.some((x) => x.code === 'uncovered-requirement' && x.severity === severity));
    /** Publishes since `from` that emptied the diagnostics of a file that has some. */
    const clearedSince = (from: number) =>
      client.publishHistory
        .slice(from)
        .filter((p) => (p.uri === app || p.uri === spec) && p.diagnostics.length === 0)
        .map((p) => path.basename(p.uri));

    it('opening it re-indexes once, without clearing any diagnostics on the way', async () => {
      const seen = client.indexChanges.length;
      const from = client.publishHistory.length;
      await client.open('reqtrace.yaml');
      await client.indexChangedSince(seen, (s) => !s.indexing);
      assert.deepEqual(clearedSince(from), []);
      assert.equal(client.logs.filter((l) => l.includes('directory already walked')).length, 0, client.logs.join('\n'));
    });

    it('typing in it keeps the whole workspace indexed: diagnostics never flicker away', async () => {
      const config = await client.open('reqtrace.yaml');
      const seen = client.indexChanges.length;
      const from = client.publishHistory.length;
      // Each keystroke re-indexes the folder, so the runs overlap.
      for (let i = 0; i < 3; i++) await client.change(config, [{ range: range(0, 0, 0, 0), text: '#' }]);
      const summary = await client.indexChangedSince(seen, (s) => !s.indexing);
      assert.deepEqual({ requirements: summary.requirements, references: summary.references }, { requirements: 6, references: 8 });
      assert.deepEqual(codes(client.diagnostics.get(app) ?? []), ['stale-reference', 'deprecated-reference', 'unknown-requirement']);
      // Overlapping runs share the host's set of walked directories: a later
      // run lists no file ("directory already walked") and empties the index.
      assert.deepEqual(clearedSince(from), [], `diagnostics were cleared while re-indexing; server log:\n${client.logs.filter((l) => /indexed|walked/.test(l)).join('\n')}`);
    });

    /** Sends `edit` to the open config and resolves once the re-index it causes has finished. */
    const editConfig = async (config: string, text: string) => {
      const seen = client.indexChanges.length;
      await client.change(config, [{ range: range(0, 0, 0, 0), text }]);
      await client.indexChangedSince(seen, (s) => !s.indexing);
    };

    it('an unsaved edit applies to the diagnostics; closing goes back to the disk', async () => {
      const config = await client.open('reqtrace.yaml');
      await editConfig(config, 'severity:\n  uncovered-requirement: error\n');
      const severities = (client.diagnostics.get(spec) ?? []).map((d) => [d.code, d.severity]);
      assert.deepEqual(severities, [['uncovered-requirement', DiagnosticSeverity.Error]], 'the unsaved severity override is not applied');
      await client.close(config);
      await specSeverity(DiagnosticSeverity.Warning);
    });

    it('an unsaved invalid setting is reported in the open buffer', async () => {
      const config = await client.open('reqtrace.yaml');
      await editConfig(config, 'colour: red\n');
      assert.deepEqual(
        (client.diagnostics.get(config) ?? []).map((d) => [d.code, d.range]),
        [['invalid-config', range(0, 0, 0, 6)]],
      );
    });
  });
});
