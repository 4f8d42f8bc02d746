/**
 * A persisted index for warm restarts: per-file analysis results keyed by
 * path and validated by size and mtime. It lives in a folder the caller
 * chooses (the extension's storage folder, or the CLI's `--cache DIR`), never
 * inside the workspace. Anything unreadable is treated as no cache.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { FileEntry } from './workspaceIndex';

/** Bump when FileEntry or any parser's output changes shape or meaning. */
const CACHE_FORMAT = 2;

export interface CachedFile {
  size: number;
  mtimeMs: number;
  entry: FileEntry;
}

export type CacheData = Map<string, CachedFile>;

/**
 * The cache file of a workspace: one per root, whatever the config, so
 * editing reqtrace.yaml replaces the cache instead of adding files.
 */
export function cacheFile(cacheDir: string, root: string): string {
  const key = createHash('sha256').update(`${CACHE_FORMAT}\0${path.resolve(root)}`).digest('hex').slice(0, 24);
  return path.join(cacheDir, `reqtrace-index-${key}.bin`);
}

/** The cached files, when the cache was written under the same analysis setup (config text, dialects). */
export function loadCache(file: string, setup: string): CacheData | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const data = v8.deserialize(bytes) as { format: number; setup: string; files: Array<[string, CachedFile]> };
    if (data.format !== CACHE_FORMAT || data.setup !== setup || !Array.isArray(data.files)) return undefined;
    return new Map(data.files);
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a cache. */
export function saveCache(file: string, setup: string, data: CacheData): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, v8.serialize({ format: CACHE_FORMAT, setup, files: [...data] }));
  fs.renameSync(tmp, file);
}
