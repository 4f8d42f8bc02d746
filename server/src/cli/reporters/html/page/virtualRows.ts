/**
 * A table body that holds only the rows in view: a spacer row above and
 * below stands for the others, so a table of 50k rows keeps about fifty in
 * the DOM. Rows have one fixed height (CSS), which makes the arithmetic exact.
 * The table's rows keep their semantics: aria-rowcount on the table and
 * aria-rowindex on each row tell assistive technology where they are.
 */

/** Rows drawn beyond the visible ones, above and below, so that scrolling rarely shows a gap. */
const OVERSCAN = 12;

export class VirtualRows {
  private count = 0;
  private first = -1;
  private last = -1;
  private readonly top: HTMLTableRowElement;
  private readonly bottom: HTMLTableRowElement;
  private scheduled = false;

  /**
   * @param scroller the element that scrolls (holds the table)
   * @param body the table's tbody, which this class owns
   * @param rowHeight the rows' CSS height in pixels
   * @param render fills a fresh row for item `i`
   */
  constructor(
    private readonly scroller: HTMLElement,
    private readonly body: HTMLTableSectionElement,
    private readonly rowHeight: number,
    columns: number,
    private readonly render: (i: number, tr: HTMLTableRowElement) => void,
  ) {
    this.top = spacer(columns);
    this.bottom = spacer(columns);
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    window.addEventListener('resize', () => this.schedule());
  }

  /** Sets how many rows there are and redraws from the start of the list (or keeps the scroll position). */
  reset(count: number, keepScroll = false): void {
    this.count = count;
    if (!keepScroll) this.scroller.scrollTop = 0;
    this.first = this.last = -1;
    this.body.closest('table')?.setAttribute('aria-rowcount', String(count + 1));
    this.draw();
  }

  /** Redraws the rows in view (after their data changed). */
  refresh(): void {
    this.first = this.last = -1;
    this.draw();
  }

  /** Scrolls so that row `i` is in view, and draws. */
  reveal(i: number): void {
    const y = i * this.rowHeight;
    const head = this.body.closest('table')?.tHead?.offsetHeight ?? 0;
    const view = this.scroller.clientHeight - head;
    if (y < this.scroller.scrollTop) this.scroller.scrollTop = y;
    else if (y + this.rowHeight > this.scroller.scrollTop + view) this.scroller.scrollTop = y + this.rowHeight - view;
    this.draw();
  }

  /** The drawn row of item `i`, if it is drawn. */
  row(i: number): HTMLTableRowElement | undefined {
    if (i < this.first || i > this.last) return undefined;
    return this.body.rows[i - this.first + 1];
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.draw();
    });
  }

  private draw(): void {
    const h = this.rowHeight;
    const viewRows = Math.ceil((this.scroller.clientHeight || 600) / h);
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / h) - OVERSCAN);
    const last = Math.min(this.count - 1, first + viewRows + 2 * OVERSCAN);
    if (first === this.first && last === this.last) return;
    // Keep focus on the same item when its row is redrawn (keyboard users scroll by moving focus).
    const focused = document.activeElement?.closest('tr')?.getAttribute('aria-rowindex');
    const fragment = document.createDocumentFragment();
    this.top.style.height = `${first * h}px`;
    fragment.appendChild(this.top);
    for (let i = first; i <= last; i++) {
      const tr = document.createElement('tr');
      tr.setAttribute('aria-rowindex', String(i + 2));
      this.render(i, tr);
      fragment.appendChild(tr);
    }
    this.bottom.style.height = `${Math.max(0, this.count - 1 - last) * h}px`;
    fragment.appendChild(this.bottom);
    this.body.replaceChildren(fragment);
    this.first = first;
    this.last = last;
    if (focused) {
      const again = this.body.querySelector<HTMLElement>(`tr[aria-rowindex="${focused}"] button, tr[aria-rowindex="${focused}"] [tabindex]`);
      again?.focus({ preventScroll: true });
    }
  }
}

function spacer(columns: number): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = 'spacer';
  tr.setAttribute('aria-hidden', 'true');
  const td = document.createElement('td');
  td.colSpan = columns;
  tr.appendChild(td);
  return tr;
}

/** A new element with a class and text (text only: nothing from the data is parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A coverage bar: covered of needing, as an SVG built with DOM calls. */
export function coverageBar(covered: number, needing: number): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'bar');
  svg.setAttribute('viewBox', '0 0 100 10');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const off = document.createElementNS(ns, 'rect');
  off.setAttribute('class', 'off');
  off.setAttribute('width', '100');
  off.setAttribute('height', '10');
  svg.appendChild(off);
  const on = document.createElementNS(ns, 'rect');
  on.setAttribute('class', needing === 0 ? 'none' : 'on');
  on.setAttribute('width', String(needing === 0 ? 100 : (covered * 100) / needing));
  on.setAttribute('height', '10');
  svg.appendChild(on);
  return svg;
}

/** `covered of needing (pct%)`, or that none is needed; pct rounded down as the report's. */
export function coverageText(covered: number, needing: number): string {
  return needing === 0 ? 'none needed' : `${covered}/${needing} (${Math.floor((covered * 1000) / needing) / 10}%)`;
}
