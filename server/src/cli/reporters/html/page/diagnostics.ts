/** The diagnostics, drawn when their section is opened, in a virtualized table. */
import { el, VirtualRows } from './virtualRows';
import type { PageModel } from './model';

const SEVERITY = ['error', 'warning', 'info'];

export function renderDiagnostics(m: PageModel, scroller: HTMLElement, body: HTMLTableSectionElement): void {
  const d = m.data.diags;
  const rows = new VirtualRows(scroller, body, 30, 4, (k, tr) => {
    const sev = SEVERITY[d.severity[k]];
    const code = el('td');
    code.appendChild(el('code', undefined, m.str(d.code[k])));
    const msg = el('td', undefined, d.message[k]);
    msg.title = d.message[k];
    tr.append(el('td', `sev-${sev}`, sev), code, msg, el('td', 'loc', `${m.str(d.file[k])}:${d.line[k]}:${d.col[k]}`));
  });
  rows.reset(d.message.length);
}
