/**
 * The stylesheet inlined into the HTML report. Fixed text (no data in it),
 * so its hash in the report's Content Security Policy is constant and
 * nothing else can style the page. (The script is html/page/, bundled.)
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
.notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 12px; }
.sub { color: var(--muted); }
.muted { color: var(--muted); }
.count { color: var(--muted); font-weight: normal; font-size: 14px; }
button.link { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; text-underline-offset: 2px; }
button.link:focus-visible, button.toggle:focus-visible, th button:focus-visible, .vscroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button.more { font: inherit; margin: 6px 0; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); cursor: pointer; }
.vscroll { max-height: min(70vh, 640px); overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.vscroll.tree { max-height: min(50vh, 440px); }
.vscroll table { table-layout: fixed; }
.vscroll thead th { position: sticky; top: 0; z-index: 1; }
.vscroll tbody tr:not(.spacer) { height: 30px; }
.vscroll tbody td { padding: 0 8px; height: 30px; line-height: 29px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid #eaeef2; }
.vscroll tr.spacer td { padding: 0; border: 0; height: 0; }
#matrix-table col.c-id { width: 130px; } #matrix-table col.c-status { width: 100px; } #matrix-table col.c-release { width: 80px; }
#matrix-table col.c-num { width: 84px; } #matrix-table col.c-cov { width: 170px; } #matrix-table col.c-loc { width: 240px; }
#matrix-table th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
#matrix-table th button::after { content: " \\2195"; color: var(--exempt); }
#matrix-table th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--fg); }
#matrix-table th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--fg); }
#matrix-table tbody tr:not(.spacer):hover, #tree-table tbody tr:not(.spacer):hover { background: var(--panel); }
#matrix-table td.id button { font-weight: 600; }
td.missing { color: var(--uncovered); font-weight: 600; }
#diag-table col.c-sev { width: 90px; } #diag-table col.c-code { width: 190px; } #diag-table col.c-loc { width: 260px; }
#tree-table col.barcol { width: 180px; } #tree-table col.numcol { width: 140px; }
#tree-table td.node .title { color: var(--muted); }
button.toggle { width: 22px; font: inherit; color: var(--muted); background: none; border: 0; padding: 0; cursor: pointer; }
button.toggle:disabled { cursor: default; }
.groups { max-width: 1000px; }
.groups .bar, #tree-table .bar, .detail .bar { width: 150px; }
.bar .none { fill: var(--exempt); }
h2 select { font: inherit; font-size: 16px; padding: 2px 6px; border: 1px solid var(--line); border-radius: 6px; }
.chip { background: #ddf4ff; border: 1px solid #54aeff; border-radius: 12px; padding: 1px 4px 1px 10px; }
.chip button { font: inherit; border: 0; background: none; cursor: pointer; }
.detail { margin-top: 12px; }
.detail .req h3 { margin: 0 0 4px; font-size: 16px; }
.detail .req h4 { margin: 10px 0 2px; font-size: 14px; }
.detail .undefined { color: var(--uncovered); }
figure.history { margin: 8px 0 16px; max-width: 900px; }
figure.history figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; background: var(--bg); }
svg.chart .grid { stroke: #eaeef2; }
svg.chart .axis-line, svg.chart .tick { stroke: var(--muted); }
svg.chart .axis { fill: var(--muted); font-size: 12px; }
svg.chart .line { fill: none; stroke-width: 2.5; }
.swatch-line { width: 24px; height: 10px; margin-right: 6px; vertical-align: middle; }
.swatch-line line { stroke-width: 3; }
figure.history .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 6px 0 0 52px; }
.history-table table { width: auto; }
@media print { nav, .controls { display: none; } .req { break-inside: avoid; } .vscroll { height: auto; overflow: visible; } }
`;
