/**
 * Initialization, the initial push of diagnostics (against the fixture's
 * expected.json, the truth shared with the CLI tests) and the custom requests.
 */
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver-protocol/node';
import type { CoverageSummary, RequirementReference, WorkspaceFolderRequirements, WorkspaceFolderSpecFiles } from '../../server/src/protocol';
import { expectedOf, range } from './fixtures';
import { LspTestClient } from './lspClient';

describe('LSP: initialize and diagnostics (lsp-basic)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
  });
  after(async () => {
    await client?.dispose();
  });

  it('announces incremental sync and the features it serves', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental, save: false });
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.deepEqual(caps.semanticTokensProvider, {
      legend: { tokenTypes: ['requirement'], tokenModifiers: ['declaration', 'unknown', 'deprecated'] },
      full: true,
    });
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.inlayHintProvider, true);
    assert.equal(client.initializeResult.serverInfo?.name, 'reqtrace');
  });

  it('reads its settings with workspace/configuration and reports indexing progress', () => {
    assert.ok(client.serverRequests.includes('workspace/configuration'), client.serverRequests.join(', '));
    assert.ok(client.serverRequests.includes('window/workDoneProgress/create'), client.serverRequests.join(', '));
  });

  it('pushes exactly the diagnostics of expected.json', () => {
    assert.deepEqual(client.diagnosticLines(), expectedOf('lsp-basic').diagnostics);
  });

  it('pushes diagnostics with exact ranges, severities, source and data.requirement', () => {
    const app = client.diagnostics.get(client.uri('src/app.ts')) ?? [];
    const pick = (code: string) => {
      const d = app.find((x) => x.code === code);
      assert.ok(d, `no ${code} in src/app.ts`);
      return { range: d.range, severity: d.severity, source: d.source, data: d.data };
    };
    assert.deepEqual(pick('unknown-requirement'), {
      range: range(21, 9, 21, 17),
      severity: DiagnosticSeverity.Error,
      source: 'reqtrace',
      data: { requirement: 'SHOP-014' },
    });
    assert.deepEqual(pick('stale-reference'), {
      range: range(5, 35, 5, 43),
      severity: DiagnosticSeverity.Warning,
      source: 'reqtrace',
      data: { requirement: 'SHOP-001' },
    });
    assert.deepEqual(pick('deprecated-reference'), {
      range: range(16, 41, 16, 49),
      severity: DiagnosticSeverity.Warning,
      source: 'reqtrace',
      data: { requirement: 'SHOP-003' },
    });
    assert.match(app.find((d) => d.code === 'unknown-requirement')!.message, /unknown requirement SHOP-014; did you mean SHOP-004\?/);

    const spec = client.diagnostics.get(client.uri('docs/spec.md')) ?? [];
    assert.equal(spec.length, 1);
    assert.deepEqual(spec[0].range, range(24, 3, 24, 11));
    assert.equal(spec[0].severity, DiagnosticSeverity.Warning);
    assert.equal(spec[0].message, 'SHOP-004 has no impl or test coverage (needs impl, test)');
  });

  it('pushes nothing for files without problems', () => {
    for (const rel of ['docs/more.yaml', 'src/cart.py', 'tests/app.test.ts']) {
      assert.deepEqual(client.diagnostics.get(client.uri(rel)) ?? [], [], rel);
    }
  });

  it('answers reqtrace/coverage, and reqtrace/indexChanged carried the same summary', async () => {
    const summary = await client.request<CoverageSummary>('reqtrace/coverage', {});
    assert.deepEqual(summary, {
      requirements: 6,
      // SHOP-003 is deprecated and API-011 a draft: they need nothing.
      needing: 4,
      covered: 3,
      uncovered: 1,
      references: 8,
      errors: 1,
      warnings: 3,
      coverage: 75,
      indexing: false,
    });
    assert.deepEqual(client.indexChanges[client.indexChanges.length - 1], summary);
  });

  it("answers reqtrace/requirements with the coverage of expected.json's requirements", async () => {
    const [folder] = await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', {});
    const got: Record<string, unknown> = {};
    for (const r of folder.requirements) got[r.id] = { covered: r.covered, impl: r.counts.impl, test: r.counts.test, status: r.status };
    assert.deepEqual(got, expectedOf('lsp-basic').requirements);
  });

  it('answers reqtrace/specFiles with each spec file and its coverage counts, and reqtrace/requirements for one of them', async () => {
    const all = (await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', {}))[0].requirements;
    const [folder] = await client.request<WorkspaceFolderSpecFiles[]>('reqtrace/specFiles', {});
    assert.equal(folder.folder, client.folders[0].uri);
    // The counts agree with the requirements, file by file.
    const files = [...new Set(all.map((r) => r.file))].sort();
    assert.deepEqual(
      folder.files,
      files.map((file) => {
        const mine = all.filter((r) => r.file === file);
        const needing = mine.filter((r) => r.needs.length > 0);
        return { uri: client.uri(file), file, requirements: mine.length, needing: needing.length, covered: needing.filter((r) => r.covered).length };
      }),
    );
    assert.ok(folder.files.some((f) => f.needing > f.covered) && folder.files.some((f) => f.requirements > 1), 'a file with an uncovered requirement and one with several');
    for (const file of files) {
      const [one] = await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', { uri: client.uri(file) });
      assert.deepEqual(one.requirements, all.filter((r) => r.file === file), file);
    }
    assert.deepEqual(await client.request('reqtrace/requirements', { uri: client.uri('src/app.ts') }), [], 'a file that defines nothing');
  });

  it('reqtrace/specFiles follows an edit that covers a requirement', async () => {
    const spec = client.uri('docs/spec.md');
    const covered = async () => (await client.request<WorkspaceFolderSpecFiles[]>('reqtrace/specFiles', {}))[0].files.find((f) => f.uri === spec)!.covered;
    const before = await covered();
    const app = await client.open('src/app.ts');
    const uncoveredShop4 = (d: Diagnostic[]) => d.some((x) => x.code === 'uncovered-requirement' && x.message.startsWith('SHOP-004'));
    try {
      await client.change(app, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// @impl SHOP-004\n// @test SHOP-004\n' }]);
      await client.waitForDiagnostics(spec, (d) => !uncoveredShop4(d));
      assert.equal(await covered(), before + 1);
    } finally {
      await client.change(app, [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
      await client.waitForDiagnostics(spec, uncoveredShop4);
      await client.close(app);
    }
    assert.equal(await covered(), before);
  });

  it('answers reqtrace/requirements with coverage per requirement', async () => {
    const folders = await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', {});
    assert.equal(folders.length, 1);
    assert.equal(folders[0].folder, client.folders[0].uri);
    const reqs = folders[0].requirements;
    assert.deepEqual(
      reqs.map((r) => r.id),
      ['API-010', 'API-011', 'SHOP-001', 'SHOP-002', 'SHOP-003', 'SHOP-004'],
    );
    const shop1 = reqs.find((r) => r.id === 'SHOP-001')!;
    assert.deepEqual(
      {
        title: shop1.title,
        status: shop1.status,
        version: shop1.version,
        uri: shop1.uri,
        file: shop1.file,
        line: shop1.line,
        character: shop1.character,
        covered: shop1.covered,
        counts: shop1.counts,
        errors: shop1.errors,
        referenceCount: shop1.referenceCount,
      },
      {
        title: 'Users can log in',
        status: 'approved',
        version: 2,
        uri: client.uri('docs/spec.md'),
        file: 'docs/spec.md',
        line: 4,
        character: 3,
        covered: true,
        counts: { impl: 2, test: 1 },
        errors: 0,
        referenceCount: 3,
      },
    );
    const referencesOf = (id: string) => client.request<RequirementReference[]>('reqtrace/requirementReferences', { uri: client.uri('docs/spec.md'), id });
    assert.deepEqual(
      (await referencesOf('SHOP-001')).map((r) => `${r.file}:${r.line}:${r.character} ${r.kind} ${r.uri === client.uri(r.file)}`),
      ['src/app.ts:3:15 impl true', 'src/app.ts:5:35 impl true', 'tests/app.test.ts:2:9 test true'],
    );
    const shop4 = reqs.find((r) => r.id === 'SHOP-004')!;
    assert.deepEqual(
      { covered: shop4.covered, missing: shop4.missing, referenceCount: shop4.referenceCount, references: await referencesOf('SHOP-004') },
      { covered: false, missing: ['impl', 'test'], referenceCount: 0, references: [] },
    );
    assert.deepEqual(await client.request('reqtrace/requirementReferences', { uri: 'file:///elsewhere/x.md', id: 'SHOP-001' }), [], 'outside every folder');
    const api11 = reqs.find((r) => r.id === 'API-011')!;
    assert.deepEqual({ status: api11.status, needs: api11.needs, covered: api11.covered, file: api11.file }, { status: 'draft', needs: [], covered: true, file: 'docs/more.yaml' });
  });
});
