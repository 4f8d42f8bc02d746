/**
 * Every dialect works in the editor as the house format does: hover on a
 * reference shows the requirement, go to definition lands on the spec, and
 * completion offers IDs where the dialect's syntax takes one.
 */
import * as assert from 'node:assert/strict';
import { FileChangeType, type CompletionItem, type Hover, type Location, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';

interface DialectCase {
  fixture: string;
  /** Written before the checks when the fixture needs config to turn the dialect on. */
  config?: string;
  source: string;
  /** Text of the reference to hover (its first occurrence in `source`), and an offset into it. */
  reference: string;
  offset: number;
  title: string;
  spec: string;
  /** Text at the definition (its `definitionOccurrence`-th occurrence in `spec`, default the first). */
  definition: string;
  definitionOccurrence?: number;
  /** A line typed at the end of `source`, and a completion label expected at its end. */
  typed: string;
  completion: string;
}

const CASES: DialectCase[] = [
  {
    fixture: 'dialect-oft',
    config: 'dialects: [oft]\n',
    source: 'src/main/java/shop/LoginService.java',
    reference: 'dsn~login.password-check~1',
    offset: 5,
    title: 'password',
    spec: 'doc/design.md',
    definition: 'dsn~login.password-check~2',
    typed: '// [impl->dsn~login.pass',
    completion: 'dsn~login.password-check~2',
  },
  {
    fixture: 'dialect-tracey',
    source: 'src/auth.rs',
    reference: 'auth.logout]',
    offset: 2,
    title: 'sign out',
    spec: 'docs/spec.md',
    definition: 'auth.logout]',
    typed: '// r[impl auth.log',
    completion: 'auth.logout',
  },
  {
    fixture: 'dialect-strictdoc',
    source: 'src/checkout.c',
    reference: 'SHOP-CHECKOUT',
    offset: 3,
    title: 'Checkout',
    spec: 'docs/shop.sdoc',
    definition: 'SHOP-CHECKOUT',
    typed: '// @relation(SHOP-CH',
    completion: 'SHOP-CHECKOUT',
  },
  {
    fixture: 'dialect-lobster',
    source: 'src/cruise.cpp',
    reference: 'CC-002',
    offset: 2,
    title: 'Cancel',
    spec: 'docs/requirements.md',
    definition: 'CC-002',
    typed: '// lobster-trace: CC-00',
    completion: 'CC-001',
  },
  {
    fixture: 'dialect-doorstop',
    source: 'src/auth.py',
    reference: 'LLR001',
    offset: 2,
    title: 'posts the credentials',
    spec: 'reqs/llr/LLR001.yml',
    // An item's title is the first line of its text here; the definition points at it.
    definition: 'The login form posts',
    typed: '# @impl LLR00',
    completion: 'LLR001',
  },
  {
    fixture: 'dialect-sphinxneeds',
    source: 'src/auth.ts',
    reference: 'REQ_001',
    offset: 2,
    title: 'Password login',
    spec: 'docs/_export/needs.json',
    // The need's key in the current version (the first one is in the 1.0 history).
    definition: '"REQ_001": {',
    definitionOccurrence: 1,
    typed: '// @impl REQ_00',
    completion: 'REQ_001',
  },
];

for (const c of CASES) {
  describe(`LSP: the ${c.fixture} dialect in the editor`, () => {
    let client: LspTestClient;

    before(async () => {
      client = await LspTestClient.start({ fixtures: [c.fixture] });
      if (c.config) {
        const since = client.indexChanges.length;
        await client.writeFile('reqtrace.yaml', c.config);
        await client.watchedFiles([{ uri: client.uri('reqtrace.yaml'), type: FileChangeType.Created }]);
        await client.indexChangedSince(since, (s) => !s.indexing && s.requirements > 0);
      }
    });
    after(async () => {
      await client?.dispose();
    });

    const position = () => {
      const r = client.rangeOf(c.source, c.reference);
      return { textDocument: { uri: client.uri(c.source) }, position: { line: r.start.line, character: r.start.character + c.offset } };
    };

    it('hover on a reference shows the requirement', async () => {
      const h = await client.request<Hover | null>('textDocument/hover', position());
      assert.ok(h, 'expected a hover');
      assert.match((h.contents as MarkupContent).value, new RegExp(c.title, 'i'));
    });

    it('go to definition lands on the spec', async () => {
      const locs = await client.request<Location[] | null>('textDocument/definition', position());
      const def = client.rangeOf(c.spec, c.definition, c.definitionOccurrence ?? 0);
      assert.deepEqual(
        (locs ?? []).map((l) => [l.uri, l.range.start.line]),
        [[client.uri(c.spec), def.start.line]],
      );
    });

    it('completes IDs where the dialect takes one', async () => {
      const uri = await client.open(c.source);
      const text = client.text(c.source);
      const lines = text.split(/\r?\n/);
      const last = lines.length - 1;
      await client.change(uri, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: lines[last].length } }, text: c.typed }]);
      const items = await client.request<CompletionItem[] | null>('textDocument/completion', {
        textDocument: { uri },
        position: { line: last, character: c.typed.length },
      });
      assert.ok((items ?? []).some((i) => i.label === c.completion), `labels: ${(items ?? []).map((i) => i.label).join(', ')}`);
    });
  });
}
