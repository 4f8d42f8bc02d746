/**
 * A small Markdown renderer for requirement text in the HTML report:
 * paragraphs (line breaks kept), fenced and indented code, lists, block
 * quotes, headings, inline code, emphasis. Everything from the input is
 * HTML-escaped before any tag is added, and only fixed tags without
 * attributes are added, so no input can inject markup. Raw HTML shows as
 * text; links show as text with their target in parentheses (the report
 * must not point at the network).
 */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}\d{1,9}[.)]\s+(.*)$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const INDENTED = /^( {4}|\t)/;

/** Block quotes nest at most this deep; deeper `>` markers stay text. */
const MAX_QUOTE_DEPTH = 4;

/** Renders Markdown to safe HTML. */
export function renderMarkdownHtml(markdown: string, depth = 0): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (INDENTED.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (INDENTED.test(lines[i]) || lines[i].trim() === '')) body.push(lines[i++].replace(INDENTED, ''));
      out.push(`<pre><code>${escapeHtml(body.join('\n').replace(/\n+$/, ''))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      // Requirements are h4 in the report: headings in their text start at h5.
      const level = Math.min(6, heading[1].length + 4);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = !BULLET.test(line);
      const marker = ordered ? ORDERED : BULLET;
      const items: string[][] = [];
      while (i < lines.length && lines[i].trim() !== '') {
        const m = marker.exec(lines[i]);
        if (m) items.push([m[1]]);
        else if (BULLET.test(lines[i]) || ORDERED.test(lines[i])) break;
        else items[items.length - 1].push(lines[i].trim());
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((it) => `<li>${lineBroken(it)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (depth < MAX_QUOTE_DEPTH && QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) body.push(QUOTE.exec(lines[i++])![1]);
      out.push(`<blockquote>${renderMarkdownHtml(body.join('\n'), depth + 1)}</blockquote>`);
      continue;
    }
    const para: string[] = [];
    // The first line always belongs to the paragraph (it may look like a block the depth limit refused).
    do para.push(lines[i++].trim());
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i]));
    out.push(`<p>${lineBroken(para)}</p>`);
  }
  return out.join('\n');
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || ORDERED.test(line) || QUOTE.test(line);
}

/** Lines of one paragraph: the author's line breaks are kept. */
function lineBroken(lines: string[]): string {
  return lines.map(inline).join('<br>\n');
}

/** Inline Markdown of one line: code spans verbatim, emphasis and links on escaped text. */
export function inline(text: string): string {
  const out: string[] = [];
  const codeSpan = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  let last = 0;
  for (let m = codeSpan.exec(text); m; m = codeSpan.exec(text)) {
    out.push(emphasis(escapeHtml(text.slice(last, m.index))));
    out.push(`<code>${escapeHtml(m[2].trim() || m[2])}</code>`);
    last = m.index + m[0].length;
  }
  out.push(emphasis(escapeHtml(text.slice(last))));
  return out.join('');
}

/** Applied to already-escaped text: the only markup it adds is its own fixed tags. */
function emphasis(escaped: string): string {
  return escaped
    // Neither part may hold a bracket: each attempt stops at the next one, so the scan stays linear.
    .replace(/!?\[([^[\]]+)\]\(([^()[\]\s]+)\)/g, '$1 ($2)')
    // The content cannot cross another `**` (`__`): a line of unclosed openers stays linear.
    .replace(/\*\*(?=\S)((?:[^*]|\*(?!\*))*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)((?:[^_]|_(?!_))*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/(^|[^*\w])\*([^\s*](?:[^*]*?[^\s*])?)\*(?!\*)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^\s_](?:[^_]*?[^\s_])?)_(?!\w)/g, '$1<em>$2</em>');
}
