/** Opening a place in a file, for tree items, quick picks and commands alike. */
import * as vscode from 'vscode';

/** A range of `length` characters at a 0-based position. */
export function rangeAt(line: number, character: number, length: number): vscode.Range {
  return new vscode.Range(line, character, line, character + length);
}

/** A `vscode.open` command that opens `uri` with `range` selected. */
export function openCommand(uri: string, range: vscode.Range, title = 'Open'): vscode.Command {
  const options: vscode.TextDocumentShowOptions = { selection: range };
  return { command: 'vscode.open', title, arguments: [vscode.Uri.parse(uri), options] };
}

/** Opens `uri` in an editor with `range` selected and revealed. */
export async function openLocation(uri: string, range: vscode.Range): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: range });
}
