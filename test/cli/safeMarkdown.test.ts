/**
 * The Markdown renderer of the HTML report: what it renders, that nothing
 * from the input becomes markup, and that hostile input stays fast.
 */
import * as assert from 'node:assert/strict';
import { escapeHtml, inline, renderMarkdownHtml } from '../../server/src/cli/reporters/safeMarkdown';

describe('safe Markdown for the HTML report', () => {
  it('renders paragraphs with their line breaks, code, lists, quotes and headings', () => {
    assert.equal(renderMarkdownHtml('one\ntwo\n\nthree'), '<p>one<br>\ntwo</p>\n<p>three</p>');
    assert.equal(renderMarkdownHtml('```ts\nconst a = 1 < 2;\n```'), '<pre><code>const a = 1 &lt; 2;</code></pre>');
    assert.equal(renderMarkdownHtml('```\nnever closed <b>'), '<pre><code>never closed &lt;b&gt;</code></pre>');
    assert.equal(renderMarkdownHtml('    indented\n    code'), '<pre><code>indented\ncode</code></pre>');
    assert.equal(renderMarkdownHtml('- a\n  more\n- b'), '<ul><li>a<br>\nmore</li><li>b</li></ul>');
    assert.equal(renderMarkdownHtml('1. a\n2. b'), '<ol><li>a</li><li>b</li></ol>');
    assert.equal(renderMarkdownHtml('> quoted'), '<blockquote><p>quoted</p></blockquote>');
    assert.equal(renderMarkdownHtml('# Title'), '<h5>Title</h5>', 'nested under the requirement heading');
  });

  it('renders emphasis and code spans, and leaves snake_case alone', () => {
    assert.equal(inline('**bold** *em* _em_ __strong__ `a*b*c`'), '<strong>bold</strong> <em>em</em> <em>em</em> <strong>strong</strong> <code>a*b*c</code>');
    assert.equal(inline('snake_case_name and 2*3*4'), 'snake_case_name and 2*3*4');
  });

  it('turns no input into markup', () => {
    const evil = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '**<b onclick="x">**',
      '`</code><script>`',
      '[x](javascript:alert(1))',
      '![x](https://example.com/a.png)',
      '"quoted" & \'single\'',
    ];
    for (const s of evil) {
      const html = renderMarkdownHtml(s);
      // Every tag is one of the renderer's own, without attributes.
      for (const tag of html.match(/<[^>]*>/g) ?? []) assert.match(tag, /^<\/?(p|br|strong|em|code|pre)>$/, `${s} → ${html}`);
      assert.ok(!html.includes('"') && !html.includes("'"), html);
    }
    assert.equal(inline('[docs](javascript:void)'), 'docs (javascript:void)', 'a link is its text and target, as text');
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });

  it('stays fast on pathological input', () => {
    for (const s of [' **b'.repeat(50000), '[a](b'.repeat(40000), '['.repeat(100000), '``a`'.repeat(30000), '> '.repeat(5000) + 'x', ' __b'.repeat(50000)]) {
      const start = Date.now();
      renderMarkdownHtml(s);
      assert.ok(Date.now() - start < 1000, `${JSON.stringify(s.slice(0, 8))}…: ${Date.now() - start} ms`);
    }
  });
});
