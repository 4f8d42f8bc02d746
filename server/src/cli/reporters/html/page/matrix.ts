/**
 * The traceability matrix: every requirement as one row of a virtualized
 * table, filtered by words (ID, title, spec file, status, release, tags,
 * and the files that reference it), by coverage state, status, release or
 * group, and sorted by any column. Filtering and sorting work on index
 * arrays; a column's sort order is computed once, on its first use, so that
 * later sorts and filters are passes over integers.
 */
import { el, VirtualRows } from './virtualRows';
import { isBroken, type PageModel, STATE_CLASS, STATE_LABEL, stateOf } from './model';

export const ROW_HEIGHT = 30;

interface Column {
  label: string;
  className?: string;
  /** A key that sorts the requirements; numbers sort numerically, strings naturally. */
  key: (m: PageModel, i: number) => string | number;
}

const natural = (s: string) => s.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(12, '0'));

export const COLUMNS: Column[] = [
  { label: 'ID', className: 'id', key: (m, i) => natural(m.data.req.id[i]) },
  { label: 'Title', key: (m, i) => m.data.req.title[i].toLowerCase() },
  { label: 'Status', className: 'status', key: (m, i) => (m.data.req.status[i] < 0 ? '\uffff' : m.str(m.data.req.status[i]).toLowerCase()) },
  { label: 'Release', key: (m, i) => (m.data.req.release[i] < 0 ? '\uffff' : natural(m.str(m.data.req.release[i]))) },
  { label: 'Version', className: 'num', key: (m, i) => m.data.req.version[i] },
  // Worst first: broken, uncovered, covered, needs none.
  { label: 'Coverage', key: (m, i) => (isBroken(m, i) ? 0 : [2, 1, 3][stateOf(m, i)]) },
  { label: 'Impl', className: 'num', key: (m, i) => m.data.req.impl[i] },
  { label: 'Tests', className: 'num', key: (m, i) => m.data.req.test[i] },
  { label: 'Defined at', key: (m, i) => `${natural(m.str(m.data.req.file[i]))}\u0000${String(m.data.req.line[i]).padStart(9, '0')}` },
];

export interface Filter {
  words: string[];
  /** '', covered, uncovered, exempt, broken or errors. */
  state: string;
  /** String index of the status or release; -2 for any, -1 for none. */
  status: number;
  release: number;
  /** Only these requirements (a group), or null. */
  only: Uint8Array | null;
}

export class Matrix {
  private readonly hay: string[];
  private readonly ranks = new Map<number, Int32Array>();
  private readonly keys = new Map<number, Array<string | number>>();
  private readonly wordCache = new Map<string, Uint8Array>();
  private sortColumn = -1;
  private descending = false;
  /** The requirements shown, in order. */
  shown: Int32Array = new Int32Array(0);
  readonly rows: VirtualRows;

  constructor(
    private readonly m: PageModel,
    scroller: HTMLElement,
    body: HTMLTableSectionElement,
    private readonly open: (i: number) => void,
  ) {
    const r = m.data.req;
    this.hay = r.id.map((id, i) =>
      [id, r.title[i], m.str(r.file[i]), r.status[i] < 0 ? '' : m.str(r.status[i]), r.release[i] < 0 ? '' : m.str(r.release[i]), ...(r.tags[i] === 0 ? [] : r.tags[i].map(m.str))].join(' ').toLowerCase(),
    );
    this.rows = new VirtualRows(scroller, body, ROW_HEIGHT, COLUMNS.length, (k, tr) => this.renderRow(this.shown[k], k, tr));
  }

  /** Sorts by a column (again: the other way); returns the direction. */
  sortBy(column: number): 'ascending' | 'descending' {
    this.descending = this.sortColumn === column ? !this.descending : false;
    this.sortColumn = column;
    return this.descending ? 'descending' : 'ascending';
  }

