/**
 * Where a folder's `reqtrace.*` settings come from. A client that answers
 * `workspace/configuration` (VS Code, Helix, eglot, Sublime LSP, Zed) is
 * asked, per folder. One that cannot (Neovim 0.7, a plain stdio client) gives
 * them in `initializationOptions.reqtrace`, and may push new ones with
 * `workspace/didChangeConfiguration` (`settings.reqtrace`); they apply to every
 * folder. Values come from users' hand-written editor configs: only known
 * settings of the right type are taken.
 */
import type { Logger } from '../core';
import { DEFAULT_SETTINGS, type ReqtraceSettings } from '../protocol';

/**
 * The known settings of `value` that have the right type. The rest is left out, with a
 * warning when `where` names a hand-written place (a pulled section also holds the client's
 * own keys, such as VS Code's `trace`, and is left out silently).
 */
export function settingsFrom(value: unknown, logger: Logger, where?: string): Partial<ReqtraceSettings> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    if (where) logger.warn(`ignored ${where}: expected an object of settings`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(DEFAULT_SETTINGS, key)) {
      if (where) logger.warn(`ignored ${where}.${key}: no such setting (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`);
      continue;
    }
    const expected = typeof DEFAULT_SETTINGS[key as keyof ReqtraceSettings];
    if (typeof v !== expected) {
      logger.warn(`ignored ${where ?? 'reqtrace'}.${key}: expected a ${expected}, got ${JSON.stringify(v)}`);
      continue;
    }
    out[key] = v;
  }
  return out as Partial<ReqtraceSettings>;
}
