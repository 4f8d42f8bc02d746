/**
 * The HTML report at a corpus size: how long `report --format html` takes,
 * how large the file is, and, opened in headless Chromium, the first paint
 * (the browser's first-contentful-paint: the overview, drawn before the
 * data is read), when the page is ready (the page script's `reqtrace:ready`
 * mark: data inflated and parsed, matrix, groups and hierarchy drawn), and
 * how long filtering and sorting the matrix take (the input handler and
 * the layout after it). The targets at L: at most 10 MB, first paint within
 * 2 s, filter and sort within 200 ms. Each page measurement is taken
 * RUNS times; the median is reported with the range beside it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import type { CorpusInfo } from './corpus';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'server/dist/cli.js');
const CHROMIUM = process.env.REQTRACE_CHROMIUM ?? '/usr/bin/chromium';
const RUNS = 3;

interface PageTimes {
  firstPaintMs: number;
  readyMs: number;
  filterTextMs: number;
  filterStateMs: number;
  sortFirstMs: number;
  sortAgainMs: number;
}

/**
 * Run in the page. Plain JavaScript in a string: tsx would give named
 * functions a helper (__name) that the page does not have.
 */
const IN_PAGE = `(() => {
  const at = (name, type) => performance.getEntriesByType(type).find((e) => e.name === name)?.startTime ?? NaN;
  // The handler's time and the layout it causes.
  const time = (act) => {
    const t = performance.now();
    act();
    void document.body.offsetHeight;
    return performance.now() - t;
  };
  const filter = document.getElementById('filter');
  const state = document.getElementById('state');
  const typed = (v) => () => { filter.value = v; filter.dispatchEvent(new Event('input')); };
  const chosen = (v) => () => { state.value = v; state.dispatchEvent(new Event('change')); };
  const idHeader = document.querySelector('#matrix-table thead th button');
  const times = {
    firstPaintMs: at('first-contentful-paint', 'paint'),
    readyMs: at('reqtrace:ready', 'mark'),
    // A word not typed before (no cached match), as a user types one.
    filterTextMs: time(typed('cart')),
    filterStateMs: time(chosen('uncovered')),
  };
  time(typed(''));
  time(chosen(''));
  // The first sort by a column orders every requirement by it; again, the other way, reuses that order.
  times.sortFirstMs = time(() => idHeader.click());
  times.sortAgainMs = time(() => idHeader.click());
  return times;
})()`;

async function measurePage(file: string): Promise<PageTimes> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = await context.newPage();
    await page.goto('file://' + file, { timeout: 120_000 });
    await page.waitForFunction(() => document.documentElement.dataset.state !== undefined, null, { timeout: 120_000 });
    if ((await page.evaluate(() => document.documentElement.dataset.state)) !== 'ready') throw new Error(`the page did not load: ${await page.textContent('#loading')}`);
    return (await page.evaluate(IN_PAGE)) as PageTimes;
  } finally {
    await context.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

/** The HTML report of a corpus: its size and the time to write it, then the page's times. */
export async function measureHtml(info: CorpusInfo): Promise<Record<string, number | string>> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-bench-html-'));
  const file = path.join(out, 'report.html');
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'report', info.dir, '--format', 'html', '--output', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const reportMs = performance.now() - t;
    if (r.status !== 0) throw new Error(`report failed: ${r.stderr}`);
    const runs: PageTimes[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measurePage(file));
    const row: Record<string, number | string> = { htmlReportMs: reportMs, htmlMb: fs.statSync(file).size / 1e6 };
    for (const k of Object.keys(runs[0]) as Array<keyof PageTimes>) {
      const xs = runs.map((x) => x[k]);
      row[k] = median(xs);
      row[`${k.replace(/Ms$/, '')}Range`] = range(xs);
    }
    return row;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
