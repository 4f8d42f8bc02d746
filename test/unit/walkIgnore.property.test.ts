import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultConfig } from '../../server/src/core/workspace/config';
import { FileClassifier, IgnoreRules, listWorkspaceFiles, reuseWalkRules } from '../../server/src/core/workspace/fileSelection';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { fuzzParams } from './fuzz-support';

/**
 * The walk answers files by name where the .gitignore rules allow it
 * (`byName` in fileSelection.ts); a file's own check (IgnoreRules.isIgnored,
 * as the language server asks about single files) always asks the `ignore`
 * package with the full path. Both must agree on every tree and rule set.
 */
describe('the walk ignores exactly what a single-file check ignores (property)', () => {
  const names = ['a', 'b', 'x.log', 'a.ts', 'keep.log', 'build'];
  const rules = ['*.log', '!keep.log', 'a', 'build/', '/a', '/b/', '!/a', '/x*', 'b/a.ts', '!b', '*.ts', '!*.ts', 'b/', 'x*', '[ab]', '*.[lt][os]*', '[!a]', 'a?ts', '**/b', 'a/**', '\\a'];
  const path = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
  const gitignore = fc.array(fc.constantFrom(...rules), { maxLength: 4 }).map((r) => r.join('\n') + '\n');
  const tree = fc.record({
    files: fc.uniqueArray(path, { maxLength: 25 }),
    ignores: fc.array(fc.tuple(fc.constantFrom('', 'a', 'b', 'a/b', 'build'), gitignore), { maxLength: 3 }),
  });

  it('in a folder one .gitignore ignores and a deeper one re-includes', async () => {
    // `a/b/` is ignored by the root's rules and re-included by a/.gitignore: the root's rules still answer
    // for the files under it by their full path (the folder above them is ignored there), not by name.
    const host = new MemoryHost({ '.gitignore': 'b/\n', 'a/.gitignore': '!b\n', 'a/b/x.log': 'x', 'a/c.log': 'x' });
    const ruleSet = new IgnoreRules();
    const listed = await listWorkspaceFiles(host, new FileClassifier(defaultConfig()), undefined, ruleSet);
    assert.deepEqual(listed.sort(), ['.gitignore', 'a/.gitignore', 'a/c.log'].filter((f) => !ruleSet.isIgnored(f)).sort());
    assert.equal(ruleSet.isIgnored('a/b/x.log'), true);
  });

  it('on random trees and rules', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async ({ files, ignores }) => {
        const contents: Record<string, string> = {};
        for (const f of files) contents[f] = 'x';
        for (const [dir, text] of ignores) contents[dir === '' ? '.gitignore' : `${dir}/.gitignore`] = text;
        // A path cannot be both a file and a folder.
        for (const p of Object.keys(contents)) if (Object.keys(contents).some((q) => q.startsWith(p + '/'))) delete contents[p];
        const host = new MemoryHost(contents);
        const ruleSet = new IgnoreRules();
        const listed = await listWorkspaceFiles(host, new FileClassifier(defaultConfig()), undefined, ruleSet);
        const expected = Object.keys(contents)
          .filter((f) => !ruleSet.isIgnored(f))
          .sort();
        assert.deepEqual([...listed].sort(), expected, JSON.stringify(contents));
      }),
      fuzzParams(1500),
    );
  });
});

describe("a previous walk's .gitignore rules, read again", () => {
  /** A host whose stat of `failing` throws (a permission error, say). */
  class FailingHost extends MemoryHost {
    constructor(
      files: Record<string, string>,
      private readonly failing: string,
    ) {
      super(files);
    }
    override async stat(relPath: string) {
      if (relPath === this.failing) throw new Error(`EACCES: ${relPath}`);
      return super.stat(relPath);
    }
  }
  const walk = (gitignores: Array<[string, number, number]>) => ({ startedAt: 1e12, files: [], dirs: [], gitignores });
  const files = { '.gitignore': 'build/\n', 'src/.gitignore': '*.log\n', 'lib/.gitignore': 'tmp/\n' };

  it('reads them all at once, and still answers as one by one would: the rules, none when one changed, the first error', async () => {
    const all: Array<[string, number, number]> = [['.gitignore', 7, 0], ['src/.gitignore', 6, 0], ['lib/.gitignore', 5, 0]];
    const rules = await reuseWalkRules(new MemoryHost(files), walk(all));
    assert.ok(rules && rules.isIgnored('build/x.ts') && rules.isIgnored('src/a.log') && rules.isIgnored('lib/tmp/y.ts') && !rules.isIgnored('src/a.ts'));
    // The first has changed, and a later one cannot be read: no rules, and no unhandled rejection behind.
    const changedFirst: Array<[string, number, number]> = [['.gitignore', 99, 0], ...all.slice(1)];
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      assert.equal(await reuseWalkRules(new FailingHost(files, 'lib/.gitignore'), walk(changedFirst)), undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepEqual(unhandled, []);
    // All unchanged but one unreadable: its error, as a read one by one would throw it.
    await assert.rejects(reuseWalkRules(new FailingHost(files, 'src/.gitignore'), walk(all)), /EACCES: src\/.gitignore/);
  });
});
