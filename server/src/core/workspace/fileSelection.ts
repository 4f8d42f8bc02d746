/**
 * Which files the engine reads and what it reads them for. The walk honours
 * every .gitignore on the way down (nested ones apply below their folder),
 * always skips node_modules and .git, and applies the config's globs.
 */
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ReqtraceConfig } from '../types';
import { CONFIG_FILE } from './config';
import type { CancellationToken, FileStat, Logger, WorkspaceHost } from './host';
import { eventLoopTurns, neverCancelled, silentLogger, throwIfCancelled } from './host';
import { checkGlobSafety } from './regexSafety';
import { utf8Text } from './readTextFile';
import type { Dialect, DialectContext } from '../dialects/dialect';
import { languageForPath, type LanguageInfo } from '../parse/languages';

/**
 * What a walk of the workspace found, and what it depends on: the folders it
 * read (a folder's mtime changes when an entry is added, removed or renamed
 * in it) and the .gitignore files it applied. While none of them changed,
 * the walk would find the same files.
 */
export interface WalkRecord {
  /** When the walk started (ms since the epoch): a folder changed within the file system's clock resolution of it is not trusted. */
  startedAt: number;
  files: string[];
  /** [folder, mtimeMs], read by the walk. */
  dirs: Array<[string, number]>;
  /** [.gitignore file, size, mtimeMs], applied by the walk. */
  gitignores: Array<[string, number, number]>;
}

export type FileRole =
  | { kind: 'markdown-spec' }
  /** A YAML file that may be a spec; when it is not, it is a source with `#` comments. */
  | { kind: 'yaml'; asSource: LanguageInfo | undefined }
  | { kind: 'source'; language: LanguageInfo }
  /** A spec file of a dialect's own format (`.sdoc`, `needs.json`, a Doorstop item). */
  | { kind: 'dialect-spec'; dialect: Dialect }
  /** Any other text file, read only by dialects that take tags from every line. */
  | { kind: 'text' };

const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** The walk yields to the event loop after this long. */
const YIELD_MS = 2;

/**
 * The files and folders a run was limited to (the CLI's PATH arguments), as
 * workspace-relative paths: only files inside them are inputs. An empty
 * scope is the whole workspace. The walk still starts at the root, so the
 * .gitignore files on the way down to a path apply as they always do.
 */
export class InputScope {
  readonly paths: readonly string[];

  constructor(paths: readonly string[] = []) {
    // A path of '' (the root itself) is the whole workspace.
    this.paths = paths.includes('') ? [] : [...new Set(paths.map((p) => p.replace(/\/+$/, '')))].sort();
  }

  get whole(): boolean {
    return this.paths.length === 0;
  }

  /** True when a file is an input: it is, or lies inside, one of the paths. */
  holds(file: string): boolean {
    return this.whole || this.paths.some((s) => file === s || file.startsWith(s + '/'));
  }

  /** True when the walk must enter a folder: it holds inputs, or leads down to a path. */
  leadsTo(dir: string): boolean {
    return this.whole || this.paths.some((s) => s === dir || s.startsWith(dir + '/') || dir.startsWith(s + '/'));
  }

  /** What tells one scope from another (part of the index cache's key). */
  key(): string {
    return this.paths.join('\n');
  }
}

type Matcher = (path: string) => boolean;

function globs(list: string[] | undefined): Matcher | undefined {
  if (!list || list.length === 0) return undefined;
  return picomatch(list, { dot: true });
}

/** Decides the role of a workspace-relative path under a config. */
export class FileClassifier {
  private readonly specs?: Matcher;
  private readonly sources?: Matcher;
  private readonly exclude?: Matcher;
  private readonly tests?: Matcher;

  constructor(
    /** The config it classifies by (the engine keeps a classifier while its config and dialects stay). */
    readonly config: ReqtraceConfig,
    private readonly dialects: readonly Dialect[] = [],
    private readonly ctx?: DialectContext,
  ) {
    this.specs = globs(config.specs);
    this.sources = globs(config.sources);
    this.exclude = globs(config.exclude);
    this.tests = globs(config.tests);
  }

  isExcluded(path: string): boolean {
    return this.exclude?.(path) ?? false;
  }

  isTestFile(path: string): boolean {
    return this.tests?.(path) ?? false;
  }

