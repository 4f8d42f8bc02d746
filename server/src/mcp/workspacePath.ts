/**
 * Paths in tool arguments: a workspace-relative path (or an absolute one
 * inside the workspace) becomes the index's form, forward slashes relative to
 * the root; anything outside the workspace is refused with a clear message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A mistake in a tool's arguments: answered as a tool error with this message, never a crash. */
export class ToolInputError extends Error {}

export interface WorkspacePath {
  /** Forward slashes, relative to the root; '' for the root itself. */
  rel: string;
  exists: boolean;
  isDirectory: boolean;
}

function outside(rel: string): boolean {
  return rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel);
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

export function resolveInWorkspace(root: string, given: string): WorkspacePath {
  const abs = path.resolve(root, given.trim());
  const lexical = path.relative(root, abs);
  // Real paths too: a link inside the workspace may lead out of it, and an agent may name the workspace
  // through a link to it (/private/tmp/x for /tmp/x).
  const real = realpath(abs);
  const realRel = real === undefined ? undefined : path.relative(realpath(root) ?? root, real);
  if (realRel !== undefined ? outside(realRel) : outside(lexical)) {
    throw new ToolInputError(`${given} is outside the workspace ${root}; give a path relative to it`);
  }
  const rel = outside(lexical) ? realRel! : lexical;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(abs);
  } catch {
    stat = undefined;
  }
  return { rel: rel.split(path.sep).join('/'), exists: stat !== undefined, isDirectory: stat?.isDirectory() ?? false };
}

/** True when `file` is `scope` or lies under it ('' = the whole workspace). */
export function underPath(file: string, scope: string): boolean {
  return scope === '' || file === scope || file.startsWith(scope + '/');
}
