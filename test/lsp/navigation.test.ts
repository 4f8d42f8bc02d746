/**
 * Hover, go to definition, find references and go to implementation, on the
 * lsp-basic fixture: from code references, spec headings, `Parent:` links
 * (Markdown and YAML), prose mentions, and an unknown ID.
 */
import * as assert from 'node:assert/strict';
import type { Hover, Location, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { range } from './fixtures';
import { LspTestClient } from './lspClient';

describe('LSP: hover and navigation (lsp-basic)', () => {
  let client: LspTestClient;
  let spec: string;
  let yaml: string;
  let app: string;
  let test: string;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    spec = client.uri('docs/spec.md');
    yaml = client.uri('docs/more.yaml');
    app = client.uri('src/app.ts');
    test = client.uri('tests/app.test.ts');
  });
  after(async () => {
    await client?.dispose();
  });

  const at = (uri: string, line: number, character: number) => ({ textDocument: { uri }, position: { line, character } as Position });
  const hover = (uri: string, line: number, character: number) => client.request<Hover | null>('textDocument/hover', at(uri, line, character));
  const markdown = (h: Hover | null): string => {
    assert.ok(h, 'expected a hover');
    const c = h.contents as MarkupContent;
    assert.equal(c.kind, 'markdown');
    return c.value;
  };
  const where = (locs: Location[] | null) => (locs ?? []).map((l) => ({ uri: l.uri, range: l.range }));

  /** SHOP-001's definition and its three references, in the server's order (file, then position). */
  const shop1Def = () => ({ uri: spec, range: range(4, 3, 4, 11) });
  const shop1Refs = () => [
    { uri: app, range: range(3, 15, 3, 23) },
    { uri: app, range: range(5, 35, 5, 43) },
    { uri: test, range: range(2, 9, 2, 17) },
  ];

  describe('hover', () => {
    it('on a reference in code: exact range, title, status, version, coverage, where defined', async () => {
      const h = await hover(app, 3, 17);
      assert.deepEqual(h?.range, range(3, 15, 3, 23));
      const md = markdown(h);
      assert.ok(md.startsWith('**SHOP-001**: Users can log in'), md);
      assert.ok(md.includes('Status: `approved` · Version: 2'), md);
      assert.ok(md.includes('Coverage: 2 impl · 1 test'), md);
      assert.ok(md.includes('Users sign in with their email address and a password.'), md);
      assert.ok(md.includes('Defined in `docs/spec.md:5`'), md);
    });

    it('at both ends of the ID (the range is inclusive), and not one past it', async () => {
      assert.deepEqual((await hover(app, 3, 15))?.range, range(3, 15, 3, 23));
      assert.deepEqual((await hover(app, 3, 23))?.range, range(3, 15, 3, 23));
      assert.equal(await hover(app, 3, 14), null);
    });

    it('on a pinned reference covers the ID only, not the pin', async () => {
      const h = await hover(app, 5, 40);
      assert.deepEqual(h?.range, range(5, 35, 5, 43));
      assert.ok(markdown(h).startsWith('**SHOP-001**'));
    });

    it('on a reference in a block comment and in a Python comment', async () => {
      const api = await hover(app, 10, 10);
      assert.deepEqual(api?.range, range(10, 9, 10, 16));
      const md = markdown(api);
      assert.ok(md.startsWith('**API-010**: List products'), md);
      assert.ok(md.includes('Coverage: 1 impl'), md);
      assert.ok(md.includes('Defined in `docs/more.yaml:2`'), md);

      const py = await hover(client.uri('src/cart.py'), 0, 30);
      assert.deepEqual(py?.range, range(0, 28, 0, 36));
      assert.ok(markdown(py).includes('Coverage: 1 impl · 1 test'));
    });

    it('on the heading ID of a spec, with the uncovered coverage', async () => {
      const h = await hover(spec, 24, 5);
      assert.deepEqual(h?.range, range(24, 3, 24, 11));
      const md = markdown(h);
      assert.ok(md.startsWith('**SHOP-004**: Prices include tax'), md);
      assert.ok(md.includes('Coverage: uncovered: impl, test (0 impl · 0 test)'), md);
    });

    it('on a heading with a Parent: line shows the parent', async () => {
      const md = markdown(await hover(spec, 11, 4));
      assert.ok(md.startsWith('**SHOP-002**: Carts survive a restart'), md);
      assert.ok(md.includes('Parent: SHOP-001'), md);
    });

    it('on a Parent: link shows the parent, with the link range', async () => {
      const h = await hover(spec, 14, 10);
      assert.deepEqual(h?.range, range(14, 8, 14, 16));
      assert.ok(markdown(h).startsWith('**SHOP-001**: Users can log in'));
    });

    it('on a YAML parent link', async () => {
      const h = await hover(yaml, 8, 14);
      assert.deepEqual(h?.range, range(8, 12, 8, 20));
      assert.ok(markdown(h).startsWith('**SHOP-001**'));
    });

    it('on a deprecated requirement says so', async () => {
      const md = markdown(await hover(app, 16, 44));
      assert.ok(md.startsWith('**SHOP-003**: Guest checkout'), md);
      assert.ok(md.includes('Status: `deprecated`'), md);
      assert.ok(md.includes('(no coverage needed)'), md);
    });

    it('on an unknown ID: unknown requirement with a suggestion', async () => {
      const h = await hover(app, 21, 12);
      assert.deepEqual(h?.range, range(21, 9, 21, 17));
      assert.equal(markdown(h), '**SHOP-014** — unknown requirement\n\nDid you mean **SHOP-004**: Prices include tax?');
    });

    it('nothing on an ID inside a string, on plain code, or on a bare ID of an unknown prefix', async () => {
      assert.equal(await hover(app, 13, 12), null, 'string');
      assert.equal(await hover(app, 4, 18), null, 'code');
      assert.equal(await hover(app, 0, 25), null, 'JIRA-7');
    });

    it('on a prose mention in an open spec', async () => {
      await client.open('docs/spec.md');
      try {
        const h = await hover(spec, 2, 22);
        assert.deepEqual(h?.range, range(2, 20, 2, 28));
        assert.ok(markdown(h).startsWith('**SHOP-001**'));
      } finally {
        await client.close(spec);
      }
    });
  });

  describe('definition', () => {
    it('from a reference goes to the spec heading', async () => {
      assert.deepEqual(where(await client.request('textDocument/definition', at(app, 5, 36))), [shop1Def()]);
      assert.deepEqual(where(await client.request('textDocument/definition', at(test, 2, 9))), [shop1Def()]);
    });

    it('from a reference to a YAML requirement goes to its id', async () => {
      assert.deepEqual(where(await client.request('textDocument/definition', at(app, 10, 12))), [{ uri: yaml, range: range(1, 8, 1, 15) }]);
    });

    it('from a Parent: link goes to the parent (Markdown and YAML)', async () => {
      assert.deepEqual(where(await client.request('textDocument/definition', at(spec, 14, 8))), [shop1Def()]);
      assert.deepEqual(where(await client.request('textDocument/definition', at(yaml, 8, 16))), [shop1Def()]);
    });

    it('from a definition lists its references', async () => {
      assert.deepEqual(where(await client.request('textDocument/definition', at(spec, 4, 6))), shop1Refs());
    });

    it('from an unknown ID finds nothing', async () => {
      assert.deepEqual(where(await client.request('textDocument/definition', at(app, 21, 10))), []);
    });

    it('from plain code answers null', async () => {
      assert.equal(await client.request('textDocument/definition', at(app, 4, 10)), null);
    });
  });

  describe('references and implementation', () => {
    const refs = (uri: string, line: number, character: number, includeDeclaration: boolean) =>
      client.request<Location[] | null>('textDocument/references', { ...at(uri, line, character), context: { includeDeclaration } });

    it('with the declaration: definition first, then every reference', async () => {
      assert.deepEqual(where(await refs(app, 3, 20, true)), [shop1Def(), ...shop1Refs()]);
    });

    it('without the declaration: the references only', async () => {
      assert.deepEqual(where(await refs(app, 3, 20, false)), shop1Refs());
    });

    it('from the spec heading and from a Parent: link give the same list', async () => {
      assert.deepEqual(where(await refs(spec, 4, 3, false)), shop1Refs());
      assert.deepEqual(where(await refs(spec, 14, 12, false)), shop1Refs());
    });

    it('of a requirement covered from Python and a test file', async () => {
      assert.deepEqual(where(await refs(spec, 11, 5, true)), [
        { uri: spec, range: range(11, 3, 11, 11) },
        { uri: client.uri('src/cart.py'), range: range(0, 28, 0, 36) },
        { uri: test, range: range(7, 13, 7, 21) },
      ]);
    });

    it('of an uncovered requirement: only its definition', async () => {
      assert.deepEqual(where(await refs(spec, 24, 3, true)), [{ uri: spec, range: range(24, 3, 24, 11) }]);
      assert.deepEqual(where(await refs(spec, 24, 3, false)), []);
    });

    it('implementation lists the code that references the requirement', async () => {
      assert.deepEqual(where(await client.request('textDocument/implementation', at(spec, 4, 3))), shop1Refs());
    });
  });
});
