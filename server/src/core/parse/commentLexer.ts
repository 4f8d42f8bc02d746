/**
 * The comment lexer: finds the comments of a source file, so that the
 * reference scanner looks for requirement IDs only where people write prose
 * and never inside string literals.
 *
 * One forward pass over UTF-16 code units, driven by a table of handlers per
 * language; nothing recurses with the input, so no input can make the lexer
 * loop or overflow the stack. Unterminated constructs run to the end of the
 * line or of the file, as the language itself would read them. The engine is
 * in `lexers/scanner.ts`, syntax several families share in
 * `lexers/commonSyntax.ts`, and each comment family's languages in a file of
 * their own under `lexers/`, with that family's deliberate limits (each would
 * need a parser, or costs more than it brings). This file maps language ids
 * to lexers.
 *
 * Spans include their delimiters (`//`, `#`, `/*` … `*\/`, `<!--` … `-->`)
 * and a line comment ends before its line break (LF, CRLF or a lone CR).
 *
 * A deliberate limit shared by the families with regex or JSX literals:
 * `/` and `<` after `)` are taken as operators (`if (x) /re/` is rare).
 */

import { languageForPath, type CommentFamily, type LanguageInfo } from './languages';
import {
  C_TABLE, CPP_TABLE, CSHARP_TABLE, CSS_RUNNER, DART_TABLE, GO_TABLE, GROOVY_TABLE, JAVA_TABLE, JSX_RUNNER, KOTLIN_TABLE,
  OBJC_TABLE, PROTO_TABLE, RUST_TABLE, SCALA_TABLE, SCSS_RUNNER, SWIFT_TABLE, TS_RUNNER,
} from './lexers/cFamily';
import { dq1, doubled1, sq1 } from './lexers/commonSyntax';
import { ADA_TABLE, dashDash, ELM_TABLE, HASKELL_TABLE, LUA_TABLE, SQL_TABLE, VHDL_TABLE } from './lexers/dashFamily';
import {
  CMAKE_TABLE, DOCKER_TABLE, ELIXIR_TABLE, GRAPHQL_TABLE, HCL_TABLE, JULIA_TABLE, PS_TABLE, PYTHON_TABLE, R_TABLE, TOML_TABLE,
  YAML_TABLE,
} from './lexers/hashFamily';
import { htmlRunner, phpRunner, PLAIN_MARKUP_RUNNER, svelteRunner } from './lexers/markup';
import { ERLANG_TABLE, LATEX_TABLE, MATLAB_TABLE } from './lexers/percentFamily';
import { BAT_TABLE, VB_TABLE } from './lexers/remFamily';
import { code, DQ, lexRange, lineComment, SQ, table, type Runner } from './lexers/scanner';
import { MAKE_TABLE, PERL_TABLE, RUBY_TABLE, SHELL_TABLE } from './lexers/scriptLanguages';
import { ASM_TABLE, CLOJURE_TABLE, ELISP_TABLE, LISP_TABLE } from './lexers/semicolonFamily';
import type { CommentSpan } from '../types';

/**
 * Returns the comment spans of `text`, in document order. `language` is a
 * `LanguageInfo`, a language id, or a file path; an unknown language gives
 * no spans. Never throws.
 */
export function lexComments(text: string, language: LanguageInfo | string): CommentSpan[] {
  const spans: CommentSpan[] = [];
  const runner = runnerFor(language);
  if (runner) lexRange(text, 0, text.length, runner, spans);
  return spans;
}

function runnerFor(language: LanguageInfo | string): Runner | undefined {
  if (typeof language !== 'string') return RUNNERS.get(language.id) ?? FAMILY_RUNNERS[language.family];
  const byId = RUNNERS.get(language);
  if (byId) return byId;
  const info = languageForPath(language);
  return info && runnerFor(info);
}

// ---------------------------------------------------------------- registry

const RUNNERS: ReadonlyMap<string, Runner> = new Map<string, Runner>([
  ['c', code(C_TABLE)],
  ['cpp', code(CPP_TABLE)],
  ['csharp', code(CSHARP_TABLE)],
  ['java', code(JAVA_TABLE)],
  // Plain JavaScript gets JSX too: `<` where an operand starts is otherwise a syntax error there.
  ['javascript', JSX_RUNNER],
  ['javascriptreact', JSX_RUNNER],
  ['typescript', TS_RUNNER],
  ['typescriptreact', JSX_RUNNER],
  ['go', code(GO_TABLE)],
  ['rust', code(RUST_TABLE)],
  ['swift', code(SWIFT_TABLE)],
  ['kotlin', code(KOTLIN_TABLE)],
  ['scala', code(SCALA_TABLE)],
  ['dart', code(DART_TABLE)],
  ['php', phpRunner],
  ['objective-c', code(OBJC_TABLE)],
  ['objective-cpp', code(CPP_TABLE)],
  ['groovy', code(GROOVY_TABLE)],
  ['css', CSS_RUNNER],
  ['scss', SCSS_RUNNER],
  ['less', SCSS_RUNNER],
  ['proto', code(PROTO_TABLE)],
  ['python', code(PYTHON_TABLE)],
  ['ruby', code(RUBY_TABLE)],
  ['shellscript', code(SHELL_TABLE)],
  ['perl', code(PERL_TABLE)],
  ['r', code(R_TABLE)],
  ['yaml', code(YAML_TABLE)],
  ['toml', code(TOML_TABLE)],
  ['makefile', code(MAKE_TABLE)],
  ['dockerfile', code(DOCKER_TABLE)],
  ['cmake', code(CMAKE_TABLE)],
  ['powershell', code(PS_TABLE)],
  ['elixir', code(ELIXIR_TABLE)],
  ['julia', code(JULIA_TABLE)],
  ['graphql', code(GRAPHQL_TABLE)],
  ['terraform', code(HCL_TABLE)],
  ['sql', code(SQL_TABLE)],
  ['lua', code(LUA_TABLE)],
  ['haskell', code(HASKELL_TABLE)],
  ['elm', code(ELM_TABLE)],
  ['ada', code(ADA_TABLE)],
  ['vhdl', code(VHDL_TABLE)],
  ['commonlisp', code(LISP_TABLE)],
  ['scheme', code(LISP_TABLE)],
  ['emacslisp', code(ELISP_TABLE)],
  ['clojure', code(CLOJURE_TABLE)],
  ['asm', code(ASM_TABLE)],
  ['erlang', code(ERLANG_TABLE)],
  ['matlab', code(MATLAB_TABLE)],
  ['latex', code(LATEX_TABLE)],
  ['html', htmlRunner],
  ['xml', PLAIN_MARKUP_RUNNER],
  ['vue', htmlRunner],
  ['svelte', svelteRunner],
  ['vb', code(VB_TABLE)],
  ['bat', code(BAT_TABLE)],
]);

/** For a `LanguageInfo` with an id this file does not know: the family's plainest rules. */
const FAMILY_RUNNERS: Readonly<Record<CommentFamily, Runner>> = {
  c: code(PROTO_TABLE),
  hash: code(table({ '#': lineComment, '"': dq1, "'": sq1 })),
  dash: code(table({ '-': dashDash, "'": doubled1(SQ), '"': doubled1(DQ) })),
  semicolon: code(CLOJURE_TABLE),
  percent: code(table({ '%': lineComment })),
  markup: PLAIN_MARKUP_RUNNER,
  rem: code(VB_TABLE),
};

/** Language ids with a dedicated lexer (the tests check this covers `LANGUAGE_IDS`). */
export const LEXER_LANGUAGE_IDS: readonly string[] = Object.freeze([...RUNNERS.keys()]);
