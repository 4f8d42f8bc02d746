/**
 * Which source language a file is, decided from its path alone (extension,
 * or a well-known basename such as `Makefile`). The comment lexer picks its
 * rules from the language id; files with no language here are not scanned
 * for references. Markdown is deliberately absent: spec files are parsed by
 * the spec parsers, not scanned as source.
 */

/**
 * The comment syntax a language is mostly written with. The lexer has exact
 * rules per language id; the family is what it falls back on for a
 * `LanguageInfo` whose id it does not know.
 *
 * - `c`: `//` and `/* … *\/`
 * - `hash`: `#`
 * - `dash`: `--`
 * - `semicolon`: `;`
 * - `percent`: `%`
 * - `markup`: `<!-- … -->`
 * - `rem`: `'` and `REM`
 */
export type CommentFamily = 'c' | 'hash' | 'dash' | 'semicolon' | 'percent' | 'markup' | 'rem';

/** A source language: its id (VS Code's language id where one exists) and comment family. */
export interface LanguageInfo {
  id: string;
  family: CommentFamily;
}

interface LanguageEntry {
  family: CommentFamily;
  /** Lower-case extensions without the dot. */
  extensions: readonly string[];
  /** Lower-case basenames matched whole (`makefile`, `cmakelists.txt`). */
  basenames?: readonly string[];
}

/*
 * `.m` is Objective-C: it is what `.m` most often is in repositories that
 * also hold code in other languages, and a path cannot tell the two apart.
 * MATLAB/Octave is therefore reachable by id only (`lexComments(text, 'matlab')`).
 * `.cls` is LaTeX (class files) rather than VB6; `.cl` (Lisp or OpenCL) is left out.
 */
