/**
 * The stylesheet and script inlined into the HTML report. Both are fixed
 * text (no data in them), so their hashes in the report's Content Security
 * Policy are constant and nothing else can run or style the page.
 */

export const REPORT_CSS = `
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --covered: #1a7f37; --uncovered: #cf222e; --exempt: #8c959f; --broken: #9a6700; --accent: #0969da;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 2px; font-size: 22px; }
header .sub { margin: 0; color: var(--muted); }
nav { margin-top: 8px; display: flex; gap: 16px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
main { padding: 8px 32px 32px; max-width: 1400px; }
h2 { font-size: 18px; margin: 28px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
code, .loc { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.donut { margin: 0; display: flex; align-items: center; gap: 16px; }
.donut svg { width: 170px; height: 170px; flex: none; }
.donut .pct { font-size: 8px; font-weight: 600; fill: var(--fg); }
.donut .lbl { font-size: 3.2px; fill: var(--muted); }
.legend { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 6px; font-size: 13px; color: var(--muted); white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.swatch.covered, .bar .on { background: var(--covered); fill: var(--covered); }
.swatch.uncovered { background: var(--uncovered); }
.swatch.exempt { background: var(--exempt); }
.totals { display: grid; grid-template-columns: repeat(4, minmax(110px, 1fr)); gap: 10px; margin: 0; flex: 1 1 420px; }
.totals div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.totals dt { color: var(--muted); font-size: 12px; }
.totals dd { margin: 0; font-size: 22px; font-weight: 600; }
.totals .bad dd { color: var(--uncovered); }
.totals .warn dd { color: var(--broken); }
.totals .good dd { color: var(--covered); }
.files { flex: 1 1 100%; max-width: 1000px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
.bar { width: 160px; height: 10px; vertical-align: middle; margin-right: 6px; }
.bar .off { fill: #eaeef2; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.controls input, .controls select { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.controls input { width: 320px; }
.controls .count { color: var(--muted); margin-left: auto; }
#matrix-table th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
#matrix-table th button::after { content: " \\2195"; color: var(--exempt); }
#matrix-table th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--fg); }
#matrix-table th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--fg); }
#matrix-table tbody tr:hover { background: #f6f8fa; }
#matrix-table td.id a { font-weight: 600; white-space: nowrap; }
.locs { list-style: none; margin: 0; padding: 0; }
.locs li { white-space: nowrap; }
.none { color: var(--muted); }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.badge.covered { background: var(--covered); }
.badge.uncovered { background: var(--uncovered); }
.badge.exempt { background: var(--exempt); }
.badge.broken { background: var(--broken); }
.badge.missing { background: none; color: var(--uncovered); border: 1px solid var(--uncovered); }
.status { color: var(--muted); }
a { color: var(--accent); }
.spec { margin-bottom: 24px; }
.spec h3 { font-size: 16px; margin: 20px 0 8px; }
.spec h3 code { font-size: 15px; }
.spec h3 .pct { color: var(--muted); font-weight: normal; font-size: 14px; }
.req { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.req:target { border-color: var(--accent); box-shadow: 0 0 0 2px #0969da33; }
.req h4 { margin: 0 0 4px; font-size: 15px; }
.req .meta { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 6px; color: var(--muted); font-size: 12px; }
.req .meta dt { display: inline; }
.req .meta dd { display: inline; margin: 0 0 0 4px; color: var(--fg); }
.req .text { border-left: 3px solid var(--line); padding: 0 12px; margin: 6px 0; }
.req .text p { margin: 6px 0; }
.req pre { background: var(--panel); padding: 8px; border-radius: 6px; overflow-x: auto; }
.req .refs, .req .problems { margin: 6px 0 0; padding-left: 18px; }
.req .refs .kind { display: inline-block; min-width: 34px; color: var(--muted); }
.problems li { color: var(--uncovered); }
.sev-error { color: var(--uncovered); font-weight: 600; }
.sev-warning { color: var(--broken); font-weight: 600; }
.sev-info { color: var(--accent); font-weight: 600; }
footer { color: var(--muted); font-size: 12px; padding: 12px 32px 24px; border-top: 1px solid var(--line); }
@media print { nav, .controls { display: none; } .req { break-inside: avoid; } }
`;

/** Sorting (click a column header; again to reverse) and filtering of the matrix. */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('matrix-table');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById('filter');
  var state = document.getElementById('state');
  var status = document.getElementById('status');
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

  function apply() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var hay = row.getAttribute('data-search');
      var s = state.value;
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; }) &&
        (s === '' || (s === 'broken' ? row.getAttribute('data-broken') === 'true' : row.getAttribute('data-state') === s)) &&
        (status.value === '' || row.getAttribute('data-status') === status.value);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' requirements';
    empty.hidden = shown > 0;
  }

  function sortBy(th) {
    var index = th.cellIndex;
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', dir);
    var sign = dir === 'ascending' ? 1 : -1;
    var key = function (row) {
      var cell = row.cells[index];
      return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
    };
    var order = new Map(rows.map(function (r, i) { return [r, i]; }));
    rows.slice().sort(function (a, b) {
      return sign * collator.compare(key(a), key(b)) || order.get(a) - order.get(b);
    }).forEach(function (row) { body.appendChild(row); });
  }

  table.tHead.addEventListener('click', function (e) {
    var button = e.target.closest('button');
    if (button) sortBy(button.closest('th'));
  });
  filter.addEventListener('input', apply);
  state.addEventListener('change', apply);
  status.addEventListener('change', apply);
  apply();
})();
`;