  /** The role of a file, or undefined when it is not read at all. */
  roleOf(path: string): FileRole | undefined {
    if (path === CONFIG_FILE || this.isExcluded(path)) return undefined;
    if (this.ctx) {
      for (const d of this.dialects) if (d.claimsSpec?.(path, this.ctx)) return { kind: 'dialect-spec', dialect: d };
    }
    const lower = path.toLowerCase();
    const isMarkdown = lower.endsWith('.md') || lower.endsWith('.markdown');
    const isYaml = lower.endsWith('.yaml') || lower.endsWith('.yml');
    const language = languageForPath(path);
    const asSource = language && (this.sources ? this.sources(path) : true) ? language : undefined;
    const specAllowed = this.specs ? this.specs(path) : isMarkdown || isYaml;
    if (specAllowed && isMarkdown) return { kind: 'markdown-spec' };
    if (specAllowed && isYaml) return { kind: 'yaml', asSource };
    if (asSource) return { kind: 'source', language: asSource };
    if (!isMarkdown && !isYaml && this.dialects.some((d) => d.readsTextFile?.(path))) return { kind: 'text' };
    return undefined;
  }
}

interface IgnoreScope {
  dir: string;
  ig: Ignore;
  /**
   * Answers for files below this .gitignore's own folder by name, when its
   * rules allow it (see `byNameRules`). No `ig` when none of them can match
   * such a file (`build/`): it is then not asked about.
   */
  byName?: NameAnswers;
  /** The same for folders below its own folder (with the rules for folders only, `build/`); set with `byName`. */
  foldersByName?: NameAnswers;
}

type IgnoreAnswer = { ignored: boolean; unignored: boolean };

/** Answers by name of the rules in `ig` (none: no rule can match), kept per name: names repeat across folders. */
interface NameAnswers {
  ig: Ignore | undefined;
  answers: Map<string, IgnoreAnswer>;
}

function answerByName(byName: NameAnswers, name: string, asked: string): IgnoreAnswer {
  if (!byName.ig) return NO_MATCH;
  let r = byName.answers.get(name);
  if (!r) byName.answers.set(name, (r = byName.ig.test(asked)));
  return r;
}

/**
 * Asked about every file, the `ignore` package keeps each path in a cache of
 * its own: half of a walk's time on real code. But most rules match a name in
 * any folder (`*.log`, `__pycache__/`, `*.py[cod]`) or a name at the top
 * only (`/build/`). For a file or folder below the top, in a folder no rule
 * matched, the latter never match, and the former answer as for the name
 * alone; names repeat across folders. A rule ending in `/` matches folders
 * only, never a file. Returns the rules that can match such a file (often
 * none: `build/`, `dist/`) and such a folder, or undefined when some rule is
 * of another kind (a slash inside, `**`, a class that could match a slash):
 * then every file and folder is asked about by its path.
 */
function byNameRules(lines: readonly string[]): { files: string[]; folders: string[] } | undefined {
  const files: string[] = [];
  const folders: string[] = [];
  for (const line of lines) {
    const p = line.trim();
    if (p === '' || line.startsWith('#')) continue;
    const body = p.replace(/^!/, '').replace(/\/$/, '');
    const name = body.replace(/^\//, '');
    if (name.includes('/') || name.includes('**') || name.includes('\\')) return undefined;
    if (!(name.match(/\[[^\]]*\]?/g) ?? []).every((c) => /^\[(?:[A-Za-z0-9._]|[a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9])+\]$/.test(c))) return undefined;
    if (body !== name) continue;
    folders.push(line);
    if (!p.endsWith('/')) files.push(line);
  }
  return { files, folders };
}

function ignoreScope(dir: string, lines: readonly string[]): IgnoreScope {
  const named = byNameRules(lines);
  const answers = (rules: string[]): NameAnswers => ({ ig: rules.length > 0 ? ignore().add(rules) : undefined, answers: new Map() });
  return { dir, ig: ignore().add(lines), byName: named && answers(named.files), foldersByName: named && answers(named.folders) };
}

const NO_MATCH = { ignored: false, unignored: false };

/** The .gitignore files found by the last walk, by folder, so single files can be checked later. */
export class IgnoreRules {
  private readonly byDir = new Map<string, Ignore>();

  /**
   * Keeps `dir`'s rules in an instance of their own: an `Ignore` caches the
   * answer for every path it is asked about, so the walk's instances (asked
   * about every file: 10 MB at 100k files) are left to the collector.
   */
  add(dir: string, lines: readonly string[]): void {
    this.byDir.set(dir, ignore().add(lines));
  }

  /** The .gitignore files these rules came from. */
  files(): string[] {
    return [...this.byDir.keys()].map((d) => (d === '' ? '.gitignore' : `${d}/.gitignore`));
  }

  /** True when a workspace-relative file (or folder) is ignored: by a .gitignore, or under node_modules or .git. */
  isIgnored(file: string, isDirectory = false): boolean {
    const parts = file.split('/');
    if (isDirectory && ALWAYS_SKIPPED_DIRS.has(parts[parts.length - 1])) return true;
    const scopes: IgnoreScope[] = [];
    const root = this.byDir.get('');
    if (root) scopes.push({ dir: '', ig: root });
    for (let i = 0; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i + 1).join('/');
      if (ALWAYS_SKIPPED_DIRS.has(parts[i]) || isIgnored(scopes, dir, true)) return true;
      const ig = this.byDir.get(dir);
      if (ig) scopes.push({ dir, ig });
    }
    return isIgnored(scopes, file, isDirectory);
  }
}

