/**
 * Coverage over time as inline SVG, drawn from `reqtrace history --format
 * json` points: the total coverage, and one line per release. Fixed markup
 * with numbers and escaped text only, so it needs no script and passes the
 * report's Content Security Policy; each point has a tooltip, and a table
 * under the charts gives the same numbers to screen readers and printouts.
 */
import { naturalCompare, type HistoryPoint } from '../../../core';
import { escapeHtml as esc } from '../safeMarkdown';

const W = 760;
const H = 280;
const M = { left: 52, right: 20, top: 16, bottom: 48 };
/** Distinguishable on white and for the common colour blindnesses (Okabe–Ito), then dashed repeats. */
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#999933'];


/** Every release of any point, in natural order. */
export function releasesOf(points: readonly HistoryPoint[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.releases ?? {})))].sort(naturalCompare);
}

interface Series {
  name: string;
  color: string;
  dash: string;
  /** Per point: the coverage percentage, or null where the series has no value. */
  values: Array<number | null>;
  tip: (k: number) => string;
  className: string;
}

/** The x position of each point: by date, or evenly when the dates do not spread. */
function xs(points: readonly HistoryPoint[]): number[] {
  const times = points.map((p) => Date.parse(p.date));
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const span = W - M.left - M.right;
  if (!(hi > lo) || times.some((t) => Number.isNaN(t))) return points.map((_, k) => M.left + (points.length === 1 ? span / 2 : (k * span) / (points.length - 1)));
  return times.map((t) => M.left + ((t - lo) * span) / (hi - lo));
}

const y = (pct: number) => M.top + ((100 - pct) * (H - M.top - M.bottom)) / 100;
const f = (n: number) => String(Math.round(n * 10) / 10);
const day = (date: string) => date.slice(0, 10);

function chart(points: readonly HistoryPoint[], series: Series[], label: string): string {
  const x = xs(points);
  const out = [`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`];
  for (const pct of [0, 25, 50, 75, 100]) {
    out.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${f(y(pct))}" y2="${f(y(pct))}"/>`);
    out.push(`<text class="axis" x="${M.left - 8}" y="${f(y(pct) + 4)}" text-anchor="end">${pct}%</text>`);
  }
  out.push(`<line class="axis-line" x1="${M.left}" x2="${W - M.right}" y1="${f(y(0))}" y2="${f(y(0))}"/>`);
  // About six date labels, never two for the same day, the first and the last always.
  const ticks = new Map<string, number>();
  const every = Math.max(1, Math.ceil(points.length / 6));
  points.forEach((p, k) => {
    if (k % every === 0 || k === points.length - 1) ticks.set(day(p.date), x[k]);
  });
  let lastX = -Infinity;
  for (const [d, tx] of ticks) {
    if (tx - lastX < 90 && tx !== x[x.length - 1]) continue;
    lastX = tx;
    out.push(`<line class="tick" x1="${f(tx)}" x2="${f(tx)}" y1="${f(y(0))}" y2="${f(y(0) + 5)}"/>`);
    // A label near an edge is anchored at its end or start, so that it is not cut off.
    const anchor = tx > W - M.right - 40 ? 'end' : tx < M.left + 20 ? 'start' : 'middle';
    out.push(`<text class="axis" x="${f(tx)}" y="${f(y(0) + 20)}" text-anchor="${anchor}">${esc(d)}</text>`);
  }
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, k) => {
      if (v === null) pen = false;
      else {
        d += `${pen ? 'L' : 'M'}${f(x[k])} ${f(y(v))}`;
        pen = true;
      }
    });
    out.push(`<path class="line" d="${d}" stroke="${s.color}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    s.values.forEach((v, k) => {
      if (v !== null) out.push(`<circle class="${s.className}" cx="${f(x[k])}" cy="${f(y(v))}" r="3.5" fill="${s.color}"><title>${esc(s.tip(k))}</title></circle>`);
    });
  }
  out.push('</svg>');
  return out.join('\n');
}

/** The history section's charts, legend and table. */
export function renderHistory(points: readonly HistoryPoint[]): string {
  if (points.length === 0) return '<p class="none">The history has no points.</p>';
  const first = points[0];
  const last = points[points.length - 1];
  const short = (p: HistoryPoint) => p.commit.slice(0, 8);
  const total: Series = {
    name: 'coverage',
    color: '#0969da',
    dash: '',
    values: points.map((p) => p.coverage),
    tip: (k) => `${day(points[k].date)} ${short(points[k])}: ${points[k].coverage}% (${points[k].covered} of ${points[k].needing} covered, ${points[k].requirements} requirements)`,
    className: 'pt',
  };
  const releases = releasesOf(points);
  const perRelease: Series[] = releases.map((rel, n) => ({
    name: rel,
    color: COLORS[n % COLORS.length],
    dash: n < COLORS.length ? '' : '6 3',
    values: points.map((p) => {
      const c = p.releases?.[rel];
      return c ? (c.needing === 0 ? 100 : Math.floor((c.covered * 1000) / c.needing) / 10) : null;
    }),
    tip: (k) => {
      const c = points[k].releases[rel];
      return `Release ${rel}, ${day(points[k].date)} ${short(points[k])}: ${c.covered} of ${c.needing} covered`;
    },
    className: 'rel-pt',
  }));
  const out = [
    `<p class="sub">${points.length} points from ${esc(day(first.date))} to ${esc(day(last.date))}: coverage ${first.coverage}% → ${last.coverage}%, requirements ${first.requirements} → ${last.requirements}.</p>`,
    '<figure class="history">',
    '<figcaption>Coverage of the requirements that need it</figcaption>',
    chart(points, [total], `Coverage over time, from ${first.coverage}% on ${day(first.date)} to ${last.coverage}% on ${day(last.date)}`),
    '</figure>',
  ];
  if (releases.length > 0) {
    out.push(
      '<figure class="history" id="history-releases">',
      '<figcaption>Coverage by release</figcaption>',
      chart(points, perRelease, `Coverage by release over time, ${releases.length} releases`),
      `<ul class="legend">${perRelease
        .map((s) => {
          const lastValue = [...s.values].reverse().find((v) => v !== null);
          return `<li><svg class="swatch-line" viewBox="0 0 24 10" aria-hidden="true"><line x1="0" x2="24" y1="5" y2="5" stroke="${s.color}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/></svg>${esc(s.name)} <span class="muted">${lastValue ?? '—'}%</span></li>`;
        })
        .join('')}</ul>`,
      '</figure>',
    );
  }
  out.push(
    '<details class="history-table"><summary>The numbers</summary>',
    '<table><thead><tr><th>Date</th><th>Commit</th><th class="num">Requirements</th><th class="num">Covered</th><th class="num">Needing</th><th class="num">Coverage</th><th class="num">Errors</th><th class="num">Warnings</th>' +
      releases.map((r) => `<th class="num">${esc(r)}</th>`).join('') +
      '</tr></thead><tbody>',
    ...points.map(
      (p) =>
        `<tr><td>${esc(p.date)}</td><td><code>${esc(short(p))}</code></td><td class="num">${p.requirements}</td><td class="num">${p.covered}</td><td class="num">${p.needing}</td><td class="num">${p.coverage}%</td><td class="num">${p.errors}</td><td class="num">${p.warnings}</td>` +
        releases.map((r) => `<td class="num">${p.releases?.[r] ? `${p.releases[r].covered}/${p.releases[r].needing}` : ''}</td>`).join('') +
        '</tr>',
    ),
    '</tbody></table></details>',
  );
  return out.join('\n');
}
