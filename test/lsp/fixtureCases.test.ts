/**
 * The LSP layer of the golden fixtures: the language server, started on a
 * copy of every `test-fixtures/<case>/` with an `expected.json`, pushes
 * exactly its diagnostics (the core and CLI tests read the same files). The
 * editor has no PATH or --dialect arguments: a case that needs them gives
 * the reqtrace.yaml that says the same (`editorConfig`), written before the
 * server starts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { compareDiagnosticLines, copyFixture, FIXTURES } from './fixtures';
import { LspTestClient } from './lspClient';

interface Expected {
  args?: string[];
  paths?: string[];
  editorConfig?: string;
  diagnostics: string[];
  requirements?: Record<string, { oftStatus?: string; release?: string | null }>;
}

const cases = fs
  .readdirSync(FIXTURES)
  .filter((d) => fs.existsSync(path.join(FIXTURES, d, 'expected.json')))
  .sort();

describe('LSP on test-fixtures', () => {
  for (const name of cases) {
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
    const needsArguments = (expected.args?.length ?? 0) > 0 || (expected.paths?.length ?? 0) > 0;
    if (needsArguments && expected.editorConfig === undefined) continue;

    it(name, async () => {
      const folder = copyFixture(name);
      if (expected.editorConfig !== undefined) fs.writeFileSync(path.join(folder.root, 'reqtrace.yaml'), expected.editorConfig);
      const client = await LspTestClient.start({ fixtures: [], folders: [folder] });
      try {
        // The editor orders by file throughout; the CLI puts the config's diagnostics first.
        assert.deepEqual(client.diagnosticLines(), [...expected.diagnostics].sort(compareDiagnosticLines));
        // OpenFastTrace statuses and releases show in the hover of the definition.
        for (const [id, want] of Object.entries(expected.requirements ?? {})) {
          if (want.oftStatus !== undefined) {
            const hover = (await hoverOn(client, folder.root, id, new RegExp(`(?<![\\w~])${id.replace(/[.]/g, '\\.')}~\\d+`)))!;
            assert.match(hover, new RegExp(`OpenFastTrace: (?:not )?ok \\(${want.oftStatus}\\)`), `${id} hover`);
          }
          // A Doorstop item's UID is its file name: one no file refers to is written nowhere to hover.
          const hover = want.release === undefined ? undefined : await hoverOn(client, folder.root, id, new RegExp(`(?<![\\w-])${id.replace(/[.]/g, '\\.')}(?![\\w-])`), false);
          if (hover !== undefined) {
            if (want.release === null) assert.doesNotMatch(hover, /Release:/, `${id} hover`);
            else assert.ok(hover.includes(`Release: ${want.release}`), `${id} hover: ${hover}`);
          }
        }
      } finally {
        await client.dispose();
        fs.rmSync(path.dirname(folder.root), { recursive: true, force: true });
      }
    });
  }
});

/**
 * The hover on the first place (by file name) where `written` (an ID as the
 * files write it) is in the copy; when it is written nowhere, an error, or
 * undefined when not `required`.
 */
async function hoverOn(client: LspTestClient, root: string, id: string, written: RegExp, required = true): Promise<string | undefined> {
  const full = written;
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();
  for (const rel of files) {
    if (rel === 'expected.json' || !fs.statSync(path.join(root, rel)).isFile()) continue;
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const m = full.exec(text);
    if (!m) continue;
    const r = client.rangeOf(rel, m[0]);
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri(rel) }, position: { line: r.start.line, character: r.start.character + 1 } });
    return (h?.contents as MarkupContent | undefined)?.value ?? '';
  }
  if (!required) return undefined;
  throw new Error(`${id} is written nowhere in the copy`);
}