/**
 * Lists every workspace file that is not ignored, in a stable order: what
 * each is read for is the classifier's business. Gitignored files,
 * node_modules, .git and excluded folders are never listed; with a `scope`,
 * neither is any file outside it.
 */
export async function listWorkspaceFiles(
  host: WorkspaceHost,
  classifier: FileClassifier,
  token: CancellationToken = neverCancelled,
  rules?: IgnoreRules,
  logger: Logger = silentLogger,
  record?: Pick<WalkRecord, 'dirs' | 'gitignores'>,
  onListed?: (count: number, file: string) => void,
  scope: InputScope = new InputScope(),
): Promise<string[]> {
  const out: string[] = [];
  const turn = eventLoopTurns(YIELD_MS);
  // `plain`: no rule of any scope matched this folder or one above it (so `byName` holds).
  const walk = async (dir: string, scopes: IgnoreScope[], plain: boolean): Promise<void> => {
    throwIfCancelled(token);
    // A host may list folders synchronously (NodeHost): the event loop still turns every few milliseconds, for requests and for the index workers reading beside the walk.
    await turn();
    // Before reading: a change between the two then shows as a newer mtime, never as an old one.
    const mtime = record && host.directoryMtime?.(dir);
    if (record && mtime !== undefined) record.dirs.push([dir, mtime]);
    const entries = await host.readDirectory(dir);
    let here = scopes;
    if (entries.some((e) => e.name === '.gitignore' && e.type === 'file')) {
      const read = await readGitignore(host, dir, logger);
      if (read) {
        rules?.add(dir, read.lines);
        record?.gitignores.push([read.file, read.stat.size, read.stat.mtimeMs]);
        here = [...scopes, ignoreScope(dir, read.lines)];
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const rel = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.type === 'directory') {
        if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
        if (!scope.leadsTo(rel)) continue;
        const verdict = folderVerdict(here, rel, e.name, plain);
        if (verdict.ignored || classifier.isExcluded(rel) || classifier.isExcluded(rel + '/')) continue;
        await walk(rel, here, plain && !verdict.matched);
      } else if (e.type === 'file') {
        if (!scope.holds(rel) || (plain ? isIgnoredByName(here, rel, e.name) : isIgnored(here, rel, false))) continue;
        out.push(rel);
        onListed?.(out.length, rel);
      }
    }
  };
  await walk('', [], true);
  return out;
}

/** The rules of `dir`'s .gitignore, with the file's size and mtime (stat before the read, like the folders). */
async function readGitignore(host: WorkspaceHost, dir: string, logger: Logger): Promise<{ file: string; lines: string[]; stat: FileStat } | undefined> {
  const file = dir === '' ? '.gitignore' : `${dir}/.gitignore`;
  const stat = await host.stat(file);
  const bytes = stat && (await host.readFile(file));
  if (!stat || !bytes) return undefined;
  return { file, stat, lines: boundedGitignore(utf8Text(bytes), file, logger) };
}

/**
 * The files of a previous walk when it is still valid: the same folders
 * with the same mtimes, none of them changed around the time of that walk
 * (a file system's clock may be coarse), and the same .gitignore files.
 * Also returns the ignore rules, read again from those .gitignore files.
 */
export async function reuseWalk(
  host: WorkspaceHost,
  walk: WalkRecord,
  logger: Logger = silentLogger,
  dirMtimes?: Float64Array,
): Promise<{ files: string[]; rules: IgnoreRules } | undefined> {
  if (!walkFoldersUnchanged(host, walk, dirMtimes)) return undefined;
  const rules = await reuseWalkRules(host, walk, logger);
  return rules && { files: walk.files, rules };
}

/**
 * True when a previous walk's folders have the mtimes it saw, none close to
 * its start. `dirMtimes`: the folders' mtimes, already taken (NaN: gone), in
 * the order of `walk.dirs`; otherwise the host's, if it tells them.
 */
export function walkFoldersUnchanged(host: WorkspaceHost, walk: WalkRecord, dirMtimes?: Float64Array): boolean {
  const now = dirMtimes?.length === walk.dirs.length ? (i: number) => dirMtimes[i] : host.directoryMtime && ((i: number) => host.directoryMtime!(walk.dirs[i][0]));
  if (!now) return false;
  for (let i = 0; i < walk.dirs.length; i++) {
    const mtime = walk.dirs[i][1];
    if (now(i) !== mtime || mtime >= walk.startedAt - RACY_MS) return false;
  }
  return true;
}

