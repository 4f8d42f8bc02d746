import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { silentLogger } from '../../server/src/core/workspace/host';
import { Workspaces, type Folder } from '../../server/src/lsp/workspaces';
import { fuzzParams } from './fuzz-support';

describe('file URIs of workspace files', () => {
  const workspaces = new Workspaces(silentLogger);
  const roots = ['/work/repo', '/tmp/a b/ü', '/x/%41#?'];

  it('are exactly what pathToFileURL gives, on the fast path and off it (property)', () => {
    const segment = fc
      .array(fc.constantFrom('a', 'Z', '0', '.', '-', '_', '~', ' ', '%', '#', '?', 'ü', '😀', '[', '\\', ':', '@'), { minLength: 1, maxLength: 6 })
      .map((cs) => cs.join(''));
    const file = fc.array(segment, { minLength: 1, maxLength: 4 }).map((ss) => ss.join('/'));
    for (const root of roots) {
      const folder = { root, rootFileUri: pathToFileURL(root).toString().replace(/\/$/, '') } as Folder;
      fc.assert(
        fc.property(file, (f) => {
          assert.equal(workspaces.uriOf(folder, f), pathToFileURL(path.join(root, ...f.split('/'))).toString());
        }),
        fuzzParams(500),
      );
      assert.equal(workspaces.uriOf(folder, 'src/auth/login.ts'), pathToFileURL(path.join(root, 'src/auth/login.ts')).toString());
    }
  });
});
