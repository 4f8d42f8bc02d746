/**
 * The requests a browser server sends its client to read the workspace: in a web worker it
 * has no file system, so the client answers with `vscode.workspace.findFiles` and
 * `vscode.workspace.fs`. Declared once, imported by both sides (like ../protocol.ts).
 */
import { RequestType } from 'vscode-languageserver-protocol';

/** Files read per `reqtrace/readFiles` request at most. */
export const READ_BATCH = 100;

export interface ListFilesParams {
  /** The workspace folder's URI, as the client sent it at initialize. */
  folderUri: string;
}

/** Every file of a folder (what `findFiles` lists), as folder-relative paths with forward slashes. */
export namespace ListFilesRequest {
  export const type = new RequestType<ListFilesParams, string[], void>('reqtrace/listFiles');
}

export interface ReadFilesParams {
  uris: string[];
  /** Contents of files larger than this are left out (only their size is given). */
  contentUpTo: number;
}

/** One file as read: undefined bytes when it was larger than `contentUpTo`. */
export interface ReadFileResult {
  size: number;
  mtimeMs: number;
  bytes?: Uint8Array;
}

/** Stats and reads files; `null` for one that is gone or not a file. Same order as `uris`. */
export namespace ReadFilesRequest {
  export const type = new RequestType<ReadFilesParams, Array<ReadFileResult | null>, void>('reqtrace/readFiles');
}
