// Preloaded (node --require) into a command the benchmark runs: at exit, the
// main thread writes the process's peak resident set size, worker threads
// included, in MB to the file REQTRACE_PEAK_RSS_FILE names.
const { isMainThread } = require('node:worker_threads');
const fs = require('node:fs');

const file = process.env.REQTRACE_PEAK_RSS_FILE;
if (isMainThread && file) {
  process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS / 1024)));
}
