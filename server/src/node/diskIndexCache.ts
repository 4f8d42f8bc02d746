/**
 * The index cache of the Node fronts (the core's IndexCacheStore): a file in
 * a folder the caller chooses, one per workspace root, read by cacheLoad.ts
 * and written by cacheSave.ts.
 */
import * as path from 'node:path';
import type { CacheContents, IndexCacheStore, SaveContents } from '../core';
import { cacheFile, loadCache, STAT_THREAD_MIN } from './cacheLoad';
import { saveCache } from './cacheSave';

export class DiskIndexCache implements IndexCacheStore {
  readonly location: string;
  private readonly root: string;

  /**
   * `cacheDir`: never inside the workspace; `root`: the workspace folder,
   * which keys the file (and whose files a load stats); `statThreadMin`:
   * from how many stats on a load takes a thread (see cacheLoad.ts).
   */
  constructor(
    cacheDir: string,
    root: string,
    private readonly statThreadMin = STAT_THREAD_MIN,
  ) {
    this.location = cacheFile(cacheDir, root);
    this.root = path.resolve(root);
  }

  load(key?: string): CacheContents | undefined {
    return loadCache(this.location, key, key === undefined ? undefined : this.root, this.statThreadMin);
  }

  save(contents: SaveContents, pause?: () => Promise<void>): Promise<void> {
    return saveCache(this.location, contents, pause);
  }
}
