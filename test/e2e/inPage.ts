// Functions that workbench.ts hands to page.evaluate: they run in the page,
// not in Node, so they may use only what the page has (no imports, no module
// constants). The few DOM shapes they use are declared here, module-scoped, so
// this compiles with or without lib.dom in tsconfig; parameters are `unknown`
// so the functions fit playwright's signatures either way.
interface PageRect {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface PageElement {
  textContent: string | null;
  innerText: string;
  classList: { contains(name: string): boolean; length: number; [i: number]: string };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  getBoundingClientRect(): PageRect;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  closest(selector: string): PageElement | null;
  getAnimations(options?: { subtree?: boolean }): { finished: Promise<unknown> }[];
}
interface PageText {
  data: string;
}
declare const document: {
  createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): PageText | null };
  createRange(): { setStart(node: PageText, offset: number): void; setEnd(node: PageText, offset: number): void; getBoundingClientRect(): PageRect };
};

/**
 * Finds every occurrence of `needle` in the rendered lines of `editor`, with
 * the centre of its characters and its line number (read from the line-number
 * gutter at the same height), sorted top to bottom.
 */
export function findTextInEditor(editorElement: unknown, needle: string): { x: number; y: number; line?: number }[] {
  const editor = editorElement as PageElement;
  const lineAt = new Map<number, number>();
  for (const el of Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'))) {
    lineAt.set(Math.round(el.getBoundingClientRect().top), Number((el.textContent ?? '').trim()));
  }
  const found: { x: number; y: number; line?: number }[] = [];
  for (const viewLine of Array.from(editor.querySelectorAll('.view-lines .view-line'))) {
    const nodes: PageText[] = [];
    const walker = document.createTreeWalker(viewLine, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const full = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
    const at = (offset: number): [PageText, number] => {
      for (const n of nodes) {
        if (offset <= n.data.length) return [n, offset];
        offset -= n.data.length;
      }
      return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
    };
    for (let i = full.indexOf(needle); i >= 0 && needle; i = full.indexOf(needle, i + 1)) {
      const range = document.createRange();
      range.setStart(...at(i));
      range.setEnd(...at(i + needle.length));
      const r = range.getBoundingClientRect();
      const line = lineAt.get(Math.round(viewLine.getBoundingClientRect().top));
      found.push({ x: r.left + r.width / 2, y: r.top + r.height / 2, line });
    }
  }
  return found.sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Whether an element has the CSS class `name`. */
export function hasClass(element: unknown, name: string): boolean {
  return (element as PageElement).classList.contains(name);
}

/** The text of rendered editor lines in screen order, U+00A0 turned back into spaces. */
export function viewLinesText(viewLines: unknown[]): string {
  return (viewLines as PageElement[])
    .map((el) => ({ top: el.getBoundingClientRect().top, text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top)
    .map((l) => l.text)
    .join('\n');
}

/** aria-label and visible text of list rows (e.g. the Problems panel). */
export function listRows(rows: unknown[]): { label: string; text: string }[] {
  return (rows as PageElement[]).map((el) => ({ label: el.getAttribute('aria-label') ?? '', text: el.innerText.trim() }));
}

/**
 * Resolves once the CSS animations of the closest `selector` around `element`
 * (or of the element itself) have finished, e.g. a hover's fade-in, so a
 * screenshot does not catch it half transparent.
 */
export async function animationsDone(element: unknown, selector: string): Promise<void> {
  const el = element as PageElement;
  const root = el.closest(selector) ?? el;
  await Promise.all(root.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)));
}

/** A row of a tree (the explorer, a view's tree), as `treeRows` reads it. */
export interface PageTreeRow {
  /** The row's place in the whole tree (`data-index`), not only among the rows rendered. */
  index: number;
  /** Depth, 1 at the top. */
  level: number;
  label: string;
  expanded: boolean;
  /** The codicon name of a view item's icon (`pass`, `warning`, ...), '' for file icons. */
  icon: string;
}

/** The rendered rows of a tree, from `.monaco-list-row` elements, top to bottom. */
export function treeRows(rowElements: unknown[]): PageTreeRow[] {
  return (rowElements as PageElement[])
    .map((el) => {
      const icon = el.querySelector('.custom-view-tree-node-item-icon');
      const codicon = icon ? Array.from(icon.classList).find((c) => c.startsWith('codicon-')) : undefined;
      return {
        index: Number(el.getAttribute('data-index')),
        level: Number(el.getAttribute('aria-level')),
        label: el.getAttribute('aria-label') ?? '',
        expanded: el.getAttribute('aria-expanded') === 'true',
        icon: codicon ? codicon.slice('codicon-'.length) : '',
      };
    })
    .sort((a, b) => a.index - b.index);
}
