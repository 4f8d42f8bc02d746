/**
 * The files that differ between two revisions of a workspace and how their
 * lines moved, as the core needs them from whoever read the revisions (the
 * git layer reads them with `git diff`): which path a file has on each side,
 * and each changed file's line map.
 */
import { LineMap } from './lineMap';
import type { MatchOptions } from './problemMatch';

export type FileChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed';

/** A file that differs between the base and the head. Paths are workspace-relative. */
export interface FileChange {
  status: FileChangeStatus;
  /** Path at the base; undefined when the file was added. */
  basePath?: string;
  /** Path at head; undefined when the file was deleted. */
  headPath?: string;
}

export class ChangeSet {
  private readonly headOf = new Map<string, string | undefined>();
  private readonly baseOf = new Map<string, string | undefined>();
  private readonly maps = new Map<string, LineMap>();
  /** Paths (of either side) whose content may differ on the other side: one side's entries cannot stand for them. */
  private readonly dirty = new Set<string>();

  /**
   * `lineMaps` holds, by head path, the map of each modified file (and
   * renamed one whose content changed); a file without one kept its lines.
   */
  constructor(
    readonly files: readonly FileChange[],
    lineMaps: ReadonlyMap<string, LineMap> = new Map(),
  ) {
    for (const c of files) {
      if (c.basePath !== undefined) {
        this.headOf.set(c.basePath, c.headPath);
        this.dirty.add(c.basePath);
      }
      if (c.headPath !== undefined) {
        this.baseOf.set(c.headPath, c.basePath);
        // A path deleted and added again (untracked at head) is no unchanged file either.
        this.dirty.add(c.headPath);
        this.maps.set(c.headPath, c.basePath === undefined ? LineMap.WHOLE : (lineMaps.get(c.headPath) ?? LineMap.IDENTITY));
      }
    }
  }

  /** True when a file is at the same path with the same content on both sides. */
  unchanged(path: string): boolean {
    return !this.dirty.has(path);
  }

  /** The path of a base file at head: undefined when it was deleted. */
  headPath(basePath: string): string | undefined {
    return this.headOf.has(basePath) ? this.headOf.get(basePath) : basePath;
  }

  /** The path of a head file at the base: undefined when it was added. */
  basePath(headPath: string): string | undefined {
    return this.baseOf.has(headPath) ? this.baseOf.get(headPath) : headPath;
  }

  /** How the lines of a head file moved (every line is touched in an added file). */
  lineMap(headPath: string): LineMap {
    return this.maps.get(headPath) ?? LineMap.IDENTITY;
  }

  /** Matching problems across the change: renamed files keep their problems, moved lines too. */
  matchOptions(): MatchOptions {
    return {
      fileAtHead: (f) => this.headPath(f) ?? f,
      lineAtHead: (f, line) => {
        const at = this.headPath(f);
        if (at === undefined) return undefined;
        const m = this.lineMap(at).toHead(line);
        return 'line' in m ? m.line : undefined;
      },
    };
  }
}