const LANGUAGES: Readonly<Record<string, LanguageEntry>> = {
  // `//` and `/* */`
  c: { family: 'c', extensions: ['c', 'h'] },
  cpp: {
    family: 'c',
    extensions: ['cpp', 'cc', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'h++', 'ipp', 'tpp', 'inl', 'ino', 'cu', 'cuh'],
  },
  csharp: { family: 'c', extensions: ['cs', 'csx'] },
  java: { family: 'c', extensions: ['java'] },
  javascript: { family: 'c', extensions: ['js', 'mjs', 'cjs'] },
  javascriptreact: { family: 'c', extensions: ['jsx'] },
  typescript: { family: 'c', extensions: ['ts', 'mts', 'cts'] },
  typescriptreact: { family: 'c', extensions: ['tsx'] },
  go: { family: 'c', extensions: ['go'] },
  rust: { family: 'c', extensions: ['rs'] },
  swift: { family: 'c', extensions: ['swift'] },
  kotlin: { family: 'c', extensions: ['kt', 'kts'] },
  scala: { family: 'c', extensions: ['scala', 'sc'] },
  dart: { family: 'c', extensions: ['dart'] },
  php: { family: 'c', extensions: ['php', 'phtml'] },
  'objective-c': { family: 'c', extensions: ['m'] },
  'objective-cpp': { family: 'c', extensions: ['mm'] },
  groovy: { family: 'c', extensions: ['groovy', 'gradle', 'gvy', 'gy'], basenames: ['jenkinsfile'] },
  css: { family: 'c', extensions: ['css'] },
  scss: { family: 'c', extensions: ['scss'] },
  less: { family: 'c', extensions: ['less'] },
  proto: { family: 'c', extensions: ['proto'] },
  // `#`
  python: { family: 'hash', extensions: ['py', 'pyw', 'pyi'] },
  ruby: {
    family: 'hash',
    extensions: ['rb', 'rake', 'gemspec', 'ru'],
    basenames: ['rakefile', 'gemfile', 'vagrantfile', 'podfile'],
  },
  shellscript: {
    family: 'hash',
    extensions: ['sh', 'bash', 'zsh', 'ksh'],
    basenames: ['.bashrc', '.bash_profile', '.zshrc', '.profile'],
  },
  perl: { family: 'hash', extensions: ['pl', 'pm', 't'] },
  r: { family: 'hash', extensions: ['r'] },
  yaml: { family: 'hash', extensions: ['yaml', 'yml'] },
  toml: { family: 'hash', extensions: ['toml'] },
  makefile: {
    family: 'hash',
    extensions: ['mk', 'mak'],
    basenames: ['makefile', 'gnumakefile', 'bsdmakefile'],
  },
  dockerfile: { family: 'hash', extensions: ['dockerfile'], basenames: ['dockerfile', 'containerfile'] },
  cmake: { family: 'hash', extensions: ['cmake'], basenames: ['cmakelists.txt'] },
  powershell: { family: 'hash', extensions: ['ps1', 'psm1', 'psd1'] },
  elixir: { family: 'hash', extensions: ['ex', 'exs'] },
  julia: { family: 'hash', extensions: ['jl'] },
  graphql: { family: 'hash', extensions: ['graphql', 'gql'] },
  terraform: { family: 'hash', extensions: ['tf', 'tfvars', 'hcl'] },
  // `--`
  sql: { family: 'dash', extensions: ['sql'] },
  lua: { family: 'dash', extensions: ['lua'] },
  haskell: { family: 'dash', extensions: ['hs'] },
  elm: { family: 'dash', extensions: ['elm'] },
  ada: { family: 'dash', extensions: ['adb', 'ads', 'ada'] },
  vhdl: { family: 'dash', extensions: ['vhd', 'vhdl'] },
  // `;`
  commonlisp: { family: 'semicolon', extensions: ['lisp', 'lsp', 'asd'] },
  scheme: { family: 'semicolon', extensions: ['scm', 'ss', 'sld', 'rkt'] },
  emacslisp: { family: 'semicolon', extensions: ['el'] },
  clojure: { family: 'semicolon', extensions: ['clj', 'cljs', 'cljc', 'edn'] },
  asm: { family: 'semicolon', extensions: ['asm', 's', 'nasm'] },
  // `%`
  erlang: { family: 'percent', extensions: ['erl', 'hrl'] },
  matlab: { family: 'percent', extensions: [] },
  latex: { family: 'percent', extensions: ['tex', 'sty', 'ltx', 'cls'] },
  // `<!-- -->`
  html: { family: 'markup', extensions: ['html', 'htm', 'xhtml'] },
  xml: {
    family: 'markup',
    extensions: ['xml', 'xsd', 'xsl', 'xslt', 'svg', 'xaml', 'csproj', 'vbproj', 'fsproj', 'props', 'targets', 'resx', 'wsdl'],
  },
  vue: { family: 'markup', extensions: ['vue'] },
  svelte: { family: 'markup', extensions: ['svelte'] },
  // `'` and `REM`
  vb: { family: 'rem', extensions: ['vb', 'bas', 'vbs', 'vba'] },
  bat: { family: 'rem', extensions: ['bat', 'cmd'] },
};

const BY_ID = new Map<string, LanguageInfo>();
const BY_EXTENSION = new Map<string, LanguageInfo>();
const BY_BASENAME = new Map<string, LanguageInfo>();
for (const [id, entry] of Object.entries(LANGUAGES)) {
  const info: LanguageInfo = Object.freeze({ id, family: entry.family });
  BY_ID.set(id, info);
  for (const ext of entry.extensions) BY_EXTENSION.set(ext, info);
  for (const name of entry.basenames ?? []) BY_BASENAME.set(name, info);
}

/** Every language id the lexer knows, in no particular order. */
export const LANGUAGE_IDS: readonly string[] = Object.freeze([...BY_ID.keys()]);

/** The language with this id, or undefined. */
export function languageById(id: string): LanguageInfo | undefined {
  return BY_ID.get(id);
}

/**
 * The language of a file from its path (either slash works; only the
 * basename is looked at, case-insensitively). Undefined for files that are
 * not source code reqtrace scans, including Markdown.
 */
export function languageForPath(path: string): LanguageInfo | undefined {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const base = path.slice(slash + 1).toLowerCase();
  const named = BY_BASENAME.get(base);
  if (named) return named;
  // `Dockerfile.dev`, `Dockerfile.prod`: the suffix names a variant, not a language.
  if (base.startsWith('dockerfile.') || base.startsWith('containerfile.')) return BY_ID.get('dockerfile');
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return BY_EXTENSION.get(base.slice(dot + 1));
}
