/**
 * One requirement opened: its attributes, its text (Markdown, rendered by
 * the same safe renderer as before, on demand), its roll-up, its parents
 * and children, its references (listed only now, from the columns) and the
 * problems that name it.
 */
import { renderMarkdownHtml } from '../../safeMarkdown';
import { coverageBar, coverageText, el } from './virtualRows';
import { isBroken, names, type PageModel, STATE_CLASS, STATE_LABEL, stateOf } from './model';

/** References listed at first; the rest behind a button (a hot requirement has 10k). */
const FIRST_REFERENCES = 500;

const SEVERITY = ['error', 'warning', 'info'];

export function renderDetail(m: PageModel, i: number, children: number[], open: (i: number) => void): HTMLElement {
  const r = m.data.req;
  const article = el('article', 'req');
  article.id = `req-${r.id[i]}`;
  article.dataset.i = String(i);
  const h = el('h3', undefined, `${r.id[i]}: ${r.title[i]} `);
  h.tabIndex = -1;
  const state = stateOf(m, i);
  h.appendChild(el('span', `badge ${STATE_CLASS[state]}`, STATE_LABEL[state]));
  if (isBroken(m, i)) h.append(' ', el('span', 'badge broken', 'broken'));
  for (const k of names(m, r.missing[i])) h.append(' ', el('span', 'badge missing', `no ${k}`));
  article.appendChild(h);

  const meta = el('dl', 'meta');
  const item = (label: string, value: string | Node) => {
    const div = el('div');
    div.append(el('dt', undefined, label), el('dd'));
    div.lastChild!.appendChild(typeof value === 'string' ? document.createTextNode(value) : value);
    meta.appendChild(div);
  };
  item('Status', r.status[i] < 0 ? '—' : m.str(r.status[i]));
  item('Version', String(r.version[i]));
  item('Release', r.release[i] < 0 ? '—' : m.str(r.release[i]));
  item('Needs', names(m, r.needs[i]).join(', ') || 'none');
  item('Defined at', `${m.str(r.file[i])}:${r.line[i]}:${r.col[i]}`);
  const rollup = el('span');
  rollup.append(coverageBar(r.rollup[2 * i + 1], r.rollup[2 * i]), coverageText(r.rollup[2 * i + 1], r.rollup[2 * i]));
  item('With descendants', rollup);
  if (r.parents[i] !== 0) item('Parents', links(m, names(m, r.parents[i]), open));
  if (children.length > 0) item('Children', links(m, children.map((c) => r.id[c]), open));
  if (r.tags[i] !== 0) item('Tags', names(m, r.tags[i]).join(', '));
  article.appendChild(meta);

  if (r.text[i]) {
    const text = el('div', 'text');
    // renderMarkdownHtml escapes everything from the input and adds only fixed tags without attributes.
    text.innerHTML = renderMarkdownHtml(r.text[i]);
    article.appendChild(text);
  }

  const start = m.refStart[i];
  const end = m.refStart[i + 1];
  if (end === start) article.appendChild(el('p', 'none', 'No references.'));
  else {
    article.appendChild(el('h4', undefined, `References (${end - start})`));
    const list = el('ul', 'refs');
    const add = (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const x = m.refOrder[k];
        const li = el('li');
        const pin = m.pins.get(x);
        li.append(el('span', 'kind', m.str(m.data.refs.kind[x])), ' ', el('span', 'loc', `${m.str(m.refFile[x])}:${m.refLine[x]}:${m.data.refs.col[x]}${pin === undefined ? '' : ` @${pin}`}`));
        list.appendChild(li);
      }
    };
    add(start, Math.min(end, start + FIRST_REFERENCES));
    article.appendChild(list);
    if (end - start > FIRST_REFERENCES) {
      const more = el('button', 'more', `Show all ${end - start} references`);
      more.type = 'button';
      more.addEventListener('click', () => {
        add(start + FIRST_REFERENCES, end);
        more.remove();
      });
      article.appendChild(more);
    }
  }

  const d = m.data.diags;
  const problems = el('ul', 'problems');
  for (let k = 0; k < d.req.length; k++) {
    if (d.req[k] !== i) continue;
    problems.appendChild(el('li', `sev-${SEVERITY[d.severity[k]]}`, `${m.str(d.code[k])}: ${d.message[k]} — ${m.str(d.file[k])}:${d.line[k]}:${d.col[k]}`));
  }
  if (problems.childElementCount > 0) {
    article.appendChild(el('h4', undefined, 'Problems'));
    article.appendChild(problems);
  }
  return article;
}

/** IDs as buttons that open the requirement (plain text for an ID no spec defines). */
function links(m: PageModel, ids: string[], open: (i: number) => void): HTMLElement {
  const span = el('span');
  ids.forEach((id, k) => {
    if (k > 0) span.append(', ');
    const target = m.indexOf.get(id);
    if (target === undefined) span.append(el('span', 'undefined', `${id} (not defined)`));
    else {
      const b = el('button', 'link', id);
      b.type = 'button';
      b.addEventListener('click', () => open(target));
      span.appendChild(b);
    }
  });
  return span;
}
