/**
 * The hierarchy through parent links: top-level requirements (features),
 * their children, theirs, each with the report's roll-up (needing and
 * covered over the requirement and all its descendants) as a bar. A
 * treegrid whose visible rows are a flat list: expanding a node inserts its
 * children after it, so a tree of 50k nodes draws only what is in view.
 * A requirement in a parent cycle has no top: it is listed as a top itself.
 */
import { coverageBar, coverageText, el, VirtualRows } from './virtualRows';
import type { PageModel } from './model';

export const TREE_ROW_HEIGHT = 30;

export interface Hierarchy {
  roots: number[];
  children: number[][];
}

/** Children of each requirement (first definitions only), and the tops. */
export function hierarchy(m: PageModel): Hierarchy {
  const r = m.data.req;
  const children: number[][] = Array.from({ length: m.n }, () => []);
  const hasParent = new Uint8Array(m.n);
  for (let i = 0; i < m.n; i++) {
    const parents = r.parents[i];
    if (m.indexOf.get(r.id[i]) !== i || parents === 0) continue;
    for (const p of new Set(parents.map(m.str))) {
      const pi = m.indexOf.get(p);
      if (pi === undefined || pi === i) continue;
      children[pi].push(i);
      hasParent[i] = 1;
    }
  }
  const roots: number[] = [];
  const seen = new Uint8Array(m.n);
  const visit = (start: number) => {
    const stack = [start];
    seen[start] = 1;
    while (stack.length) for (const c of children[stack.pop()!]) if (!seen[c]) (seen[c] = 1), stack.push(c);
  };
  for (let i = 0; i < m.n; i++) if (m.indexOf.get(r.id[i]) === i && !hasParent[i]) (roots.push(i), visit(i));
  // Whatever is left is only reachable from a cycle.
  for (let i = 0; i < m.n; i++) if (m.indexOf.get(r.id[i]) === i && !seen[i]) (roots.push(i), visit(i));
  return { roots, children };
}

export class Tree {
  /** Visible rows: requirement and depth. */
  private nodes: number[] = [];
  private depths: number[] = [];
  /** Expanded nodes, by their path from the top: a requirement under two parents expands under each on its own. */
  private readonly expanded = new Set<string>();
  private readonly rows: VirtualRows;

  constructor(
    private readonly m: PageModel,
    private readonly h: Hierarchy,
    scroller: HTMLElement,
    body: HTMLTableSectionElement,
    private readonly open: (i: number) => void,
  ) {
    this.nodes = [...h.roots];
    this.depths = h.roots.map(() => 0);
    this.rows = new VirtualRows(scroller, body, TREE_ROW_HEIGHT, 3, (k, tr) => this.renderRow(k, tr));
    body.addEventListener('keydown', (e) => this.key(e));
    this.rows.reset(this.nodes.length);
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Expands or collapses the row at position k. */
  toggle(k: number): void {
    const i = this.nodes[k];
    const depth = this.depths[k];
    const kids = this.h.children[i];
    if (kids.length === 0) return;
    const key = this.keyOf(k);
    if (this.expanded.has(key)) {
      let end = k + 1;
      while (end < this.nodes.length && this.depths[end] > depth) end++;
      for (let j = k + 1; j < end; j++) this.expanded.delete(this.keyOf(j));
      this.nodes.splice(k + 1, end - k - 1);
      this.depths.splice(k + 1, end - k - 1);
      this.expanded.delete(key);
    } else {
      // A cycle cannot unfold forever: a node already on the path is not shown again below itself.
      const path = new Set(this.pathOf(k));
      const shown = kids.filter((c) => !path.has(c));
      this.nodes.splice(k + 1, 0, ...shown);
      this.depths.splice(k + 1, 0, ...shown.map(() => depth + 1));
      this.expanded.add(key);
    }
    this.rows.reset(this.nodes.length, true);
  }

  private pathOf(k: number): number[] {
    const out = [this.nodes[k]];
    let depth = this.depths[k];
    for (let j = k - 1; j >= 0 && depth > 0; j--) {
      if (this.depths[j] < depth) {
        out.push(this.nodes[j]);
        depth = this.depths[j];
      }
    }
    return out;
  }

  private keyOf(k: number): string {
    return this.pathOf(k).join('/');
  }

  private renderRow(k: number, tr: HTMLTableRowElement): void {
    const m = this.m;
    const r = m.data.req;
    const i = this.nodes[k];
    const kids = this.h.children[i].length;
    tr.setAttribute('aria-level', String(this.depths[k] + 1));
    if (kids > 0) tr.setAttribute('aria-expanded', String(this.expanded.has(this.keyOf(k))));
    const name = el('td', 'node');
    name.style.paddingLeft = `${8 + this.depths[k] * 20}px`;
    const toggle = el('button', 'toggle', kids === 0 ? '' : this.expanded.has(this.keyOf(k)) ? '▾' : '▸');
    toggle.type = 'button';
    toggle.dataset.k = String(k);
    toggle.setAttribute('aria-label', kids === 0 ? `${r.id[i]} has no children` : `${this.expanded.has(this.keyOf(k)) ? 'Collapse' : 'Expand'} ${r.id[i]} (${kids} children)`);
    if (kids === 0) toggle.disabled = true;
    toggle.addEventListener('click', () => this.toggle(k));
    const link = el('button', 'link', r.id[i]);
    link.type = 'button';
    link.addEventListener('click', () => this.open(i));
    name.append(toggle, link, ' ', el('span', 'title', r.title[i]));
    name.title = `${r.id[i]}: ${r.title[i]}`;
    const needing = r.rollup[2 * i];
    const covered = r.rollup[2 * i + 1];
    const bar = el('td');
    bar.appendChild(coverageBar(covered, needing));
    tr.append(name, bar, el('td', 'num', coverageText(covered, needing)));
  }

  /** Arrow keys on a toggle: up and down move, right expands, left collapses. */
  private key(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    const k = Number(target.closest('tr')?.querySelector<HTMLElement>('button.toggle')?.dataset.k ?? NaN);
    if (Number.isNaN(k)) return;
    const expanded = this.expanded.has(this.keyOf(k));
    let next = k;
    if (e.key === 'ArrowDown') next = Math.min(this.nodes.length - 1, k + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, k - 1);
    else if (e.key === 'ArrowRight' && !expanded) this.toggle(k);
    else if (e.key === 'ArrowLeft' && expanded) this.toggle(k);
    else return;
    e.preventDefault();
    this.rows.reveal(next);
    this.rows.row(next)?.querySelector<HTMLElement>('button.link')?.focus();
  }
}