/** A previous walk's ignore rules, read again, when its .gitignore files are the same (undefined when not). */
export async function reuseWalkRules(host: WorkspaceHost, walk: WalkRecord, logger: Logger = silentLogger): Promise<IgnoreRules | undefined> {
  const rules = new IgnoreRules();
  const dirOf = (file: string) => (file === '.gitignore' ? '' : file.slice(0, -'/.gitignore'.length));
  // All read at once: one after the other, their stats and reads left the main thread idle 15 ms on a warm check at R (9 files).
  // The first failure is thrown, as one by one would.
  const reads = await Promise.allSettled(walk.gitignores.map(([file]) => readGitignore(host, dirOf(file), logger)));
  for (let i = 0; i < reads.length; i++) {
    const [file, size, mtime] = walk.gitignores[i];
    const settled = reads[i];
    if (settled.status === 'rejected') throw settled.reason;
    const read = settled.value;
    if (!read || read.stat.size !== size || read.stat.mtimeMs !== mtime || mtime >= walk.startedAt - RACY_MS) return undefined;
    rules.add(dirOf(file), read.lines);
  }
  return rules;
}

/** A folder modified this close to the start of a walk may have changed after the walk read it, within one tick of a coarse clock. */
export const RACY_MS = 2000;

/**
 * The lines of a .gitignore that are valid and match in bounded time; the
 * others are left out with a logged reason (see checkGlobSafety). Leaving a
 * line out can only make more files visible, never hide one.
 */
function boundedGitignore(text: string, file: string, logger: Logger): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  return lines.filter((line, i) => {
    const pattern = line.trim();
    // As in git: `#` starts a comment only at the very start of a line.
    if (pattern === '' || line.startsWith('#')) return true;
    let unsafe = lineVerdicts.get(line);
    if (unsafe === undefined) {
      if (lineVerdicts.size >= MAX_LINE_VERDICTS) lineVerdicts.clear();
      lineVerdicts.set(line, (unsafe = checkGlobSafety(pattern, 'gitignore') ?? invalidGitignoreLine(line) ?? ''));
    }
    if (unsafe) logger.warn(`skipped ${file}:${i + 1}: ${unsafe}`);
    return !unsafe;
  });
}

/**
 * Each .gitignore line's verdict ('' for a good one), by its text: a tree
 * holds the same lines in many .gitignore files (vendored copies), and each
 * check compiles the line into an `ignore` instance of its own: 8 ms of a
 * warm `check` on a 50k-file tree, which reads every .gitignore again.
 */
const lineVerdicts = new Map<string, string>();
const MAX_LINE_VERDICTS = 10_000;

/**
 * Why the ignore package cannot use a line (`[/**` + `/` compiles to an invalid
 * regular expression), or undefined. It compiles lazily and throws on the
 * first test, which would end the whole walk: so each line is tried alone first.
 */
function invalidGitignoreLine(line: string): string | undefined {
  try {
    const ig = ignore().add(line);
    ig.test('x');
    ig.test('x/');
    return undefined;
  } catch (e) {
    return `not a valid pattern (${(e as Error).message})`;
  }
}

/**
 * As `isIgnored` for a folder, and whether any rule matched it (ignoring or re-including it). In a folder no
 * rule matched (`plain`), scopes whose rules allow it answer folders below their top by name.
 */
function folderVerdict(scopes: IgnoreScope[], rel: string, name: string, plain: boolean): { ignored: boolean; matched: boolean } {
  let ignored = false;
  let matched = false;
  for (const { dir, ig, foldersByName } of scopes) {
    const sub = dir === '' ? rel : rel.slice(dir.length + 1);
    const r = plain && foldersByName && sub !== name ? answerByName(foldersByName, name, name + '/') : ig.test(sub + '/');
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
    matched ||= r.ignored || r.unignored;
  }
  return { ignored, matched };
}

/** `isIgnored` for a file in a folder no rule matched: scopes whose rules allow it answer files below their top by name. */
function isIgnoredByName(scopes: IgnoreScope[], rel: string, name: string): boolean {
  let ignored = false;
  for (const { dir, ig, byName } of scopes) {
    const sub = dir === '' ? rel : rel.slice(dir.length + 1);
    const r = byName && sub !== name ? answerByName(byName, name, name) : ig.test(sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

function isIgnored(scopes: IgnoreScope[], rel: string, isDir: boolean): boolean {
  // Later (deeper) .gitignore files may re-include what earlier ones ignore.
  let ignored = false;
  for (const { dir, ig } of scopes) {
    const sub = dir === '' ? rel : rel.slice(dir.length + 1);
    const r = ig.test(isDir ? sub + '/' : sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}