  /** Applies the filter and the sort; returns how many requirements are shown. */
  apply(f: Filter): number {
    const m = this.m;
    const r = m.data.req;
    const words = f.words.map((w) => this.matchesOf(w));
    const out = new Int32Array(m.n);
    let count = 0;
    const order = this.order();
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (f.only && !f.only[i]) continue;
      if (f.status !== -2 && r.status[i] !== f.status) continue;
      if (f.release !== -2 && r.release[i] !== f.release) continue;
      if (f.state) {
        const ok =
          f.state === 'broken' ? isBroken(m, i) : f.state === 'errors' ? m.errors[i] > 0 : STATE_CLASS[stateOf(m, i)] === f.state;
        if (!ok) continue;
      }
      let all = true;
      for (const w of words) if (!w[i]) all = false;
      if (!all) continue;
      out[count++] = i;
    }
    this.shown = out.subarray(0, count);
    this.rows.reset(count);
    return count;
  }

  /** Row order before filtering: by the sort column (stable), else the report's order. */
  private order(): Int32Array {
    const n = this.m.n;
    const out = new Int32Array(n);
    if (this.sortColumn < 0) {
      for (let i = 0; i < n; i++) out[i] = i;
      return out;
    }
    const rank = this.rankOf(this.sortColumn);
    // rank is a permutation: position p holds the requirement ranked p.
    for (let p = 0; p < n; p++) out[this.descending ? n - 1 - p : p] = rank[p];
    if (this.descending) {
      // Equal keys keep the report's order in both directions.
      const keys = this.keys.get(this.sortColumn)!;
      let s = 0;
      while (s < n) {
        let e = s + 1;
        while (e < n && keys[out[e]] === keys[out[s]]) e++;
        out.subarray(s, e).reverse();
        s = e;
      }
    }
    return out;
  }

  /** The requirements sorted ascending by a column, computed once per column. */
  private rankOf(column: number): Int32Array {
    let rank = this.ranks.get(column);
    if (!rank) {
      const keys = Array.from({ length: this.m.n }, (_, i) => COLUMNS[column].key(this.m, i));
      this.keys.set(column, keys);
      const idx = Array.from({ length: this.m.n }, (_, i) => i);
      idx.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
      rank = Int32Array.from(idx);
      this.ranks.set(column, rank);
    }
    return rank;
  }

  /** Which requirements a word matches: in their own text, or in the name of a file that references them. */
  private matchesOf(word: string): Uint8Array {
    let hit = this.wordCache.get(word);
    if (hit) return hit;
    const m = this.m;
    hit = new Uint8Array(m.n);
    for (let i = 0; i < m.n; i++) if (this.hay[i].includes(word)) hit[i] = 1;
    const refs = m.data.refs;
    let k = 0;
    for (let f = 0; f < refs.files.length; f++) {
      const count = refs.counts[f];
      if (m.str(refs.files[f]).toLowerCase().includes(word)) for (let c = 0; c < count; c++) hit[refs.req[k + c]] = 1;
      k += count;
    }
    if (this.wordCache.size > 32) this.wordCache.clear();
    this.wordCache.set(word, hit);
    return hit;
  }

  private renderRow(i: number, k: number, tr: HTMLTableRowElement): void {
    const m = this.m;
    const r = m.data.req;
    tr.dataset.i = String(i);
    const id = el('td', 'id');
    const open = el('button', 'link', r.id[i]);
    open.type = 'button';
    open.dataset.k = String(k);
    open.addEventListener('click', () => this.open(i));
    id.appendChild(open);
    const state = stateOf(m, i);
    const coverage = el('td');
    coverage.appendChild(el('span', `badge ${STATE_CLASS[state]}`, STATE_LABEL[state]));
    if (isBroken(m, i)) coverage.append(' ', el('span', 'badge broken', 'broken'));
    const missing = r.missing[i] === 0 ? [] : r.missing[i].map(m.str);
    const count = (n: number, kind: string) => (n === 0 && missing.includes(kind) ? el('td', 'num missing', 'missing') : el('td', 'num', String(n)));
    tr.append(
      id,
      cell(r.title[i]),
      cell(r.status[i] < 0 ? '' : m.str(r.status[i]), 'status'),
      cell(r.release[i] < 0 ? '' : m.str(r.release[i])),
      cell(String(r.version[i]), 'num'),
      coverage,
      count(r.impl[i], 'impl'),
      count(r.test[i], 'test'),
      cell(`${m.str(r.file[i])}:${r.line[i]}`, 'loc'),
    );
  }
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = el('td', className, text);
  td.title = text;
  return td;
}
