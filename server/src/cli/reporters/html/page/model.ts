/**
 * The page's view of the embedded data: reads the envelope (inflating it
 * when it is gzipped), then derives what the sections need from the columns
 * — references per requirement, children per requirement, errors per
 * requirement — in passes over flat arrays, without an object per row.
 */
import { DATA_ELEMENT_ID, STATE, type Envelope, type PageData } from '../pageData';

export interface PageModel {
  data: PageData;
  /** Requirements (rows of the columns). */
  n: number;
  str(i: number): string;
  /** Per requirement, where its references start in `refOrder` (CSR offsets, n + 1 of them). */
  refStart: Int32Array;
  /** Reference indexes grouped by requirement, each group in file, line order. */
  refOrder: Int32Array;
  /** Per reference: its file (string index) and absolute line. */
  refFile: Int32Array;
  refLine: Int32Array;
  /** Pin of a reference, when it has one. */
  pins: Map<number, number>;
  /** Index of the first definition of an ID. */
  indexOf: Map<string, number>;
  /** Error diagnostics naming the requirement. */
  errors: Int32Array;
}

/** Reads and decodes the data block. */
export async function loadModel(doc: Document = document): Promise<PageModel> {
  const text = doc.getElementById(DATA_ELEMENT_ID)?.textContent ?? '';
  const envelope = JSON.parse(text) as Envelope;
  let data: PageData;
  if ('json' in envelope) data = envelope.json;
  else {
    const json = await gunzip(envelope.gzip);
    performance.mark('reqtrace:inflated');
    data = JSON.parse(json) as PageData;
  }
  performance.mark('reqtrace:parsed');
  return derive(data);
}

async function gunzip(base64: string): Promise<string> {
  // Uint8Array.fromBase64 is new (Chromium 140, Firefox 133, Safari 18.2); atob is the fallback.
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  let bytes: Uint8Array<ArrayBuffer>;
  if (fromBase64) bytes = fromBase64(base64);
  else {
    const binary = atob(base64);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  }
  performance.mark('reqtrace:decoded');
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export function derive(data: PageData): PageModel {
  const n = data.req.id.length;
  const r = data.refs;
  const total = r.req.length;
  const refFile = new Int32Array(total);
  const refLine = new Int32Array(total);
  let k = 0;
  for (let f = 0; f < r.files.length; f++) {
    let line = 0;
    for (let c = 0; c < r.counts[f]; c++, k++) {
      line += r.lineDelta[k];
      refFile[k] = r.files[f];
      refLine[k] = line;
    }
  }
  const refStart = new Int32Array(n + 1);
  for (let i = 0; i < total; i++) refStart[r.req[i] + 1]++;
  for (let i = 0; i < n; i++) refStart[i + 1] += refStart[i];
  const fill = refStart.slice(0, n);
  const refOrder = new Int32Array(total);
  for (let i = 0; i < total; i++) refOrder[fill[r.req[i]]++] = i;
  const pins = new Map<number, number>();
  for (let i = 0; i < r.pins.length; i += 2) pins.set(r.pins[i], r.pins[i + 1]);
  const indexOf = new Map<string, number>();
  data.req.id.forEach((id, i) => indexOf.has(id) || indexOf.set(id, i));
  const errors = new Int32Array(n);
  data.diags.req.forEach((q, i) => {
    if (q >= 0 && data.diags.severity[i] === 0) errors[q]++;
  });
  return { data, n, str: (i) => data.strings[i], refStart, refOrder, refFile, refLine, pins, indexOf, errors };
}

export const STATE_LABEL = ['covered', 'uncovered', 'needs none'] as const;
export const STATE_CLASS = ['covered', 'uncovered', 'exempt'] as const;

export function stateOf(m: PageModel, i: number): number {
  return m.data.req.state[i] & STATE.mask;
}

export function isBroken(m: PageModel, i: number): boolean {
  return (m.data.req.state[i] & STATE.broken) !== 0;
}

/** String-table list (0 for none) as strings. */
export function names(m: PageModel, list: number[] | 0): string[] {
  return list === 0 ? [] : list.map(m.str);
}
