/**
 * The settings the client itself acts on.
 *
 * How to add a setting — a setting lives in three places:
 *  1. `package.json` → `contributes.configuration.properties["reqtrace.<name>"]`: type, default,
 *     scope and `markdownDescription`. This is what the Settings UI shows and validates.
 *  2. `ReqtraceSettings` and `DEFAULT_SETTINGS` in `server/src/protocol.ts`: the typed shape of
 *     the `reqtrace` section. The server pulls it per workspace folder with
 *     `workspace/configuration`; the client announces every change through
 *     `synchronize.configurationSection`, and the server pulls again.
 *  3. The reader: the server's settings code under `server/src/lsp/` for anything the server
 *     does (inlay hints, code lenses, …), or this file for what the client decides itself
 *     (today only whether the server runs at all).
 *  Editors without `workspace/configuration` send the same section in
 *  `initializationOptions.reqtrace` (server/src/lsp/settings.ts checks its types against
 *  `DEFAULT_SETTINGS`); add the setting to the README's "Settings for any editor" table too.
 *
 * `reqtrace.trace.server` is the exception: vscode-languageclient reads it by itself (it is
 * `<client id>.trace.server`), so it exists only in `package.json`.
 */
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

/** The configuration section, as the server asks for it. */
export const CONFIG_SECTION = 'reqtrace';

/**
 * Whether the language server should run. `reqtrace.enable` is resource-scoped so one folder of
 * a multi-root workspace can turn it off; the one server serves every folder, so it runs while
 * any folder (or, without folders, the window) has reqtrace enabled. Skipping a disabled folder
 * is the server's job.
 */
export function isServerEnabled(): boolean {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return readEnable(undefined);
  return folders.some((folder) => readEnable(folder.uri));
}

/** True when a configuration change may flip {@link isServerEnabled}. */
export function affectsServerEnablement(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${CONFIG_SECTION}.enable`);
}

function readEnable(scope: vscode.Uri | undefined): boolean {
  return vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<boolean>('enable', DEFAULT_SETTINGS.enable);
}
