/**
 * The HTML report of one workspace folder for the client's Open HTML Report
 * command (reqtrace/htmlReport): the same model `reqtrace report` builds,
 * rendered by the CLI's HTML reporter. The renderer makes the report line by
 * line; between slices of lines the server answers other requests, so the
 * editor stays responsive while a large report renders.
 */
import { ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { buildReport } from '../../core';
import { renderHtml } from '../../cli/reporters/htmlReporter';
import { buildTraceModel } from '../../cli/reporters/traceModel';
import { version } from '../../../../package.json';
import type { Session } from '../session';
import { TimeSlicer } from '../timeSlicer';

/** JSON-RPC's code for a request the server cannot answer now (LSP's RequestFailed). */
const REQUEST_FAILED = -32803;

export async function htmlReport(session: Session, params: { folder?: unknown } | undefined, token?: CancellationToken): Promise<{ folder: string; name: string; html: string }> {
  const folders = session.workspaces.all();
  const folder = typeof params?.folder === 'string' ? folders.find((f) => f.uri === params.folder) : folders[0];
  if (!folder) throw new ResponseError(REQUEST_FAILED, typeof params?.folder === 'string' ? `${params.folder} is not a workspace folder` : 'No workspace folder is open.');
  // Before its first full index, a report would list part of the workspace as if it were all of it.
  if (!session.isReady(folder)) throw new ResponseError(REQUEST_FAILED, `${folder.name} is still being indexed; open the report again when indexing is done.`);
  const { engine } = folder;
  const all = engine.diagnostics();
  const model = buildTraceModel(engine, buildReport(engine, all), all, { workspace: folder.name, tool: { name: 'reqtrace', version } });
  const slicer = new TimeSlicer();
  const parts: string[] = [];
  for (const line of renderHtml(model)) {
    parts.push(line);
    await slicer.pause();
    if (token?.isCancellationRequested) throw new ResponseError(REQUEST_FAILED, 'cancelled');
  }
  return { folder: folder.uri, name: folder.name, html: parts.join('') };
}
