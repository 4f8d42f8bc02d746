/**
 * The HTML report's page script (bundled into the reporter at build time,
 * see esbuild.mjs). The page arrives with its overview and charts as HTML;
 * this script reads the embedded data and draws the rest on demand: the
 * groups, the hierarchy, the matrix (only the rows in view), a requirement's
 * details and references when it is opened, the diagnostics when their
 * section is opened. Performance marks `reqtrace:data` and `reqtrace:ready`
 * let a benchmark time it; `data-state` on <html> says when it is ready.
 */
import { GROUP_KEYS, type GroupData, type GroupKey } from '../pageData';
import { renderDetail } from './detail';
import { renderDiagnostics } from './diagnostics';
import { GROUP_LABEL, renderGroups } from './groups';
import { COLUMNS, type Filter, Matrix } from './matrix';
import { loadModel, type PageModel } from './model';
import { hierarchy, Tree } from './tree';
import { el } from './virtualRows';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main(): Promise<void> {
  performance.mark('reqtrace:start');
  const m = await loadModel();
  performance.mark('reqtrace:data');
  const h = hierarchy(m);
  const detail = $('detail');
  const open = (i: number) => {
    detail.replaceChildren(renderDetail(m, i, h.children[i], open));
    detail.hidden = false;
    detail.scrollIntoView({ block: 'nearest' });
    detail.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
  };

  const matrix = setUpMatrix(m, open);
  setUpGroups(m, matrix.showGroup);
  new Tree(m, h, $('tree-scroll'), $<HTMLTableElement>('tree-table').tBodies[0], open);
  $('tree-count').textContent = `${h.roots.length} top-level requirements`;
  const diags = $<HTMLDetailsElement>('diag-details');
  if (diags) {
    let drawn = false;
    const draw = () => {
      if (diags.open && !drawn) {
        drawn = true;
        renderDiagnostics(m, $('diag-scroll'), $<HTMLTableElement>('diag-table').tBodies[0]);
      }
    };
    diags.addEventListener('toggle', draw);
    draw();
  }
  const fromHash = () => {
    const id = decodeURIComponent(location.hash.replace(/^#req-/, ''));
    const i = location.hash.startsWith('#req-') ? m.indexOf.get(id) : undefined;
    if (i !== undefined) open(i);
  };
  window.addEventListener('hashchange', fromHash);
  fromHash();
  $('loading').hidden = true;
  performance.mark('reqtrace:ready');
  document.documentElement.dataset.state = 'ready';
}

function setUpMatrix(m: PageModel, open: (i: number) => void): { showGroup: (by: GroupKey, g: GroupData) => void } {
  const table = $<HTMLTableElement>('matrix-table');
  const matrix = new Matrix(m, $('matrix-scroll'), table.tBodies[0], open);
  const headRow = table.tHead!.rows[0];
  COLUMNS.forEach((c, k) => {
    const th = el('th', c.className);
    th.setAttribute('aria-sort', 'none');
    const b = el('button', undefined, c.label);
    b.type = 'button';
    b.addEventListener('click', () => {
      const dir = matrix.sortBy(k);
      for (const other of Array.from(headRow.cells)) other.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', dir);
      apply();
    });
    th.appendChild(b);
    headRow.appendChild(th);
  });
  const filter = $<HTMLInputElement>('filter');
  const state = $<HTMLSelectElement>('state');
  const status = $<HTMLSelectElement>('status');
  const release = $<HTMLSelectElement>('release');
  fillOptions(status, m, m.data.req.status, 'No status');
  fillOptions(release, m, m.data.req.release, 'No release');
  const chip = $('group-chip');
  let only: Uint8Array | null = null;
  const apply = () => {
    const f: Filter = {
      words: filter.value.toLowerCase().split(/\s+/).filter(Boolean),
      state: state.value,
      status: Number(status.value),
      release: Number(release.value),
      only,
    };
    const shown = matrix.apply(f);
    $('count').textContent = `${shown} of ${m.n} requirements`;
    $('empty').hidden = shown > 0;
  };
  filter.addEventListener('input', apply);
  for (const s of [state, status, release]) s.addEventListener('change', apply);
  // Arrow keys move between the rows' ID buttons; the table scrolls along.
  table.tBodies[0].addEventListener('keydown', (e) => {
    const k = Number((e.target as HTMLElement).dataset.k ?? NaN);
    if (Number.isNaN(k) || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(matrix.shown.length - 1, k + (e.key === 'ArrowDown' ? 1 : -1)));
    matrix.rows.reveal(next);
    matrix.rows.row(next)?.querySelector<HTMLElement>('button')?.focus();
  });
  const showGroup = (by: GroupKey, g: GroupData | null) => {
    if (g === null) {
      only = null;
      chip.hidden = true;
    } else {
      only = new Uint8Array(m.n);
      for (const i of g.members) only[i] = 1;
      $('group-chip-label').textContent = `${GROUP_LABEL[by]}: ${g.key ?? `(no ${GROUP_LABEL[by]})`}`;
      chip.hidden = false;
    }
    apply();
    if (g) $('matrix').scrollIntoView({ block: 'start' });
  };
  $('group-chip-clear').addEventListener('click', () => showGroup('file', null));
  apply();
  return { showGroup };
}

/** The options of a select over one string column: every value used, natural order, then none. */
function fillOptions(select: HTMLSelectElement, m: PageModel, column: number[], none: string): void {
  const used = [...new Set(column)].filter((v) => v >= 0);
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  used.sort((a, b) => collator.compare(m.str(a), m.str(b)));
  for (const v of used) select.appendChild(new Option(m.str(v), String(v)));
  if (column.includes(-1)) select.appendChild(new Option(none, '-1'));
}

function setUpGroups(m: PageModel, pick: (by: GroupKey, g: GroupData) => void): void {
  const select = $<HTMLSelectElement>('group-by');
  for (const k of GROUP_KEYS) select.appendChild(new Option(GROUP_LABEL[k], k));
  const body = $<HTMLTableElement>('groups-table').tBodies[0];
  const draw = () => {
    const by = select.value as GroupKey;
    $('group-key-head').textContent = GROUP_LABEL[by][0].toUpperCase() + GROUP_LABEL[by].slice(1);
    renderGroups(m, by, body, pick);
  };
  select.value = m.data.groupBy ?? (m.data.req.release.some((r) => r >= 0) ? 'release' : 'file');
  select.addEventListener('change', draw);
  draw();
}

main().catch((e: unknown) => {
  const loading = document.getElementById('loading');
  if (loading) loading.textContent = `The report's data could not be read: ${e instanceof Error ? e.message : String(e)}`;
  document.documentElement.dataset.state = 'error';
  throw e;
});
