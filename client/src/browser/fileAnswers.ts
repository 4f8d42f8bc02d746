/**
 * The client's answers to the browser server's file requests (server/src/browser/fileRequests.ts):
 * the server runs in a web worker without a file system, so the workspace is listed with
 * `vscode.workspace.findFiles` and read with `vscode.workspace.fs`, which work on every file
 * system VS Code has (vscode-vfs on github.dev, vscode-remote in code-server).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ListFilesRequest, ReadFilesRequest, type ReadFileResult } from '../../../server/src/browser/fileRequests';

/** Registers the answers on `client` (before it starts: the server asks during its first index). */
export function answerFileRequests(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(ListFilesRequest.type, async ({ folderUri }) => {
      const folder = vscode.Uri.parse(folderUri);
      // files.exclude applies (the files the user sees); reqtrace's own excludes and .gitignore are the server's.
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'));
      const base = folder.path.replace(/\/$/, '') + '/';
      return found.flatMap((uri) => (uri.path.startsWith(base) ? [uri.path.slice(base.length)] : []));
    }),
    client.onRequest(ReadFilesRequest.type, ({ uris, contentUpTo }) => Promise.all(uris.map((u) => readOne(vscode.Uri.parse(u), contentUpTo)))),
  ];
}

async function readOne(uri: vscode.Uri, contentUpTo: number): Promise<ReadFileResult | null> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0) return null;
    const bytes = stat.size <= contentUpTo ? await vscode.workspace.fs.readFile(uri) : undefined;
    return { size: stat.size, mtimeMs: stat.mtime, bytes };
  } catch {
    // Gone since it was listed, or unreadable: the server treats it as absent.
    return null;
  }
}
