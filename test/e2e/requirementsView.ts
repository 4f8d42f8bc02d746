/**
 * The Requirements view of the explorer, as the code-server e2e suites drive it
 * (the acceptance suite and the Group By suite): its rows, title actions,
 * expanding, the Group By picker and a picture of it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { treeRows, type PageTreeRow } from './inPage';
import type { Workbench } from './workbench';

export type TreeRow = PageTreeRow;

/** The Requirements view in the explorer. */
export class RequirementsView {
  private readonly pane: Locator;
  private readonly header: Locator;

  constructor(private readonly w: Workbench) {
    // "Requirements Section", or "Requirements - Uncovered only Section" with the filter on.
    this.header = w.page.locator('.pane-header[aria-label^="Requirements "][aria-label$=" Section"]');
    this.pane = w.page.locator('.pane').filter({ has: this.header });
  }

  async waitExpanded(): Promise<void> {
    await this.w.wait.visible(this.pane.locator('.pane-header[aria-expanded="true"]'), 'the Requirements view to be expanded');
  }

  async headerText(): Promise<string> {
    return this.header.innerText();
  }

  /** Collapses (or expands) another section of the explorer, e.g. the folder's files. */
  async collapseOtherSection(ariaLabelStart: string, collapse = true): Promise<void> {
    const header = this.w.page.locator(`.pane-header[aria-label^=${JSON.stringify(ariaLabelStart)}]`);
    const want = collapse ? 'false' : 'true';
    if ((await header.getAttribute('aria-expanded')) === want) return;
    await header.click({ position: { x: 30, y: 10 } });
    await this.w.wait.visible(header.and(this.w.page.locator(`[aria-expanded="${want}"]`)), `the section ${ariaLabelStart} to ${collapse ? 'collapse' : 'expand'}`);
  }

  /** The rendered rows, top to bottom. */
  async rows(): Promise<TreeRow[]> {
    return this.pane.locator('.pane-body .monaco-list-row').evaluateAll(treeRows);
  }

  /** Waits until the rows satisfy `done` and returns them. */
  async waitForRows(what: string, done: (rows: TreeRow[]) => boolean): Promise<TreeRow[]> {
    let rows: TreeRow[] = [];
    await this.w.wait.until(`the Requirements view to show ${what}`, async () => done((rows = await this.rows())));
    return rows;
  }

  /**
   * Waits until the rows, each mapped by `show`, are exactly `expected`; on a
   * timeout the last rows seen are compared, so the failure shows the difference.
   */
  async expectRows(what: string, show: (row: TreeRow) => string, expected: string[]): Promise<void> {
    let rows: TreeRow[] = [];
    const same = (a: string[]) => a.length === expected.length && a.every((x, i) => x === expected[i]);
    try {
      await this.w.wait.until(`the Requirements view to show ${what}`, async () => same((rows = await this.rows()).map(show)));
    } catch (error) {
      assert.deepEqual(rows.map(show), expected, String(error));
      throw error;
    }
  }

  /** Expands the row with this aria-label by its twistie (a click on the row opens the requirement). */
  async expand(label: string): Promise<void> {
    const row = this.pane.locator(`.monaco-list-row[aria-label=${JSON.stringify(label)}]`);
    await this.w.wait.visible(row, `the row "${label}" in the Requirements view`);
    await this.w.wait.clickUntil(
      `the row "${label}" to expand`,
      () => row.locator('.monaco-tl-twistie').click({ timeout: 5000 }),
      async () => (await row.getAttribute('aria-expanded')) === 'true',
    );
  }

  /** Clicks a button of the view's title bar. */
  async clickAction(title: string): Promise<void> {
    const action = this.header.locator(`.action-label[aria-label^=${JSON.stringify(title)}]`);
    await this.w.wait.visible(action, `the "${title}" button of the Requirements view`);
    await action.click();
  }

  /** Picks a grouping with the view's Group By button and its quick pick. */
  async groupBy(label: string): Promise<void> {
    const action = this.header.locator('.action-label[aria-label^="Group Requirements By"]');
    await this.w.wait.visible(action, 'the Group By button of the Requirements view');
    await action.click();
    const widget = this.w.page.locator('.quick-input-widget');
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: this.w.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
    await this.w.wait.visible(row.first(), `"${label}" in the Group By picker`);
    await row.first().click();
    await this.w.wait.hidden(widget, 'the Group By picker to close');
  }

  /** A PNG of the side bar down to just below the view's last row. */
  async picture(file: string): Promise<void> {
    await this.w.page.mouse.move(1200, 600);
    const side = await this.w.page.locator('.part.sidebar').boundingBox();
    const last = await this.pane.locator('.pane-body .monaco-list-row').last().boundingBox();
    assert.ok(side && last, 'the side bar and a row of the view');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.w.page.screenshot({ path: file, clip: { x: side.x, y: side.y, width: side.width, height: Math.min(side.height, last.y + last.height + 24 - side.y) } });
  }
}
