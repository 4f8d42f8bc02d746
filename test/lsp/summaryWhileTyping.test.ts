/**
 * The coverage summary (`reqtrace/indexChanged`) keeps coming while the user
 * types. It used to be debounced by a timer that every keystroke pushed back:
 * keystrokes closer together than the debounce held every summary back for as
 * long as the typing lasted, the one that ends the first publish
 * (`indexing: false`) included. The bench's publish phase, typing every few
 * milliseconds, never saw that one (issue #19).
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { range } from './fixtures';
import { LspTestClient } from './lspClient';

/** A fast typist: well under the server's 200 ms between two summaries. */
const KEYSTROKE_MS = 40;
const TYPING_MS = 2500;

describe('LSP: the coverage summary while the user types', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
  });
  after(async () => {
    await client?.dispose();
  });

  it('goes out while keystrokes keep coming, not only once they stop', async () => {
    const app = await client.open('src/app.ts');
    const seen = client.indexChanges.length;
    const started = performance.now();
    let typed = 0;
    // A keystroke at a time, as a user types, until a summary comes or the typing is over.
    while (client.indexChanges.length === seen && performance.now() - started < TYPING_MS) {
      await client.change(app, [{ range: range(0, 0, 0, 0), text: 'x' }]);
      typed++;
      await new Promise((resolve) => setTimeout(resolve, KEYSTROKE_MS));
    }
    const during = client.indexChanges.length > seen;
    assert.ok(during, `no reqtrace/indexChanged during ${typed} keystrokes over ${Math.round(performance.now() - started)} ms`);
    assert.equal(client.indexChanges[client.indexChanges.length - 1].indexing, false);
  });
});
