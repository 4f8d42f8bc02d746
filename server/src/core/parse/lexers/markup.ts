/**
 * Markup: HTML, XML, Vue and Svelte, whose comments are `<!-- … -->`; the
 * contents of `<script>` and `<style>` are lexed by their own languages'
 * lexers. And PHP, since a PHP file is HTML with `<?php … ?>` islands.
 *
 * Deliberate limit: `{…}` expressions in Svelte markup text are ordinary text.
 */

import { CSS_RUNNER, JSX_RUNNER, SCSS_RUNNER, TS_RUNNER } from './cFamily';
import * as commonSyntax from './commonSyntax';
import * as scanner from './scanner';
import { HoleKind, type Handler, type Lx, type Runner } from './scanner';

// Bound once rather than imported by name: see "Imports" in scanner.ts.
const {
  BANG, DQ, SQ, STAR, DASH, SLASH, COLON, EQ, GT, QM, LB, BSL, BT, LC, lexRange, runCode, table, push, isIdent, isAlpha,
  lineEnd, nextLine, skipTo, block, skipBlanks, str, scanStr,
} = scanner;
const { prevOnLine, delimited, heredocBody, heredocWord, sqN } = commonSyntax;

interface MarkupOptions {
  /** Lex `<script>` and `<style>` contents with their own lexers (HTML, Vue, Svelte). */
  readonly embedded: boolean;
  /** Attribute values may be `{…}` expressions (Svelte). */
  readonly braces: boolean;
}

/** End of a tag opened before `i`: after its `>`, skipping quoted attribute values. */
function tagEnd(lx: Lx, i: number, braces: boolean): number {
  const { text, end } = lx;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === GT) return i + 1;
    if ((c === DQ || c === SQ) && prevOnLine(lx, i) === EQ) {
      i = skipTo(lx, i + 1, String.fromCharCode(c));
      continue;
    }
    if (c === LC && braces) {
      i = delimited(lx, i);
      continue;
    }
    i++;
  }
  return end;
}

/** Index of `</name` (any case) at or after `i`, or the end of the range. */
function closingTag(lx: Lx, i: number, name: string): number {
  for (;;) {
    const k = lx.text.indexOf('</', i);
    if (k < 0 || k >= lx.end) return lx.end;
    if (lx.text.slice(k + 2, k + 2 + name.length).toLowerCase() === name) return k;
    i = k + 2;
  }
}

/** The lexer for the contents of a `<script>` or `<style>` element, chosen by its `lang` and `type`. */
function embeddedRunner(tag: string, attributes: string): Runner {
  const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attributes)?.[1]?.toLowerCase();
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
  if (tag === 'style') return lang === 'scss' || lang === 'sass' || lang === 'less' ? SCSS_RUNNER : CSS_RUNNER;
  if (/html|template/.test(type)) return PLAIN_MARKUP_RUNNER;
  if (lang === 'ts' || lang === 'typescript' || type.includes('typescript')) return TS_RUNNER;
  // TSX, and plain JavaScript, which gets JSX too (as `.js` files do).
  return JSX_RUNNER;
}

function markup(options: MarkupOptions): Runner {
  return (lx) => {
    const { text, end } = lx;
    let i = lx.begin;
    while (i < end) {
      const lt = text.indexOf('<', i);
      if (lt < 0 || lt >= end) return;
      i = lt;
      const n = text.charCodeAt(i + 1);
      if (n === BANG) {
        if (text.startsWith('<!--', i)) i = block(lx, i, 4, '-->');
        else if (text.startsWith('<![CDATA[', i)) i = skipTo(lx, i + 9, ']]>');
        else i = tagEnd(lx, i + 2, false);
      } else if (n === QM) {
        i = skipTo(lx, i + 2, '?>');
      } else if (n === SLASH) {
        i = tagEnd(lx, i + 2, options.braces);
      } else if (isAlpha(n)) {
        let j = i + 1;
        while (j < end && (isIdent(text.charCodeAt(j)) || text.charCodeAt(j) === DASH || text.charCodeAt(j) === COLON)) j++;
        const name = text.slice(i + 1, j).toLowerCase();
        const close = tagEnd(lx, j, options.braces);
        i = close;
        if (options.embedded && (name === 'script' || name === 'style') && text.charCodeAt(close - 2) !== SLASH) {
          const contentEnd = closingTag(lx, close, name);
          lexRange(text, close, contentEnd, embeddedRunner(name, text.slice(j, close)), lx.spans);
          i = contentEnd;
        }
      } else {
        i++;
      }
    }
  };
}
/** HTML and Vue. */
export const htmlRunner = markup({ embedded: true, braces: false });
export const svelteRunner = markup({ embedded: true, braces: true });
/** XML, and `<script type="text/html">` templates: markup again, but one level only. */
export const PLAIN_MARKUP_RUNNER = markup({ embedded: false, braces: false });

// ---------------------------------------------------------------- PHP

/** PHP line comments end at the line break or at `?>`, whichever comes first. */
const phpLineComment: Handler = (lx, i) => {
  const { text } = lx;
  const e = lineEnd(lx, i);
  let j = i;
  while (j < e && !(text.charCodeAt(j) === QM && text.charCodeAt(j + 1) === GT)) j++;
  push(lx, i, j);
  return j;
};
const PHP_DQ = str({ q: DQ, esc: BSL, multiline: true, hole: HoleKind.Php });
const PHP_BT = str({ q: BT, esc: BSL, multiline: true, hole: HoleKind.Php });
const PHP_TABLE = table({
  '/': (lx, i) => {
    const n = lx.text.charCodeAt(i + 1);
    return n === SLASH ? phpLineComment(lx, i) : n === STAR ? block(lx, i, 2, '*/') : -1;
  },
  '#': (lx, i) => (lx.text.charCodeAt(i + 1) === LB ? -1 : phpLineComment(lx, i)), // `#[Attr]` is PHP 8 syntax
  "'": sqN,
  '"': (lx, i) => scanStr(lx, i + 1, PHP_DQ),
  '`': (lx, i) => scanStr(lx, i + 1, PHP_BT),
  // Heredoc <<<ID / <<<"ID" and nowdoc <<<'ID': the body starts on the next line.
  '<': (lx, i) => {
    if (!lx.text.startsWith('<<<', i)) return -1;
    const word = heredocWord(lx, skipBlanks(lx, i + 3), false);
    if (!word) return -1;
    return heredocBody(lx, nextLine(lx, word.next), word.id, true, false);
  },
  '?': (lx, i) => {
    if (lx.text.charCodeAt(i + 1) !== GT) return -1;
    lx.stop = true;
    return i + 2;
  },
});

/** PHP files are HTML with `<?php … ?>` islands. */
export const phpRunner: Runner = (lx) => {
  const { text, end } = lx;
  let i = lx.begin;
  while (i < end) {
    let open = text.indexOf('<?', i);
    if (open < 0 || open >= end) open = end;
    if (open > i) lexRange(text, i, open, htmlRunner, lx.spans);
    if (open >= end) return;
    i = open + 2;
    if (text.slice(i, i + 3).toLowerCase() === 'php') i += 3;
    else if (text.charCodeAt(i) === EQ) i++;
    const island: Lx = { ...lx, begin: i, holes: [], pending: [], stop: false };
    i = runCode(island, i, PHP_TABLE);
  }
};
