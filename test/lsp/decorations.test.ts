/**
 * Code lens, inlay hints (and turning them off through settings), document
 * and workspace symbols, and semantic tokens on the lsp-basic fixture.
 */
import * as assert from 'node:assert/strict';
import type { CodeLens, DocumentSymbol, InlayHint, Location, SemanticTokens, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { range } from './fixtures';
import { LspTestClient } from './lspClient';

const LEGEND = { tokenTypes: ['requirement'], tokenModifiers: ['declaration', 'unknown', 'deprecated'] };

/** Decodes LSP's relative semantic-token encoding into `line:char+length type [mods]` strings. */
function decodeTokens(tokens: SemanticTokens): string[] {
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dLine, dChar, length, type, mods] = tokens.data.slice(i, i + 5);
    line += dLine;
    char = dLine === 0 ? char + dChar : dChar;
    const names = LEGEND.tokenModifiers.filter((_, bit) => mods & (1 << bit));
    out.push(`${line}:${char}+${length} ${LEGEND.tokenTypes[type]}${names.length ? ` [${names.join(',')}]` : ''}`);
  }
  return out;
}

describe('LSP: code lens, inlay hints, symbols, semantic tokens (lsp-basic)', () => {
  let client: LspTestClient;
  let spec: string;
  let yaml: string;
  let app: string;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    spec = client.uri('docs/spec.md');
    yaml = client.uri('docs/more.yaml');
    app = client.uri('src/app.ts');
  });
  after(async () => {
    await client?.dispose();
  });

  const lenses = (uri: string) => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const hints = (uri: string, r = range(0, 0, 1000, 0)) => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: r });

  describe('code lens', () => {
    it('one per definition in the Markdown spec, titled with its coverage', async () => {
      const ls = await lenses(spec);
      assert.deepEqual(
        ls.map((l) => [l.range.start.line, l.command?.title]),
        [
          [4, '2 impl · 1 test'],
          [11, '1 impl · 1 test'],
          [18, '1 impl (no coverage needed)'],
          [24, 'uncovered: impl, test (0 impl · 0 test)'],
        ],
      );
    });

    it('runs reqtrace.showReferences with the uri and the position; the references there are the ones it counts', async () => {
      const [first] = await lenses(spec);
      assert.deepEqual(first.range, range(4, 3, 4, 11));
      assert.deepEqual(first.command, { title: '2 impl · 1 test', command: 'reqtrace.showReferences', arguments: [spec, { line: 4, character: 3 }] });
      // What the VS Code client asks for when the lens is clicked (client/src/commands.ts).
      const [uri, position] = first.command!.arguments as [string, { line: number; character: number }];
      const found = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
      assert.deepEqual(found, [
        { uri: app, range: range(3, 15, 3, 23) },
        { uri: app, range: range(5, 35, 5, 43) },
        { uri: client.uri('tests/app.test.ts'), range: range(2, 9, 2, 17) },
      ]);
    });

    it('shows where the references are when clicked, after lines moved in another file (no lens is refreshed then)', async () => {
      await client.open('src/app.ts');
      try {
        const seen = client.indexChanges.length;
        await client.change(app, [{ range: range(0, 0, 0, 0), text: '\n\n' }]);
        await client.indexChangedSince(seen);
        const [first] = await lenses(spec);
        const [uri, position] = first.command!.arguments as [string, { line: number; character: number }];
        const found = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
        assert.deepEqual(
          found.filter((l) => l.uri === app).map((l) => l.range),
          [range(5, 15, 5, 23), range(7, 35, 7, 43)],
        );
      } finally {
        // Back to the disk's text before the next test.
        const seen = client.indexChanges.length;
        await client.close(app);
        await client.indexChangedSince(seen);
      }
    });

    it('in a YAML spec too, and none in code', async () => {
      assert.deepEqual(
        (await lenses(yaml)).map((l) => [l.range, l.command?.title]),
        [
          [range(1, 8, 1, 15), '1 impl'],
          [range(5, 8, 5, 15), 'no references (no coverage needed)'],
        ],
      );
      assert.deepEqual(await lenses(app), []);
    });
  });

  describe('inlay hints', () => {
    // Editors ask for inlay hints of open documents only.
    before(async () => {
      await client.open('src/app.ts');
    });
    after(async () => {
      await client.close(app);
    });

    it("after each reference to a defined requirement, with the requirement's title", async () => {
      const hs = await hints(app);
      assert.deepEqual(
        hs.map((h) => [h.position, h.label, h.paddingLeft]),
        [
          [{ line: 3, character: 23 }, 'Users can log in', true],
          // `SHOP-001@1`: after the pin, so the title does not split the reference.
          [{ line: 5, character: 45 }, 'Users can log in', true],
          [{ line: 10, character: 16 }, 'List products', true],
          [{ line: 16, character: 49 }, 'Guest checkout', true],
        ],
      );
      assert.equal(hs[0].tooltip, 'SHOP-001: Users can log in');
    });

    it('only within the requested range', async () => {
      assert.deepEqual(
        (await hints(app, range(4, 0, 12, 0))).map((h) => h.position.line),
        [5, 10],
      );
    });

    it('none in spec files', async () => {
      assert.deepEqual(await hints(spec), []);
    });

    it('none (and no code lens) once the settings turn them off, back when turned on', async () => {
      const refreshes = client.countServerRequests('workspace/inlayHint/refresh');
      await client.changeSettings('reqtrace', { enable: true, inlayHints: false, codeLens: false });
      // The server re-reads its settings, then asks the client to refresh.
      await client.waitForServerRequest('workspace/inlayHint/refresh', refreshes);
      try {
        assert.deepEqual(await hints(app), []);
        assert.deepEqual(await lenses(spec), []);
      } finally {
        const again = client.countServerRequests('workspace/inlayHint/refresh');
        await client.changeSettings('reqtrace', { enable: true, inlayHints: true, codeLens: true });
        await client.waitForServerRequest('workspace/inlayHint/refresh', again);
      }
      assert.equal((await hints(app)).length, 4);
      assert.equal((await lenses(spec)).length, 4);
    });
  });

  describe('symbols', () => {
    it('document symbols of a Markdown spec: ID, title, section range, ID as selection', async () => {
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: spec } });
      assert.deepEqual(
        syms.map((s) => [s.name, s.detail]),
        [
          ['SHOP-001', 'Users can log in'],
          ['SHOP-002', 'Carts survive a restart'],
          ['SHOP-003', 'Guest checkout'],
          ['SHOP-004', 'Prices include tax'],
        ],
      );
      // The section runs from the heading's `#` to the last non-blank line before the next heading.
      assert.deepEqual(syms[0].range, range(4, 0, 9, 54));
      assert.deepEqual(syms[0].selectionRange, range(4, 3, 4, 11));
      assert.deepEqual(syms[3].range, range(24, 0, 28, 37));
    });

    it('document symbols of a YAML spec, and none for code', async () => {
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: yaml } });
      assert.deepEqual(
        syms.map((s) => [s.name, s.detail, s.selectionRange]),
        [
          ['API-010', 'List products', range(1, 8, 1, 15)],
          ['API-011', 'Search products by name', range(5, 8, 5, 15)],
        ],
      );
      assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: app } }), []);
    });

    const search = (query: string) => client.request<SymbolInformation[]>('workspace/symbol', { query });

    it('workspace symbols by ID', async () => {
      const found = await search('SHOP-002');
      assert.deepEqual(
        found.map((s) => [s.name, s.location.uri, s.location.range, s.containerName]),
        [['SHOP-002: Carts survive a restart', spec, range(11, 3, 11, 11), 'docs/spec.md']],
      );
    });

    it('workspace symbols by words of the title, in any order and case', async () => {
      assert.deepEqual(
        (await search('products')).map((s) => s.name),
        ['API-010: List products', 'API-011: Search products by name'],
      );
      assert.deepEqual(
        (await search('Restart carts')).map((s) => s.name),
        ['SHOP-002: Carts survive a restart'],
      );
      assert.deepEqual(await search('no such words'), []);
    });
  });

  describe('semantic tokens', () => {
    const tokens = async (uri: string) => decodeTokens(await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } }));

    it('in code: references, the deprecated one and the unknown typo', async () => {
      assert.deepEqual(await tokens(app), [
        '3:15+8 requirement',
        '5:35+8 requirement',
        '10:9+7 requirement',
        '16:41+8 requirement [deprecated]',
        '21:9+8 requirement [unknown]',
      ]);
    });

    it('in the spec: declarations (one deprecated) and the parent link', async () => {
      assert.deepEqual(await tokens(spec), [
        '4:3+8 requirement [declaration]',
        '11:3+8 requirement [declaration]',
        '14:8+8 requirement',
        '18:3+8 requirement [declaration,deprecated]',
        '24:3+8 requirement [declaration]',
      ]);
    });
  });
});

