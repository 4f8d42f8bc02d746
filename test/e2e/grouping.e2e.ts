// The Requirements view grouped for release planning, in a real VS Code
// (code-server) on a temp copy of test-fixtures/demo: the Group By picker in
// the view's title switches through release, tag, hierarchy and back to spec
// file, each node with its roll-up counts, and the choice survives a reload;
// the status bar's tooltip has coverage by release; Open HTML Report writes
// the workspace's report and opens it. One code-server for all of it.
// Pictures of each grouping go to artifacts/e2e/view-group-*.png, and to
// docs/images/ (the README shows them) only with REQTRACE_UPDATE_DOC_IMAGES=1:
// a test run must not rewrite tracked files. The rest go to
// artifacts/e2e/grouping-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { packagedVsix } from './codeServer';
import { animationsDone } from './inPage';
import { e2eSession } from './session';
import { RequirementsView, type TreeRow } from './requirementsView';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC_IMAGES = process.env.REQTRACE_UPDATE_DOC_IMAGES === '1' ? path.join(ROOT, 'docs', 'images') : path.join(ROOT, 'artifacts', 'e2e');
const AUTH_001 = 'AUTH-001 Users can log in with email and password';

const BY_FILE = [
  '1 docs/api.yaml — 1/2 covered',
  '2 API-001 List products',
  '2 API-002 Rate limiting',
  '1 docs/requirements.md — 2/4 covered',
  `2 ${AUTH_001}`,
  '2 AUTH-002 Sessions expire after inactivity',
  '2 AUTH-003 Passwords are stored hashed',
  '2 AUTH-004 Single sign-on with SAML',
  '2 AUTH-005 Remember-me cookie',
  '2 BILL-001 Invoices are numbered without gaps',
];

const HIERARCHY_TOP = [
  '1 API-001 List products — 1/2 covered',
  `1 ${AUTH_001} — 2/3 covered · 1.0`,
  '1 AUTH-004 Single sign-on with SAML · 2.0',
  '1 AUTH-005 Remember-me cookie',
  // Its parent FIN-100 is not defined: it stands at the top.
  '1 BILL-001 Invoices are numbered without gaps · 1.1',
];

/** A row as the view's accessibility tree gives it: `level aria-label`. */
const levelAndLabel = (r: TreeRow): string => `${r.level} ${r.label}`;

