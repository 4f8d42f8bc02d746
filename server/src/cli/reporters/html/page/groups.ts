/**
 * Coverage by group: the groups the core computed (the same as the JSON's
 * `groups`) for the key `--group-by` named, switchable on the page to any
 * other key. A group's name filters the matrix to its requirements. Large
 * groupings (a group per parent at 50k requirements) are drawn in pages.
 */
import { GROUP_KEYS, type GroupData, type GroupKey } from '../pageData';
import { coverageBar, coverageText, el } from './virtualRows';
import type { PageModel } from './model';

const PAGE = 200;

export function renderGroups(m: PageModel, by: GroupKey, body: HTMLTableSectionElement, pick: (by: GroupKey, g: GroupData) => void): void {
  const groups = m.data.groups[by];
  body.replaceChildren();
  let drawn = 0;
  const more = el('tr', 'more-row');
  const drawMore = () => {
    const end = Math.min(groups.length, drawn + PAGE);
    for (; drawn < end; drawn++) body.insertBefore(groupRow(groups[drawn], by, pick), more.parentNode ? more : null);
    if (drawn < groups.length) {
      const td = el('td');
      td.colSpan = 5;
      const b = el('button', 'more', `Show ${Math.min(PAGE, groups.length - drawn)} more of ${groups.length - drawn} groups`);
      b.type = 'button';
      b.addEventListener('click', drawMore);
      td.appendChild(b);
      more.replaceChildren(td);
      body.appendChild(more);
    } else more.remove();
  };
  drawMore();
}

function groupRow(g: GroupData, by: GroupKey, pick: (by: GroupKey, g: GroupData) => void): HTMLTableRowElement {
  const tr = el('tr');
  const name = el('td', 'key');
  const b = el('button', 'link', g.key === null ? `(no ${by})` : g.key);
  b.type = 'button';
  b.title = 'Show these requirements in the matrix';
  b.addEventListener('click', () => pick(by, g));
  name.appendChild(b);
  const bar = el('td');
  bar.appendChild(coverageBar(g.covered, g.needing));
  tr.append(name, el('td', 'num', String(g.members.length)), el('td', 'num', String(g.needing)), bar, el('td', 'num', coverageText(g.covered, g.needing)));
  return tr;
}

export const GROUP_LABEL: Record<GroupKey, string> = { tag: 'tag', release: 'release', status: 'status', file: 'spec file', parent: 'parent' };
export { GROUP_KEYS };