describe('LSP: what the editor shows from the index is refreshed when another file changes', () => {
  const REFRESHES = ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh'];
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  const lensTitles = async (c: LspTestClient, uri: string) =>
    (await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => `${l.range.start.line}: ${l.command?.title}`);

  it('asks the client to refresh code lenses, inlay hints and semantic tokens after the first index and after an edit elsewhere', async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    // The first index's end: lenses asked for while it ran held its partial counts.
    for (const method of REFRESHES) assert.ok(client.countServerRequests(method) >= 1, `${method} after the first index`);
    const spec = await client.open('docs/spec.md');
    const app = await client.open('src/app.ts');
    assert.ok((await lensTitles(client, spec)).includes('24: uncovered: impl, test (0 impl · 0 test)'));
    const before = REFRESHES.map((m) => client!.countServerRequests(m));
    const seen = client.indexChanges.length;
    const references = client.indexChanges[seen - 1].references;
    // The code gains a reference: the spec's text is unchanged, so its editor would not ask again by itself.
    await client.change(app, [{ range: range(0, 0, 0, 0), text: '// @impl SHOP-004\n' }]);
    for (const [i, method] of REFRESHES.entries()) await client.waitForServerRequest(method, before[i]);
    assert.ok((await lensTitles(client, spec)).includes('24: uncovered: test (1 impl · 0 test)'), (await lensTitles(client, spec)).join(' | '));
    // Prose typed in a comment changes nothing another file shows: no refresh (each would have every visible editor ask again).
    // The summary of this edit (one reference more): after it, no earlier change's summary is still on its way.
    await client.indexChangedSince(seen, (summary) => summary.references === references + 1);
    const settled = REFRESHES.map((m) => client!.countServerRequests(m));
    const prose = client.indexChanges.length;
    await client.change(app, [{ range: range(1, 3, 1, 3), text: 'The ' }]);
    await client.indexChangedSince(prose);
    assert.deepEqual(REFRESHES.map((m) => client!.countServerRequests(m)), settled);
  });

  it("asks only for inlay hints when a requirement's title changes, which is all another file shows of it", async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    const spec = await client.open('docs/spec.md');
    const app = client.uri('src/app.ts');
    const hints = async () => (await client!.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: app }, range: range(0, 0, 100, 0) })).map((h) => h.label);
    assert.ok((await hints()).includes('Users can log in'));
    const before = REFRESHES.map((m) => client!.countServerRequests(m));
    await client.change(spec, [{ range: client.rangeOf('docs/spec.md', 'Users can log in'), text: 'Users sign in' }]);
    await client.waitForServerRequest('workspace/inlayHint/refresh', before[1]);
    // Any other refresh would have been sent with it: a round trip brings it in.
    await client.roundTrip();
    assert.deepEqual(REFRESHES.map((m) => client!.countServerRequests(m)), [before[0], before[1] + 1, before[2]]);
    assert.ok((await hints()).includes('Users sign in'), (await hints()).join(' | '));
  });

  it('asks nothing of a client that cannot refresh them', async () => {
    client = await LspTestClient.start({
      fixtures: ['lsp-basic'],
      capabilities: (caps) => ({ ...caps, workspace: { ...caps.workspace, codeLens: undefined, inlayHint: undefined, semanticTokens: undefined } }),
    });
    const app = await client.open('src/app.ts');
    const seen = client.indexChanges.length;
    await client.change(app, [{ range: range(0, 0, 0, 0), text: '// @impl SHOP-004\n' }]);
    // Refreshes go out before the reqtrace/indexChanged of the same change, so none can still be on the way.
    await client.indexChangedSince(seen);
    for (const method of REFRESHES) assert.equal(client.countServerRequests(method), 0, method);
  });
});
