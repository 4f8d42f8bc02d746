/**
 * The trace model as the HTML report's page reads it (pageData.ts): compact
 * JSON, gzipped and base64-encoded once it is large, inside a
 * `<script type="application/json">` block escaped so that no text from the
 * workspace can end it (`</script>`) or open a comment (`<!--`).
 *
 * Why gzip: at the benchmark's L size (50k requirements, 1.2M references)
 * the columnar JSON is about 30 MB, and the report must stay under 10 MB.
 * The browser inflates it with DecompressionStream, without a library.
 */
import { gzipSync } from 'node:zlib';
import { GROUP_BY, groupRequirements, type GroupBy, type ReportGroup } from '../../../core';
import type { TraceModel } from '../traceModel';
import { STATE, type Envelope, type GroupData, type GroupKey, type PageData, type ReferenceColumns } from './pageData';

/** Below this many characters of JSON the data stays readable JSON. */
export const GZIP_ABOVE = 512 * 1024;

const SEVERITY = { error: 0, warning: 1, info: 2 } as const;

/** Builds the page's data from the model. */
export function pageData(model: TraceModel): PageData {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) stringIndex.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const list = (xs: string[]): number[] | 0 => (xs.length === 0 ? 0 : xs.map(str));
  const reqs = model.requirements;
  // References and groups name an ID: its first definition stands for it.
  const firstIndex = new Map<string, number>();
  reqs.forEach((r, i) => firstIndex.has(r.row.id) || firstIndex.set(r.row.id, i));

  const req: PageData['req'] = { id: [], title: [], file: [], line: [], col: [], status: [], release: [], version: [], state: [], tags: [], needs: [], missing: [], parents: [], impl: [], test: [], rollup: [], text: [] };
  for (const r of reqs) {
    const row = r.row;
    req.id.push(row.id);
    req.title.push(row.title);
    req.file.push(str(row.file));
    req.line.push(row.line);
    req.col.push(r.column);
    req.status.push(row.status === null ? -1 : str(row.status));
    req.release.push(row.release === null ? -1 : str(row.release));
    req.version.push(row.version);
    req.state.push(STATE[r.state] | (r.broken.length > 0 ? STATE.broken : 0));
    req.tags.push(list(row.tags));
    req.needs.push(list(row.needs));
    req.missing.push(list(row.missing));
    req.parents.push(list(row.parents));
    req.impl.push(row.references.impl ?? 0);
    req.test.push(row.references.test ?? 0);
    req.rollup.push(row.rollup.needing, row.rollup.covered);
    req.text.push(r.text.trim());
  }

  const refs = referenceColumns(model, firstIndex, str);

  const diags: PageData['diags'] = { severity: [], code: [], message: [], file: [], line: [], col: [], req: [] };
  for (const d of model.report.diagnostics) {
    diags.severity.push(SEVERITY[d.severity]);
    diags.code.push(str(d.code));
    diags.message.push(d.message);
    diags.file.push(str(d.file));
    diags.line.push(d.line);
    diags.col.push(d.column);
    diags.req.push(d.requirement === null ? -1 : (firstIndex.get(d.requirement) ?? -1));
  }

  const groups = {} as Record<GroupKey, GroupData[]>;
  for (const by of GROUP_BY) {
    const computed: ReportGroup[] = model.groupBy === by && model.report.groups ? model.report.groups : groupRequirements(model.report.requirements, by);
    groups[by] = computed.map((g) => ({ key: g.key, members: g.requirements.map((id) => firstIndex.get(id)!), needing: g.needing, covered: g.covered, coverage: g.coverage }));
  }

  const s = model.report.summary;
  return {
    v: 1,
    title: `Traceability report — ${model.workspace}`,
    tool: `${model.tool.name} ${model.tool.version}`,
    summary: { ...s, broken: reqs.filter((r) => r.broken.length > 0).length },
    groupBy: (model.groupBy ?? null) as GroupBy | null,
    strings,
    req,
    refs,
    diags,
    groups,
  };
}

/** The references of every defined ID, as runs per file (see ReferenceColumns). */
function referenceColumns(model: TraceModel, firstIndex: Map<string, number>, str: (s: string) => number): ReferenceColumns {
  const all: Array<{ file: string; line: number; col: number; req: number; kind: string; pin: number | null }> = [];
  for (const i of firstIndex.values()) {
    for (const x of model.requirements[i].references) all.push({ file: x.file, line: x.line, col: x.column, req: i, kind: x.kind, pin: x.pin });
  }
  all.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col || a.req - b.req : a.file < b.file ? -1 : 1));
  const out: ReferenceColumns = { files: [], counts: [], lineDelta: [], col: [], req: [], kind: [], pins: [] };
  let file: string | undefined;
  let prevLine = 0;
  all.forEach((x, k) => {
    if (x.file !== file) {
      file = x.file;
      out.files.push(str(x.file));
      out.counts.push(0);
      prevLine = 0;
    }
    out.counts[out.counts.length - 1]++;
    out.lineDelta.push(x.line - prevLine);
    prevLine = x.line;
    out.col.push(x.col);
    out.req.push(x.req);
    out.kind.push(str(x.kind));
    if (x.pin !== null) out.pins.push(k, x.pin);
  });
  return out;
}

/**
 * The `<script type="application/json">` element's text. JSON escapes `<` as
 * \u003c, so `</script>` and `<!--` cannot occur in it; U+2028 and U+2029
 * are escaped too, as they end a line in a script.
 */
export function embedData(data: PageData, gzipAbove = GZIP_ABOVE): string {
  const json = JSON.stringify(data);
  if (json.length <= gzipAbove) return escapeJsonForHtml(`{"v":1,"json":${json}}`);
  const envelope: Envelope = { v: 1, gzip: gzipSync(json).toString('base64') };
  return JSON.stringify(envelope);
}

/** JSON made safe inside a script element (see embedData). */
export function escapeJsonForHtml(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
