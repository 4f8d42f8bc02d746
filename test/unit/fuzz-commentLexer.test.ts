/**
 * Fuzzes the comment lexer of every language (each id the lexer knows, each
 * id of languages.ts, and each family fallback) with generated text, random
 * text and mutations of real samples: it never throws, takes bounded time,
 * and returns ordered, disjoint spans inside the text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LEXER_LANGUAGE_IDS, lexComments } from '../../server/src/core/parse/commentLexer';
import { LANGUAGE_IDS, type CommentFamily, type LanguageInfo } from '../../server/src/core/parse/languages';
import { assertSpansOrdered, DELIMITER_TOKENS, formatInput, fuzzParams, ID_TOKENS, timed } from './fuzz-support';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

/** Every source file of the fixtures: real code in many languages, as mutation seeds. */
function fixtureSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !/\.(md|json)$/.test(e.name) && fs.statSync(p).size < 20_000) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(FIXTURES);
  return out;
}

const SAMPLES = [
  ...fixtureSources(),
  'const s = "a // b"; // @impl AUTH-1\n/* AUTH-2 */ let t = `x ${ "y" /* z */ } w`; // end\n',
  'x = f"{a!r:>{w}} # no" # AUTH-1\ns = """doc # no\n"""\n# @test AUTH-2\n',
  '-- AUTH-1\nSELECT \'a -- b\' FROM t; /* AUTH-2 */\n--[[ long\nAUTH-3 ]]\n',
  '<!-- AUTH-1 --><script>// AUTH-2\nlet a = "<!--";</script><style>/* AUTH-3 */</style>\n',
  "' AUTH-1\nREM AUTH-2\nDim s = \"' no\" : REM AUTH-3\n",
  '% AUTH-1\n\\begin{verbatim}% no\\end{verbatim}\n%{\nblock\n%}\n',
  '; AUTH-1\n(defn f [] "a ; b") ; AUTH-2\n#| AUTH-3 |#\n',
  'cat <<EOF\n# not\nEOF\n# AUTH-1\necho "$(echo # x)" # AUTH-2\n',
  'let r = r#"a // b"#; // AUTH-1\nlet c = \'"\'; /* /* AUTH-2 */ */\n',
];

const TOKENS = [...DELIMITER_TOKENS, ...ID_TOKENS];

/** Each family's fallback, through a language id the lexer has no exact rules for. */
const FAMILIES: CommentFamily[] = ['c', 'hash', 'dash', 'semicolon', 'percent', 'markup', 'rem'];

function check(language: string | LanguageInfo, text: string): void {
  const name = typeof language === 'string' ? language : `${language.id} (${language.family})`;
  const spans = timed(`lexComments ${name}`, text, () => lexComments(text, language));
  assertSpansOrdered(text, spans, `lexComments ${name}`);
}

describe('fuzz: comment lexer', () => {
  const ids = [...new Set([...LEXER_LANGUAGE_IDS, ...LANGUAGE_IDS])].sort();
  const input = formatInput(SAMPLES, TOKENS);

  for (const id of ids) {
    it(`${id}: no exception, bounded time, ordered spans inside the text`, () => {
      fc.assert(
        fc.property(input, (text) => check(id, text)),
        fuzzParams(60, 1 / 10),
      );
    });
  }

  it('family fallbacks and file paths as the language argument', () => {
    const language = fc.oneof(
      fc.constantFrom(...FAMILIES).map((family): LanguageInfo => ({ id: `unknown-${family}`, family })),
      fc.constantFrom('a.ts', 'Makefile', 'Dockerfile.dev', 'x.unknown', '', 'dir/.bashrc', 'a.TSX', 'b.Vue'),
    );
    fc.assert(
      fc.property(language, input, (lang, text) => check(lang, text)),
      fuzzParams(300),
    );
  });
});
