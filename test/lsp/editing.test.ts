/**
 * Completion, quick fixes and rename on the lsp-basic fixture. Edits are
 * made in open buffers through incremental didChange; nothing is saved.
 */
import * as assert from 'node:assert/strict';
import { LSPErrorCodes, ResponseError, type CodeAction, type CompletionItem, type CompletionList, type Diagnostic, type Position, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { positionAt, range } from './fixtures';
import { LspTestClient } from './lspClient';

const ALL_IDS = ['API-010', 'API-011', 'SHOP-001', 'SHOP-002', 'SHOP-003', 'SHOP-004'];

describe('LSP: completion, code actions and rename (lsp-basic)', () => {
  let client: LspTestClient;
  let spec: string;
  let app: string;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
    spec = client.uri('docs/spec.md');
    app = client.uri('src/app.ts');
  });
  after(async () => {
    await client?.dispose();
  });

  const at = (uri: string, line: number, character: number) => ({ textDocument: { uri }, position: { line, character } as Position });
  const complete = async (uri: string, line: number, character: number): Promise<CompletionItem[]> => {
    const r = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', at(uri, line, character));
    return Array.isArray(r) ? r : (r?.items ?? []);
  };

  describe('completion', () => {
    before(async () => {
      await client.open('src/app.ts');
      await client.open('docs/spec.md');
    });
    after(async () => {
      await client.close(app);
      await client.close(spec);
    });

    it('right after `@impl ` in a line comment: every ID, with titles, inserted at the cursor', async () => {
      // `// @impl SHOP-014`: the cursor after `@impl `.
      const items = await complete(app, 21, 9);
      assert.deepEqual(
        items.map((i) => i.label),
        ALL_IDS,
      );
      const shop4 = items.find((i) => i.label === 'SHOP-004')!;
      assert.equal(shop4.detail, 'Prices include tax');
      assert.deepEqual(shop4.textEdit, { range: range(21, 9, 21, 9), newText: 'SHOP-004' });
    });

    it('replaces the typed prefix in a comment being written (incremental edit)', async () => {
      // Type a new line `// @impl SHOP-00` above `export const TAX_RATE`.
      await client.change(app, [{ range: range(22, 0, 22, 0), text: '// @impl SHOP-00\n' }]);
      try {
        const items = await complete(app, 22, 16);
        assert.deepEqual(
          items.map((i) => i.label),
          ['SHOP-001', 'SHOP-002', 'SHOP-003', 'SHOP-004'],
        );
        assert.deepEqual(
          items.map((i) => i.detail),
          ['Users can log in', 'Carts survive a restart', 'Guest checkout', 'Prices include tax'],
        );
        for (const i of items) assert.deepEqual(i.textEdit, { range: range(22, 9, 22, 16), newText: i.label });
      } finally {
        await client.change(app, [{ range: range(22, 0, 23, 0), text: '' }]);
      }
    });

    it('inside a block comment; a typed word also matches titles', async () => {
      // ` * Lists the products.`: at the end of the line, then right after `products`.
      assert.deepEqual(
        (await complete(app, 9, 22)).map((i) => i.label),
        ALL_IDS,
      );
      const byTitle = await complete(app, 9, 21);
      assert.deepEqual(
        byTitle.map((i) => [i.label, i.textEdit]),
        [
          ['API-010', { range: range(9, 13, 9, 21), newText: 'API-010' }],
          ['API-011', { range: range(9, 13, 9, 21), newText: 'API-011' }],
        ],
      );
    });

    it('nothing inside a string or in plain code', async () => {
      assert.deepEqual(await complete(app, 13, 18), [], 'inside the string literal');
      assert.deepEqual(await complete(app, 4, 16), [], 'after `export function `');
      assert.deepEqual(await complete(app, 22, 23), [], 'after `TAX_RATE =`');
    });

    it('on a `Parent: ` line of the Markdown spec, replacing the typed prefix', async () => {
      // `Parent: SHOP-001`, cursor after `Parent: SHOP-`.
      const items = await complete(spec, 14, 13);
      assert.deepEqual(
        items.map((i) => i.label),
        ['SHOP-001', 'SHOP-002', 'SHOP-003', 'SHOP-004'],
      );
      assert.deepEqual(items[0].textEdit, { range: range(14, 8, 14, 13), newText: 'SHOP-001' });
      assert.equal(items[0].detail, 'Users can log in');
    });

    it('nothing on other lines of the spec', async () => {
      assert.deepEqual(await complete(spec, 13, 8), [], 'Status: line');
      assert.deepEqual(await complete(spec, 9, 10), [], 'requirement text');
    });

    it('on a `parent:` line of a YAML spec', async () => {
      const yaml = await client.open('docs/more.yaml');
      try {
        const items = await complete(yaml, 8, 12);
        assert.deepEqual(
          items.map((i) => i.label),
          ALL_IDS,
        );
        assert.deepEqual(items[0].textEdit, { range: range(8, 12, 8, 12), newText: 'API-010' });
      } finally {
        await client.close(yaml);
      }
    });

    it('on an item of a YAML `parents:` list, but not in other lists', async () => {
      const text = client.text('docs/more.yaml') + '  - id: API-012\n    title: Filters\n    parents:\n      - API-010\n      - SHOP\n    tags:\n      - SHOP\n';
      const yaml = await client.open('docs/more.yaml', 0, text);
      try {
        const lines = text.split('\n');
        const item = lines.lastIndexOf('      - SHOP', lines.length - 3);
        const items = await complete(yaml, item, 12);
        assert.deepEqual(items.map((i) => i.label), ['SHOP-001', 'SHOP-002', 'SHOP-003', 'SHOP-004']);
        assert.deepEqual(items[0].textEdit, { range: range(item, 8, item, 12), newText: 'SHOP-001' });
        assert.deepEqual(await complete(yaml, lines.lastIndexOf('      - SHOP'), 12), [], 'a tags: item');
      } finally {
        await client.close(yaml);
      }
    });

    it('nothing in a file that is not open', async () => {
      assert.deepEqual(await complete(client.uri('tests/app.test.ts'), 2, 9), []);
    });
  });

  describe('code actions', () => {
    const pushed = (code: string): Diagnostic => {
      const d = (client.diagnostics.get(app) ?? []).find((x) => x.code === code);
      assert.ok(d, `no ${code} pushed for src/app.ts`);
      return d;
    };
    const actionsFor = (diag: Diagnostic) =>
      client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: app }, range: diag.range, context: { diagnostics: [diag] } });

    it('unknown-requirement: replace with the nearest ID (preferred) and define it in the spec', async () => {
      const diag = pushed('unknown-requirement');
      const actions = await actionsFor(diag);
      assert.deepEqual(
        actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred })),
        [
          { title: 'Replace SHOP-014 with SHOP-004: Prices include tax', kind: 'quickfix', isPreferred: true },
          { title: 'Define SHOP-014 in docs/spec.md', kind: 'quickfix', isPreferred: false },
        ],
      );
      assert.deepEqual(actions[0].edit, { changes: { [app]: [{ range: range(21, 9, 21, 17), newText: 'SHOP-004' }] } });
      assert.deepEqual(actions[0].diagnostics, [diag]);

      const end = positionAt(client.text('docs/spec.md'), client.text('docs/spec.md').length);
      assert.deepEqual(actions[1].edit, {
        changes: {
          [spec]: [{ range: { start: end, end }, newText: '\n## SHOP-014: TODO title\n\nStatus: draft\n\nDescribe the requirement.\n' }],
        },
      });
    });

    it('stale-reference: update the pin to the current version', async () => {
      const actions = await actionsFor(pushed('stale-reference'));
      assert.deepEqual(
        actions.map((a) => [a.title, a.edit]),
        [['Update pin to SHOP-001@2 (reviewed)', { changes: { [app]: [{ range: range(5, 43, 5, 45), newText: '@2' }] } }]],
      );
    });

    it('stale-reference: the fix replaces the whole pin as written (`@01`)', async () => {
      await client.open('src/app.ts');
      try {
        // `SHOP-001@1` → `SHOP-001@01`: still pinned to version 1, so the diagnostic keeps its range;
        // the server handles the code action after the change.
        await client.change(app, [{ range: range(5, 44, 5, 44), text: '0' }]);
        const actions = await actionsFor(pushed('stale-reference'));
        assert.deepEqual(
          actions.map((a) => a.edit),
          // Replacing only `@0` would leave `SHOP-001@21`.
          [{ changes: { [app]: [{ range: range(5, 43, 5, 46), newText: '@2' }] } }],
        );
      } finally {
        await client.close(app);
      }
    });

    it('no action for a deprecated reference, nor for diagnostics of other sources', async () => {
      assert.deepEqual(await actionsFor(pushed('deprecated-reference')), []);
      const foreign = { ...pushed('unknown-requirement'), source: 'eslint' };
      assert.deepEqual(await actionsFor(foreign), []);
    });
  });

  describe('rename', () => {
    const prepare = (uri: string, line: number, character: number) => client.request<{ range: unknown; placeholder: string } | null>('textDocument/prepareRename', at(uri, line, character));
    const rename = (uri: string, line: number, character: number, newName: string) =>
      client.request<WorkspaceEdit | null>('textDocument/rename', { ...at(uri, line, character), newName });
    const sorted = (edits: TextEdit[]) =>
      [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const refused = async (p: Promise<unknown>, message: RegExp) => {
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${e}`);
        assert.equal(e.code, LSPErrorCodes.RequestFailed);
        assert.match(e.message, message);
        return true;
      });
    };

    it('prepareRename gives the ID range and the ID as placeholder', async () => {
      assert.deepEqual(await prepare(app, 5, 37), { range: range(5, 35, 5, 43), placeholder: 'SHOP-001' });
      assert.deepEqual(await prepare(spec, 14, 9), { range: range(14, 8, 14, 16), placeholder: 'SHOP-001' });
    });

    it('prepareRename refuses an unknown ID and answers null on plain code', async () => {
      await refused(prepare(app, 21, 10), /SHOP-014 is not defined/);
      assert.equal(await prepare(app, 4, 10), null);
    });

    it('renames the definition, the parent links (Markdown and YAML) and every reference', async () => {
      const edit = await rename(app, 3, 16, 'SHOP-100');
      assert.ok(edit?.changes, 'expected changes');
      const changes = edit.changes;
      assert.deepEqual(Object.keys(changes).sort(), [client.uri('docs/more.yaml'), spec, app, client.uri('tests/app.test.ts')].sort());
      const to = (...ranges: ReturnType<typeof range>[]) => ranges.map((r) => ({ range: r, newText: 'SHOP-100' }));
      assert.deepEqual(sorted(changes[spec]), to(range(4, 3, 4, 11), range(14, 8, 14, 16)));
      assert.deepEqual(sorted(changes[client.uri('docs/more.yaml')]), to(range(8, 12, 8, 20)));
      assert.deepEqual(sorted(changes[app]), to(range(3, 15, 3, 23), range(5, 35, 5, 43)));
      assert.deepEqual(sorted(changes[client.uri('tests/app.test.ts')]), to(range(2, 9, 2, 17)));
    });

    it('renaming from a YAML definition works the same way', async () => {
      const edit = await rename(client.uri('docs/more.yaml'), 1, 10, 'API-020');
      assert.deepEqual(edit?.changes, {
        [client.uri('docs/more.yaml')]: [{ range: range(1, 8, 1, 15), newText: 'API-020' }],
        [app]: [{ range: range(10, 9, 10, 16), newText: 'API-020' }],
      });
    });

    it('refuses a new name that is not an ID', async () => {
      await refused(rename(app, 3, 16, 'not an id'), /'not an id' is not a valid requirement ID/);
      await refused(rename(app, 3, 16, 'shop-100'), /is not a valid requirement ID/);
    });

    it('refuses a new name that is already defined (in either spec format)', async () => {
      await refused(rename(app, 3, 16, 'SHOP-002'), /SHOP-002 is already defined/);
      await refused(rename(app, 3, 16, 'API-011'), /API-011 is already defined/);
    });

    it('refuses to rename an unknown ID', async () => {
      await refused(rename(app, 21, 10, 'SHOP-015'), /SHOP-014 is not defined/);
    });
  });
});
