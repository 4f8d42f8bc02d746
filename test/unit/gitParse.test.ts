/** Parsers of git's output (server/src/git/gitParse.ts), on output as git writes it. */
import * as assert from 'node:assert/strict';
import { HunkParser, parseLsTree, parseNameStatus, parseRawDiff, unquote } from '../../server/src/git/gitParse';

describe('git output parsers', () => {
  it('ls-tree -r -z [-l]: regular files only, with their blob IDs and sizes when listed', () => {
    const id = (c: string) => c.repeat(40);
    const out = Buffer.from(
      [`100644 blob ${id('a')}      12\tdocs/a b.md`, `100755 blob ${id('b')}       3\trun.sh`, `120000 blob ${id('c')}       5\tlink.md`, `160000 commit ${id('d')}       -\tvendor/lib`, ''].join('\0'),
    );
    assert.deepEqual([...parseLsTree(out)], [
      ['docs/a b.md', { id: id('a'), size: 12 }],
      ['run.sh', { id: id('b'), size: 3 }],
    ]);
    assert.deepEqual([...parseLsTree(Buffer.from(`100644 blob ${id('e')}\tx.md\0`))], [['x.md', { id: id('e') }]]);
  });

  it('diff --name-status -z: statuses, renames and copies', () => {
    const out = Buffer.from(['M', 'a.ts', 'A', 'new.ts', 'D', 'gone.ts', 'R097', 'old.ts', 'moved.ts', 'C050', 'src.ts', 'copy.ts', 'T', 'link', ''].join('\0'));
    assert.deepEqual(parseNameStatus(out), [
      { status: 'modified', basePath: 'a.ts', headPath: 'a.ts' },
      { status: 'added', headPath: 'new.ts' },
      { status: 'deleted', basePath: 'gone.ts' },
      { status: 'renamed', basePath: 'old.ts', headPath: 'moved.ts' },
      { status: 'added', headPath: 'copy.ts' },
      { status: 'modified', basePath: 'link', headPath: 'link' },
    ]);
  });

  it('diff -U0: hunks by head path; content lines that look like headers are not headers', () => {
    const patch = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1111111..2222222 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3,2 +3 @@ function f() {',
      '-old',
      '-old',
      '+++ b/not/a/header.ts',
      '@@ -7,0 +7,2 @@',
      '+a',
      '+b',
      'diff --git a/old name.md b/new name.md',
      'similarity index 90%',
      'rename from old name.md',
      'rename to new name.md',
      '--- a/old name.md\t',
      '+++ b/new name.md\t',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      'diff --git "a/tab\\there.ts" "b/tab\\there.ts"',
      '--- "a/tab\\there.ts"',
      '+++ "b/tab\\there.ts"',
      '@@ -2 +2 @@',
      '',
    ].join('\n');
    const parser = new HunkParser();
    // Any split of the stream.
    for (let i = 0; i < patch.length; i += 7) parser.write(patch.slice(i, i + 7));
    assert.deepEqual(Object.fromEntries(parser.end()), {
      'src/a.ts': [
        { oldStart: 3, oldLines: 2, newStart: 3, newLines: 1 },
        { oldStart: 7, oldLines: 0, newStart: 7, newLines: 2 },
      ],
      'new name.md': [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 }],
      'tab\there.ts': [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1 }],
    });
  });

  it('unquotes C-quoted paths, octal bytes included', () => {
    assert.equal(unquote('plain.ts'), 'plain.ts');
    assert.equal(unquote('"b/a\\"q\\\\.ts"'), 'b/a"q\\.ts');
    assert.equal(unquote('"b/\\303\\251t\\303\\251.md"'), 'b/été.md');
  });

  it('diff-tree --raw -z --no-renames: each path with its new blob, none when deleted or no longer a regular file', () => {
    const id = (c: string) => c.repeat(40);
    const zero = id('0');
    const out = Buffer.from(
      [
        `:100644 100644 ${id('a')} ${id('b')} M`, 'src/a b.ts',
        `:000000 100755 ${zero} ${id('c')} A`, 'run.sh',
        `:100644 000000 ${id('d')} ${zero} D`, 'gone.md',
        `:100644 120000 ${id('e')} ${id('f')} T`, 'now-a-link.md',
        '',
      ].join('\0'),
    );
    assert.deepEqual(parseRawDiff(out), [
      { path: 'src/a b.ts', id: id('b') },
      { path: 'run.sh', id: id('c') },
      { path: 'gone.md', id: undefined },
      { path: 'now-a-link.md', id: undefined },
    ]);
    assert.deepEqual(parseRawDiff(Buffer.from('')), []);
  });
});
