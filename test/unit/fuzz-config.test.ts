/**
 * Fuzzes the config loader (`reqtrace.yaml`): no exception, bounded time,
 * every problem located inside the file, and whatever it accepts is usable:
 * the ID pattern compiles and passed the safety check, the globs build a
 * file classifier, sizes are positive integers. Also fuzzes .gitignore
 * files, whose patterns the walk applies to every path.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_ID_PATTERN, createIdMatcher } from '../../server/src/core/idPattern';
import { parseConfig } from '../../server/src/core/workspace/config';
import { FileClassifier, listWorkspaceFiles } from '../../server/src/core/workspace/fileSelection';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { checkGlobSafety, checkPatternSafety } from '../../server/src/core/workspace/regexSafety';
import { recheckPattern } from '../../server/src/node/recheck';
import { DIAGNOSTIC_CODES } from '../../server/src/core/types';
import { assertRangeInside, Doc, formatInput, fuzzParams, fuzzStats, timed, YAML_TOKENS } from './fuzz-support';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

const SAMPLES = [
  ...fs
    .readdirSync(FIXTURES)
    .map((d) => path.join(FIXTURES, d, 'reqtrace.yaml'))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8')),
  'specs: ["docs/**/*.md", "docs/**/*.yaml"]\nsources: ["src/**", "tests/**"]\nexclude: ["vendor/**"]\ntests: ["**/*.test.*", "tests/**"]\n' +
    'idPattern: "[A-Z]+-[0-9]+"\nneeds: [impl, test]\nmaxFileSize: 5242880\nseverity:\n  uncovered-requirement: error\n  stale-reference: off\n',
  'idPattern: "(A+)+"\n',
  'exclude: "*a*a*a*a*b"\ntests: ["+(a|aa)b", "{a,a}{a,a}{a,a}{a,a}{a,a}b"]\n',
];

/**
 * ID patterns the generated configs draw from: a handful, so the (slow, cached)
 * safety analysis runs once per pattern; random patterns have their own test.
 */
const PATTERN_TOKENS = ['"[A-Z]+-[0-9]+"', "'(A+)+'", '"(a|a)*$"', '"[.a-z]+-\\\\d+"', '"REQ_[0-9]{1,4}"', '"["', '""', '"(?<x>a)\\\\k<x>"', '"a*"'];
const GLOB_TOKENS = ['"**/*.md"', '"*a*a*a*b"', '"+(a|aa)"', '"{a,b}"', '"["', '"!x"', '"**/**/**/x"', '"\\\\*"', '""'];
const TOKENS = [...YAML_TOKENS.filter((t) => !t.includes('(') && !t.includes('[A-Z')), ...PATTERN_TOKENS, ...GLOB_TOKENS];

/** The safety analysis of a new pattern may take its whole timeout (regexSafety.ts). */
const WITH_ANALYSIS_MS = 12_000;

function checkLoaded(text: string): void {
  const { config, problems } = timed('parseConfig', text, () => parseConfig(text, recheckPattern), WITH_ANALYSIS_MS);
  const doc = new Doc(text);
  for (const p of problems) {
    assert.equal(p.code, 'invalid-config');
    assertRangeInside(doc, p.range, `parseConfig problem '${p.message}'`);
  }
  assert.ok(Number.isInteger(config.maxFileSize) && config.maxFileSize > 0, `maxFileSize ${config.maxFileSize}`);
  if (config.idPattern !== DEFAULT_ID_PATTERN) assert.equal(checkPatternSafety(config.idPattern, recheckPattern), undefined, `accepted unsafe idPattern ${config.idPattern}`);
  const ids = createIdMatcher(config.idPattern);
  assert.equal(ids.isId(''), false, 'an accepted idPattern matches the empty string');
  for (const key of ['specs', 'sources', 'exclude', 'tests'] as const) {
    const list = config[key] ?? [];
    assert.ok(Array.isArray(list) && list.every((g) => typeof g === 'string' && g !== ''), `${key}: ${JSON.stringify(list)}`);
    for (const g of list) assert.equal(checkGlobSafety(g), undefined, `accepted unsafe glob ${g}`);
  }
  for (const [code, sev] of Object.entries(config.severity)) {
    assert.ok((DIAGNOSTIC_CODES as readonly string[]).includes(code), code);
    assert.ok(['error', 'warning', 'info', 'off'].includes(sev!), `${code}: ${sev}`);
  }
  // What was accepted works: the classifier compiles every glob and answers fast.
  const classifier = new FileClassifier(config);
  timed('FileClassifier', text, () => {
    for (const p of ['docs/spec.md', 'a'.repeat(200) + '.ts', 'd/'.repeat(100) + 'x.test.ts']) {
      classifier.roleOf(p);
      classifier.isTestFile(p);
    }
  });
}

describe('fuzz: config loader', () => {
  it('no exception, bounded time, problems inside the file, accepted values usable', () => {
    fc.assert(
      fc.property(formatInput(SAMPLES, TOKENS), (text) => checkLoaded(text)),
      fuzzParams(200, 1 / 4),
    );
  });

  it('random ID patterns: rejected, or safe and usable', function () {
    // Each new pattern costs a safety analysis of up to its timeout.
    this.timeout(0);
    const pattern = fc.oneof(
      fc.string({ unit: fc.constantFrom('(', ')', '*', '+', '?', '|', '[', ']', '-', 'A', 'Z', '0', '9', '\\d', '\\w', '.', '{2}', '{1,3}', '^', '$'), maxLength: 14 }),
      fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
    );
    fc.assert(
      fc.property(pattern, (p) => {
        checkLoaded(`idPattern: ${JSON.stringify(p)}\n`);
        // An accepted pattern runs fast over a long hostile line.
        const { config } = parseConfig(`idPattern: ${JSON.stringify(p)}\n`, recheckPattern);
        if (config.idPattern === p) {
          const ids = createIdMatcher(p);
          const line = ('A-1'.repeat(50) + '.a'.repeat(50) + ' ' + p.repeat(5)).repeat(40);
          timed('idPattern findAll', line, () => ids.findAll(line), 1000);
        }
      }),
      fuzzParams(25, 1 / 200),
    );
  });
});

describe('fuzz: .gitignore', () => {
  const GITIGNORE_TOKENS = ['*', '**', '**/', '/', '!', '#', '\\', '\\*', '?', '[', ']', '[a-z]', '[!a]', 'a', 'd', 'x', '.ts', ' ', '\n', '\r\n', '*a', 'a*', 'd/', '/**/'];
  const name = 'a'.repeat(120);
  const tree: Record<string, string> = {
    [`src/${name}.ts`]: '',
    [`${'d/'.repeat(60)}x.ts`]: '',
    'a/b/c/d.ts': '',
    'x/a.md': '',
  };

  it('no exception and bounded time for any .gitignore, at the root and nested', async () => {
    const classifier = new FileClassifier(parseConfig('').config);
    await fc.assert(
      fc.asyncProperty(formatInput(['build/\n*.log\n!keep.log\n**/tmp/**\n', '# c\n/a/**\n\\#x\n'], GITIGNORE_TOKENS), async (text) => {
        const host = new MemoryHost({ ...tree, '.gitignore': text, 'a/.gitignore': text });
        const start = performance.now();
        await listWorkspaceFiles(host, classifier);
        const ms = performance.now() - start;
        fuzzStats.inputs++;
        assert.ok(ms < 2000, `${ms.toFixed(0)} ms for ${JSON.stringify(text.slice(0, 200))}`);
      }),
      fuzzParams(150, 1 / 10),
    );
  });
});
