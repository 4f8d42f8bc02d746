import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine/engine';
import { needsNoText } from '../../server/src/core/index/analyzeFile';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { languageForPath } from '../../server/src/core/parse/languages';
import { recheckPattern } from '../../server/src/node/recheck';

/** Skipping the decoding of a file must give the entry its text would have given. */
describe('needsNoText: source files read without decoding', () => {
  const source = { kind: 'source' as const, language: languageForPath('src/a.ts')! };
  const noId = 'export const x = y - 1; // UTF8, not an ID\n/* see issue 12 */\n';

  it('holds for a source without an ID, and then analysing "" gives the same entry', () => {
    const engine = new Engine({ host: new MemoryHost() });
    assert.equal(needsNoText(engine, source, Buffer.from(noId)), true);
    assert.deepEqual(engine.analyze('src/a.ts', '', source), engine.analyze('src/a.ts', noId, source));
    // A test file keeps its test flag either way.
    engine.applyConfigText('tests: ["test/**"]\n');
    assert.deepEqual(engine.analyze('test/a.ts', '', source), engine.analyze('test/a.ts', noId, source));
  });

  it('does not hold when an ID may occur, for specs, for custom ID shapes, or when a dialect reads code', () => {
    // A custom ID shape is taken only with a pattern checker (the Node build's).
    const engine = new Engine({ host: new MemoryHost(), checkPattern: recheckPattern });
    assert.equal(needsNoText(engine, source, Buffer.from('// @impl AUTH-001\n')), false);
    assert.equal(needsNoText(engine, { kind: 'markdown-spec' }, Buffer.from(noId)), false);
    engine.applyConfigText('idPattern: "REQ_[0-9]+"\n');
    assert.equal(needsNoText(engine, source, Buffer.from(noId)), false);
    const withDialect = new Engine({ host: new MemoryHost(), dialects: ['strictdoc'] });
    withDialect.applyConfigText(undefined);
    assert.equal(needsNoText(withDialect, source, Buffer.from(noId)), false);
  });
});
