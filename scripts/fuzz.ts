/**
 * `npm run fuzz`: the incremental == full property test and every parser
 * fuzzer, with many more runs than CI gives them and a fresh random seed,
 * printed first so a failure can be replayed:
 *
 *   tsx scripts/fuzz.ts [--runs N] [--seed S] [--grep TEXT]
 *
 * `--runs` is the run count of a plain property; heavier ones (the edit
 * sequences, the per-language lexers) scale it down. The same tests run in
 * CI with seed 42 and small counts (see test/unit/fuzz-support.ts). The
 * language-server property (test/lsp/robustness.test.ts) needs a build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const ROOT = path.resolve(__dirname, '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(option('runs') ?? 20_000);
const seed = Number(option('seed') ?? Math.floor(Math.random() * 0x7fffffff));
const grep = option('grep');
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
  console.error('usage: tsx scripts/fuzz.ts [--runs N] [--seed S] [--grep TEXT]');
  process.exit(2);
}

// Read by test/unit/fuzz-support.ts when the test files load.
process.env.REQTRACE_FUZZ_RUNS = String(runs);
process.env.REQTRACE_FUZZ_SEED = String(seed);

const unit = path.join(ROOT, 'test', 'unit');
const files = fs
  .readdirSync(unit)
  .filter((f) => /^fuzz-.*\.test\.ts$/.test(f) || f === 'incremental.property.test.ts')
  .sort()
  .map((f) => path.join(unit, f));
// The same property through the language server (didChange → pushed diagnostics), when it is built.
const lsp = path.join(ROOT, 'test', 'lsp', 'robustness.test.ts');
if (fs.existsSync(path.join(ROOT, 'server', 'dist', 'server.js'))) files.push(lsp);
else console.log('server/dist/server.js is missing (npm run build): the language-server property is left out');

console.log(`reqtrace fuzz: seed ${seed}, ${runs} runs per property, ${files.length} test files`);
console.log(`replay: npm run fuzz -- --seed ${seed} --runs ${runs}${grep ? ` --grep ${JSON.stringify(grep)}` : ''}`);

// Only the randomized tests of those files (robustness.test.ts holds others).
const mocha = new Mocha({ timeout: 0, reporter: 'spec', grep: grep ?? /fuzz:|\(property\)/ });
for (const f of files) mocha.addFile(f);
const started = Date.now();
mocha.run((failures) => {
  // Loaded by the tests through the same module cache, so these are their counts.
  const { fuzzStats } = require(path.join(unit, 'fuzz-support')) as typeof import('../test/unit/fuzz-support');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${fuzzStats.inputs} inputs in ${seconds} s; slowest ${fuzzStats.slowestMs.toFixed(1)} ms (${fuzzStats.slowest || 'n/a'}); ` +
      `${failures === 0 ? 'no failures' : `${failures} failing (replay with the seed above)`}`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
});
