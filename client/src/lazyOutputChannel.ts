/**
 * An output channel that appears only once something is written to it. The LSP trace channel
 * is one: most users never turn tracing on and should not see an empty channel in the list.
 */
import * as vscode from 'vscode';

export class LazyOutputChannel implements vscode.OutputChannel {
  private channel: vscode.OutputChannel | undefined;

  constructor(readonly name: string) {}

  append(value: string): void {
    this.created().append(value);
  }

  appendLine(value: string): void {
    this.created().appendLine(value);
  }

  replace(value: string): void {
    this.created().replace(value);
  }

  clear(): void {
    this.channel?.clear();
  }

  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) {
      this.created().show(columnOrPreserveFocus);
    } else {
      this.created().show(columnOrPreserveFocus, preserveFocus);
    }
  }

  hide(): void {
    this.channel?.hide();
  }

  dispose(): void {
    this.channel?.dispose();
    this.channel = undefined;
  }

  private created(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel(this.name);
    return this.channel;
  }
}