describe('reqtrace in VS Code (code-server): the Requirements view grouped by release, tag and hierarchy', function () {
  const s = e2eSession();

  before(async function () {
    const settings = { 'workbench.view.alwaysShowHeaderActions': true };
    await s.open(s.copyDemo('grouping'), { vsix: packagedVsix(), settings, screenshotPrefix: 'grouping', sideBarWidth: 560, status: /Req \d+%/ });
  });

  it('1. Group By switches the view through release, tag and hierarchy with roll-up counts, and is remembered', async function () {
    const w = s.workbench();
    const tree = new RequirementsView(w);
    await w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]').click();
    await tree.waitExpanded();
    await tree.collapseOtherSection('Explorer Section');
    await tree.expectRows('the requirements by spec file', levelAndLabel, BY_FILE);

    await tree.groupBy('Release');
    const releases = ['1 Release 1.0 — 2/2 covered', '1 Release 1.1 — 0/3 covered', '1 Release 2.0 — 1 requirement, none needs coverage', '1 No release — 1/1 covered'];
    await tree.expectRows('the releases', levelAndLabel, releases);
    assert.match(await tree.headerText(), /By release/);
    await tree.expand('Release 1.1 — 0/3 covered');
    await tree.expectRows('release 1.1 expanded', levelAndLabel, [
      ...releases.slice(0, 2),
      '2 API-002 Rate limiting',
      '2 AUTH-002 Sessions expire after inactivity',
      '2 BILL-001 Invoices are numbered without gaps',
      ...releases.slice(2),
    ]);
    await tree.picture(path.join(DOC_IMAGES, 'view-group-release.png'));

    await tree.groupBy('Tag');
    const tags = ['1 login — 1/1 covered', '1 security — 1/1 covered', '1 Untagged — 2/5 covered'];
    await tree.expectRows('the tags', levelAndLabel, tags);
    await tree.expand('security — 1/1 covered');
    await tree.expectRows('the tag security expanded', levelAndLabel, [...tags.slice(0, 2), `2 ${AUTH_001} · 1.0`, tags[2]]);
    await tree.picture(path.join(DOC_IMAGES, 'view-group-tag.png'));

    await tree.groupBy('Hierarchy');
    await tree.expectRows('the top of the hierarchy', levelAndLabel, HIERARCHY_TOP);
    await tree.expand(`${AUTH_001} — 2/3 covered · 1.0`);
    await tree.expectRows('AUTH-001 with its sub-requirements, then its references', levelAndLabel, [
      HIERARCHY_TOP[0],
      HIERARCHY_TOP[1],
      '2 AUTH-002 Sessions expire after inactivity · 1.1',
      '2 AUTH-003 Passwords are stored hashed · 1.0',
      '2 impl reference to AUTH-001 at src/auth/login.ts:9',
      '2 test reference to AUTH-001 at tests/login.test.ts:3',
      '2 impl reference to AUTH-001 at web/index.html:3',
      ...HIERARCHY_TOP.slice(2),
    ]);
    await tree.picture(path.join(DOC_IMAGES, 'view-group-hierarchy.png'));

    // Remembered for the workspace: a reload opens the view grouped the same way.
    await w.page.reload();
    await w.wait.visible(w.page.locator('.monaco-workbench'), 'the workbench after the reload', 90_000);
    await w.statusBarItem({ id: 'reqtrace.status', text: /Req \d+%/ });
    await tree.waitExpanded();
    await tree.expectRows('the hierarchy again after the reload', levelAndLabel, HIERARCHY_TOP);

    await tree.groupBy('Spec File');
    await tree.expectRows('the requirements by spec file again', levelAndLabel, BY_FILE);
    assert.doesNotMatch(await tree.headerText(), /By /);
    await tree.picture(path.join(DOC_IMAGES, 'view-group-file.png'));
  });

  it('2. the status bar tooltip has a table of coverage by release', async function () {
    const w = s.workbench();
    const element = w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]');
    await element.hover();
    const tooltip = w.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'By release' }).first();
    await w.wait.visible(tooltip, 'the status bar tooltip with coverage by release');
    await tooltip.evaluate(animationsDone, '.monaco-hover, .workbench-hover');
    const cells = await tooltip.locator('table tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => (c as HTMLElement).innerText.trim()).join(' | ')));
    assert.deepEqual(cells, ['Release | Covered | %', '1.0 | 2/2 | 100%', '1.1 | 0/3 | 0%', '2.0 | 0/0 | —', 'no release | 1/1 | 100%']);
    await w.screenshot('02-status-bar-releases');
    await w.page.mouse.move(700, 300);
    await w.wait.hidden(tooltip, 'the status bar tooltip to close');
  });

  it('3. Open HTML Report writes the report of the workspace and opens it', async function () {
    const w = s.workbench();
    // openExternal may open a browser tab (code-server) or ask first: either is fine, the file decides.
    const opened: Page[] = [];
    const onPage = (p: Page) => opened.push(p);
    w.page.context().on('page', onPage);
    try {
      await w.runCommand('reqtrace: Open HTML Report');
      let file: string | undefined;
      await w.wait.until('the HTML report in the global storage', async () => (file = findFile(path.join(s.server!.userDataDir, 'User', 'globalStorage'), /^reqtrace-report-demo\.html$/)) !== undefined);
      let html = '';
      await w.wait.until('the HTML report to be written completely', async () => (html = fs.readFileSync(file!, 'utf8')).trimEnd().endsWith('</html>'));
      assert.match(html, /^<!DOCTYPE html>/);
      assert.match(html, /<title>Traceability report — demo<\/title>/);
      for (const id of ['AUTH-001', 'API-002', 'BILL-001']) assert.ok(html.includes(id), id);
      // code-server is a browser-based window: the file is on the server's machine, so the report opens in a webview tab.
      const tab = w.page.locator('.tab', { hasText: 'Traceability report — demo' });
      await w.wait.visible(tab, 'the tab of the HTML report');
      const frame = w.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
      await w.wait.visible(frame.locator('h1', { hasText: 'Traceability report — demo' }), 'the report rendered in the webview');
      await w.screenshot('03-html-report');
    } finally {
      w.page.context().off('page', onPage);
      for (const p of opened) await p.close().catch(() => undefined);
      await w.page.bringToFront();
      await w.dismissNotifications().catch(() => undefined);
    }
  });
});

/** The first file under `dir` whose name matches. */
function findFile(dir: string, name: RegExp): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && name.test(entry.name)) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

