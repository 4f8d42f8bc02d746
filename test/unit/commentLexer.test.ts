import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LEXER_LANGUAGE_IDS, lexComments } from '../../server/src/core/parse/commentLexer';
import { LANGUAGE_IDS, languageById, languageForPath } from '../../server/src/core/parse/languages';
import type { CommentSpan } from '../../server/src/core/types';

function inComment(spans: readonly CommentSpan[], offset: number): boolean {
  return spans.some((s) => offset >= s.start && offset < s.end);
}

/** Spans are non-empty, inside the text, in document order and disjoint. */
function assertWellFormed(spans: readonly CommentSpan[], text: string, what: string): void {
  let last = 0;
  for (const s of spans) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: integer offsets`);
    assert.ok(s.start >= last && s.start < s.end && s.end <= text.length, `${what}: bad span ${JSON.stringify(s)} (${text.length})`);
    last = s.end;
  }
}

/**
 * One sample per language. Every `IN-n` must lie inside a comment span and
 * every `OUT-n` outside all of them. The samples put an `IN` tag in each
 * comment form of the language and an `OUT` tag in each string form.
 */
const SAMPLES: Record<string, string> = {
  c: String.raw`// IN-1 line
/* IN-2 block */
const char *s = "OUT-1 // not /* not";
char c = '"'; char d = '\''; /* IN-3 */
int n = 1'000; // IN-4 after a digit separator
#define X 1 // IN-5 \
  continued IN-6
const char *t = "a \" OUT-2 // x";`,
  cpp: String.raw`auto s = R"x(OUT-1 )" // not */ )x"; // IN-1
auto t = u8R"(OUT-2 // no)";
int n = 1'000'000; // IN-2
/* IN-3 */ char c = '\'';
auto u = "OUT-3 /* no */";`,
  csharp: String.raw`var a = "OUT-1 // no"; // IN-1
var b = @"C:\dir\ OUT-2 "" // no"; /* IN-2 */
var c = $"{d["OUT-3"]} // no {{OUT-4}}"; // IN-3
var e = $@"{x} OUT-5 "" //";
var f = """
  OUT-6 // "quotes" "" inside
  """; // IN-4
char g = '\''; char h = '"'; // IN-5`,
  java: String.raw`String a = "OUT-1 // \" no"; // IN-1
String b = """
    OUT-2 /* no */ "quoted"
    """; /* IN-2 */
char c = '"'; // IN-3`,
  javascript: [
    'const a = "OUT-1 // no"; // IN-1',
    "const b = 'OUT-2 /* no */'; /* IN-2 */",
    'const c = `OUT-3 ${ "OUT-4 //" + `OUT-5 ${x /* IN-3 */}` } // OUT-6`;',
    'const r = /["\'`]\\/\\/ OUT-7/g; // IN-4',
    'const q = a / b; // IN-5',
    'const el = <p title="OUT-8 // no">Don\'t // OUT-9 {/* IN-6 */}</p>;',
  ].join('\n'),
  javascriptreact: [
    'const el = (',
    '  <ul className="OUT-1 //">',
    "    {items.map((i) => <li key={i}>it's OUT-2 // {i /* IN-1 */}</li>)}",
    '    <>fragment OUT-3 /* no */</>',
    '  </ul>',
    '); // IN-2',
    'const t = `OUT-4 ${`OUT-5`}`; // IN-3',
  ].join('\n'),
  typescript: [
    'const a: string = "OUT-1 // no"; // IN-1',
    'const b = <any>x; // IN-2',
    "let t = `OUT-2 ${'OUT-3 //'}`; /* IN-3 */",
    'const r = /\\/\\/ OUT-4/;',
    'function f<T>(x: T): T { return x; } // IN-4',
  ].join('\n'),
  typescriptreact: [
    'const f = <T,>(x: T) => x; // IN-1',
    "const el = <div a='OUT-1 // x' b={\"OUT-2 //\"}>it's OUT-3 // text {/* IN-2 */} <br/> {`OUT-4 ${y}`}</div>; // IN-3",
    'if (a < b) { /* IN-4 */ }',
  ].join('\n'),
  go: [
    's := "OUT-1 // no" // IN-1',
    'r := `OUT-2 /* no',
    'multi */` /* IN-2 */',
    "c := '\"' // IN-3",
    "d := '\\'' // IN-4",
  ].join('\n'),
  rust: String.raw`let a = "OUT-1 // no"; // IN-1
let b = r"OUT-2 \"; // IN-2
let c = r#"OUT-3 "// no"#; /* IN-3 /* nested IN-4 */ still IN-5 */
let d = b"OUT-4 //"; let e = br##"OUT-5 "# "##;
fn f<'a>(x: &'a str) -> char { '"' } // IN-6
let g = '\''; let h = b'\''; // IN-7
/// IN-8 doc
let s = "OUT-6
// still a string";`,
  swift: String.raw`let a = "OUT-1 // \(b["OUT-2"] /* IN-1 */) no" // IN-2
let c = """
OUT-3 /* no */ "
"""
let d = #"OUT-4 "quoted" // no"# /* IN-3 /* IN-4 */ IN-5 */`,
  kotlin: [
    'val a = "OUT-1 // ${m["OUT-2"]} no" // IN-1',
    'val b = """OUT-3 \\""" // IN-2',
    "val c = '\"' /* IN-3 /* IN-4 */ IN-5 */",
    'val `OUT-4 // name` = 1',
  ].join('\n'),
  scala: [
    'val a = s"OUT-1 ${m("OUT-2")} // no" // IN-1',
    'val b = """OUT-3 // "no" """ /* IN-2 /* IN-3 */ */',
    "val c = 'x'; val d = 'sym // IN-4",
    'val e = "OUT-4 // \\" no"',
  ].join('\n'),
  dart: [
    "var a = 'OUT-1 // ${m[\"OUT-2\"]} no'; // IN-1",
    "var b = r'OUT-3 \\'; // IN-2",
    'var c = """OUT-4 /* no */"""; /* IN-3 /* IN-4 */ */',
    'var d = "OUT-5 // \\" no";',
  ].join('\n'),
  php: String.raw`<p>Don't OUT-1 // html text</p><!-- IN-1 -->
<?php
$a = 'OUT-2 // \' no'; // IN-2
$b = "OUT-3 # {$c["OUT-4"]} no"; # IN-3
#[Attribute] /* IN-4 */
$d = <<<EOT
OUT-5 // heredoc
EOT;
echo 1; // IN-5 ?> <p>OUT-6 // after the close tag</p>`,
  'objective-c': String.raw`NSString *s = @"OUT-1 // no"; // IN-1
/* IN-2 */ char c = '\'';`,
  'objective-cpp': String.raw`auto s = R"(OUT-1 // no)"; // IN-1
NSString *t = @"OUT-2 /* no"; /* IN-2 */`,
  groovy: [
    'def a = "OUT-1 // ${m["OUT-2"]}" // IN-1',
    "def b = '''OUT-3 /* no */''' /* IN-2 */",
    'def c = /OUT-4 \\/\\/ slashy/ // IN-3',
    'def d = $/OUT-5 // dollar slashy/$',
    'def e = x / 2 // IN-4',
    "def f = 'OUT-6 // single'",
  ].join('\n'),
  css: String.raw`a { background: url("OUT-1 /* no */"); content: 'OUT-2 /* */'; } /* IN-1 */
b { background: url(http://example.com/OUT-3); }`,
  scss: String.raw`$a: "OUT-1 // no"; // IN-1
b { background: url(//cdn.example.com/OUT-2.png); } /* IN-2 */
c { background: url(http://x/OUT-3); }`,
  less: String.raw`@a: 'OUT-1 // no'; // IN-1
b { background: url(//cdn.example.com/OUT-2.png); } /* IN-2 */`,
  proto: String.raw`option (x) = "OUT-1 // no"; // IN-1
/* IN-2 */ string s = 1 [default = 'OUT-2 /*'];`,
  python: String.raw`a = "OUT-1 # no"  # IN-1
b = '''OUT-2
# no''' # IN-2
c = f"{d["OUT-3"]} # {{OUT-4}}"  # IN-3
e = rb'OUT-5 \' # no'
g = """OUT-6 \""" # no"""`,
  ruby: String.raw`a = "OUT-1 # #{h["OUT-2"]}" # IN-1
b = 'OUT-3 \' # no' # IN-2
=begin
IN-3
=end
c = %w[OUT-4 #no] # IN-4
d = <<~EOS
  OUT-5 # heredoc
EOS
e = /OUT-6 #no/ # IN-5
f = ?# # IN-6
g = ` + '`OUT-7 # cmd`' + String.raw`
__END__
OUT-8 # data`,
  shellscript: String.raw`echo "OUT-1 # $(echo "OUT-2 #") no" # IN-1
echo 'OUT-3 # no' # IN-2
echo ${'$'}{#arr} a#OUT-4 $'OUT-5 \' # no' # IN-3
cat <<'EOF'
OUT-6 # heredoc
EOF
x=$((1<<2)) # IN-4
echo \# OUT-7
cat <<-END # IN-5
	OUT-8 # indented heredoc
	END`,
  perl: String.raw`my $a = "OUT-1 # no"; # IN-1
my $b = q{OUT-2 # {nested} no}; # IN-2
my $n = $#array; # IN-3
$s =~ s/OUT-3#/x/g; # IN-4
$s =~ s{OUT-4 #}{y};
my $r = qr/OUT-5 #/;
=pod

IN-5

=cut
print <<"END";
OUT-6 # heredoc
END
my $c = $x / 2; # IN-6
my $d = 'OUT-8 # single';
__END__
OUT-7 # data
=head1 IN-7
=cut`,
  r: String.raw`a <- "OUT-1 # no" # IN-1
b <- r"(OUT-2 " # no)" # IN-2
c <- 'OUT-4 # no'
` + '`OUT-3 #name` <- 1',
  yaml: String.raw`a: 'OUT-1 # it''s' # IN-1
b: "OUT-2 # \" no" # IN-2
c: it's OUT-3#no # IN-3
d: |
  OUT-4 # block
  OUT-5 # block
e: >- # IN-4
  OUT-6 # folded
- "OUT-7 #" # IN-5
# IN-6`,
  toml: String.raw`a = "OUT-1 # \" no" # IN-1
b = 'OUT-2 # no' # IN-2
c = """OUT-3
# no""" # IN-3
d = '''OUT-4 # no'''`,
  makefile: [
    '# IN-1',
    'X = a \\# OUT-1 # IN-2',
    'all:',
    '\techo "OUT-2 # no" # IN-3',
    '\techo a#OUT-3',
    'Y = 1 # IN-4 \\',
    '  continued IN-5',
  ].join('\n'),
  dockerfile: String.raw`# IN-1
RUN echo OUT-1 # not a comment
  # IN-2`,
  cmake: String.raw`# IN-1
set(A "OUT-1 # no") #[[ IN-2
multi ]] message([=[OUT-2 # ]] no]=]) # IN-3`,
  powershell: [
    '$a = "OUT-1 # `" no $(f "OUT-2 #")" # IN-1',
    "$b = 'OUT-3 # '' no' # IN-2",
    '<# IN-3 #>',
    '$c = @"',
    'OUT-4 # here',
    '"@',
    'Write-Host a#OUT-5 # IN-4',
    '${OUT-6#x} = 1',
  ].join('\n'),
  elixir: String.raw`a = "OUT-1 # #{m["OUT-2"]}" # IN-1
b = ~s(OUT-3 # no) # IN-2
c = ?# # IN-3
d = """
OUT-4 # heredoc
""" # IN-4
e = 'OUT-5 # charlist'`,
  julia: String.raw`a = "OUT-1 # $(f("OUT-2")) no" # IN-1
#= IN-2 #= IN-3 =# IN-4 =#
b = x' # IN-5
c = '#'  # IN-6
d = """OUT-3 # no"""`,
  graphql: String.raw`query { a(x: "OUT-1 # no") } # IN-1
"""
OUT-2 # block
"""`,
  terraform: 'a = "OUT-1 # $' + String.raw`{f("OUT-2")} // no" # IN-1
b = <<EOF
OUT-3 # heredoc
EOF
// IN-2
/* IN-3 */`,
  sql: String.raw`SELECT 'OUT-1 -- it''s' AS a; -- IN-1
/* IN-2 */ SELECT "OUT-2 --" FROM t; SELECT E'OUT-3 \' --';
CREATE FUNCTION f() AS $$ -- IN-3
$$;`,
  lua: String.raw`local a = "OUT-1 -- \" no" -- IN-1
local b = [==[OUT-2 -- ]] no]==] --[[ IN-2 ]] x = 'OUT-4 --'
--[==[ IN-3 ]] still IN-4 ]==] OUT-3 = 1`,
  haskell: String.raw`a = "OUT-1 -- no" -- IN-1
b = x' --> OUT-3 -- IN-2
{- IN-3 {- IN-4 -} IN-5 -}
c = '"' -- IN-6
d = foldl' f 0 "OUT-2 {- no"`,
  elm: String.raw`a = "OUT-1 -- no" -- IN-1
{- IN-2 {- IN-3 -} -}
b = """OUT-2 -- no"""
c = '"' -- IN-4`,
  ada: String.raw`A : String := "OUT-1 -- "" no"; -- IN-1
B : Character := '"'; -- IN-2
C := X'Length; -- IN-3`,
  vhdl: String.raw`a <= "OUT-1 --"; -- IN-1
/* IN-2 */ b <= '"'; c <= s'length; -- IN-3`,
  commonlisp: String.raw`(defvar a "OUT-1 ; \" no") ; IN-1
#| IN-2 #| IN-3 |# IN-4 |#
(list #\; '|OUT-2 ; sym|) ; IN-5`,
  scheme: String.raw`(define a "OUT-1 ; no") ; IN-1
#| IN-2 |# (display #\;) ; IN-3`,
  emacslisp: String.raw`(setq a "OUT-1 ; no") ; IN-1
(setq b ?\" c ?; d "OUT-2 ;") ; IN-2`,
  clojure: String.raw`(def a "OUT-1 ; no") ; IN-1
(def b \;) ; IN-2
(def c #"OUT-2 ;")`,
  asm: String.raw`msg db "OUT-1 ; no", 0 ; IN-1
# IN-2
mov eax, 'OUT-2 ;' /* IN-3 */`,
  erlang: String.raw`A = "OUT-1 % no", % IN-1
B = 'OUT-2 % atom', % IN-2
C = $%, % IN-3
D = $", % IN-4`,
  matlab: String.raw`a = 'OUT-1 % it''s'; % IN-1
b = x'; % IN-2
c = "OUT-2 % ""no"""; % IN-3
%{
IN-4
%}
d = [1, 2, ... IN-5
     3];`,
  latex: String.raw`50\% OUT-1 % IN-1
\verb|OUT-2 % no| \url{http://x/OUT-3%20} % IN-2
\begin{verbatim}
OUT-4 % verbatim
\end{verbatim}
\begin{comment}
IN-3
\end{comment}`,
  html: String.raw`<!-- IN-1 -->
<p title="OUT-1 <!-- no -->">Don't OUT-2 // text</p>
<script>
const a = "OUT-3 // no"; // IN-2
</script>
<style>a { content: "OUT-4 /* */"; } /* IN-3 */</style>`,
  xml: String.raw`<?xml version="1.0"?>
<!-- IN-1 -->
<a b="OUT-1 <!-- -->"><![CDATA[OUT-2 <!-- no -->]]></a>`,
  vue: String.raw`<template>
  <!-- IN-1 -->
  <p :title="'OUT-1 // no'">{{ 'OUT-2 // no' }}</p>
</template>
<script setup lang="ts">
const a = "OUT-3 // no"; // IN-2
</script>
<style lang="scss">
$x: "OUT-4 //"; // IN-3
</style>`,
  svelte: String.raw`<script>let a = 'OUT-1 // no'; /* IN-1 */</script>
<button on:click={() => a > b ? "OUT-2 <!--" : c}>OUT-3</button>
<!-- IN-2 -->`,
  vb: String.raw`Dim a = "OUT-1 ' it""s" ' IN-1
REM IN-2
x = 1 : Rem IN-3
10 REM IN-4
Dim remark = "OUT-2"`,
  bat: String.raw`REM IN-1
:: IN-2
echo "OUT-1 & rem no" & rem IN-3
@rem IN-4
echo remark OUT-2`,
};

describe('lexComments: every language', () => {
  it('has a sample and a dedicated lexer for every language id', () => {
    assert.deepEqual([...LANGUAGE_IDS].sort(), Object.keys(SAMPLES).sort());
    assert.deepEqual([...LEXER_LANGUAGE_IDS].sort(), [...LANGUAGE_IDS].sort());
    assert.ok(LANGUAGE_IDS.length >= 40);
  });

  for (const [id, text] of Object.entries(SAMPLES)) {
    it(`${id}: tags in comments are inside spans, tags in strings are not`, () => {
      const spans = lexComments(text, id);
      assertWellFormed(spans, text, id);
      const tags = [...text.matchAll(/\b(IN|OUT)-\d+\b/g)];
      assert.ok(tags.some((t) => t[1] === 'IN') && tags.some((t) => t[1] === 'OUT'), `${id}: sample has both kinds`);
      const wrong = tags
        .filter((t) => {
          const start = t.index;
          const end = start + t[0].length - 1;
          const inside = inComment(spans, start) && inComment(spans, end);
          return t[1] === 'IN' ? !inside : inComment(spans, start) || inComment(spans, end);
        })
        .map((t) => t[0]);
      assert.deepEqual(wrong, [], `${id}: misplaced ${wrong.join(', ')}\n${JSON.stringify(spans.map((s) => text.slice(s.start, s.end)))}`);
    });
  }

  it('survives every prefix of every sample (unterminated strings and comments at EOF)', () => {
    for (const [id, text] of Object.entries(SAMPLES)) {
      for (let n = 0; n <= text.length; n++) {
        const prefix = text.slice(0, n);
        assertWellFormed(lexComments(prefix, id), prefix, `${id}[0, ${n})`);
      }
    }
  });

  it('returns nothing for an empty text', () => {
    for (const id of LANGUAGE_IDS) assert.deepEqual(lexComments('', id), [], id);
  });
});

describe('lexComments: unterminated constructs', () => {
  const cases: Array<[string, string, string]> = [
    ['c', '/* IN', 'IN'],
    ['rust', '/* /* IN */', 'IN'],
    ['haskell', '{- {- IN -}', 'IN'],
    ['lua', '--[==[ IN ]]', 'IN'],
    ['html', '<!-- IN', 'IN'],
    ['powershell', '<# IN', 'IN'],
    ['commonlisp', '#| IN', 'IN'],
    ['julia', '#= IN', 'IN'],
    ['ruby', '=begin\nIN', 'IN'],
    ['perl', '=pod\nIN', 'IN'],
    ['matlab', '%{\nIN', 'IN'],
  ];
  for (const [id, text, tag] of cases) {
    it(`${id}: an open block comment runs to the end of the file`, () => {
      const spans = lexComments(text, id);
      assert.ok(inComment(spans, text.indexOf(tag)));
      assert.equal(spans[spans.length - 1].end, text.length);
    });
  }

  it('an unterminated single-line string ends at the line break', () => {
    for (const [id, text] of [
      ['c', '"OUT\n// IN'],
      ['javascript', "'OUT\n// IN"],
      ['python', '"OUT\n# IN'],
      ['go', '"OUT\n// IN'],
      ['vb', '"OUT\n\' IN'],
      ['toml', '"OUT\n# IN'],
    ]) {
      const spans = lexComments(text, id);
      assert.ok(!inComment(spans, text.indexOf('OUT')), id);
      assert.ok(inComment(spans, text.indexOf('IN')), id);
    }
  });

  it('an unterminated multi-line string swallows the rest of the file', () => {
    for (const [id, text] of [
      ['python', '"""OUT\n# OUT'],
      ['javascript', '`OUT\n// OUT ${'],
      ['rust', 'r#"OUT\n// OUT"'],
      ['shellscript', "echo 'OUT\n# OUT"],
      ['shellscript', 'cat <<EOF\n# OUT'],
    ]) {
      assert.deepEqual(lexComments(text, id), [], `${id}: ${text}`);
    }
  });
});

describe('lexComments: line breaks and encoding', () => {
  it('ends line comments at CRLF and at a lone CR', () => {
    for (const [id, marker] of [
      ['typescript', '//'],
      ['python', '#'],
      ['sql', '--'],
      ['clojure', ';'],
      ['erlang', '%'],
      ['vb', "'"],
    ]) {
      for (const eol of ['\r\n', '\r', '\n']) {
        const text = `${marker} IN${eol}OUT = 1${eol}${marker} IN2`;
        const spans = lexComments(text, id);
        assert.equal(spans.length, 2, `${id} ${JSON.stringify(eol)}`);
        assert.equal(spans[0].end, text.indexOf(eol), `${id} ${JSON.stringify(eol)}: span stops before the break`);
        assert.ok(!inComment(spans, text.indexOf('OUT')));
        assert.ok(inComment(spans, text.indexOf('IN2')));
      }
    }
  });

  it('continues a C line comment over a backslash-CRLF', () => {
    const text = '// IN \\\r\n IN2\r\nOUT';
    const spans = lexComments(text, 'c');
    assert.ok(inComment(spans, text.indexOf('IN2')));
    assert.ok(!inComment(spans, text.indexOf('OUT')));
  });

  it('treats a byte order mark as white space at the start of the file', () => {
    for (const [id, text] of [
      ['dockerfile', '\uFEFF# IN'],
      ['yaml', '\uFEFF# IN'],
      ['shellscript', '\uFEFF# IN'],
      ['python', '\uFEFF# IN'],
      ['typescript', '\uFEFF// IN'],
      ['vb', '\uFEFFREM IN'],
    ]) {
      const spans = lexComments(text, id);
      assert.equal(spans.length, 1, id);
      assert.equal(spans[0].start, 1, id);
      assert.ok(inComment(spans, text.indexOf('IN')), id);
    }
  });

  it('keeps offsets in UTF-16 code units across astral characters', () => {
    const text = 'const s = "😀"; // IN 😀';
    const [span] = lexComments(text, 'javascript');
    assert.equal(text.slice(span.start, span.end), '// IN 😀');
  });
});

describe('lexComments: language details', () => {
  const check = (id: string, text: string): void => {
    const spans = lexComments(text, id);
    for (const t of text.matchAll(/\b(IN|OUT)\d*\b/g)) {
      assert.equal(inComment(spans, t.index), t[1] === 'IN', `${id}: ${t[0]} at ${t.index} in ${JSON.stringify(text)}`);
    }
  };

  it('JavaScript: division versus regex literal', () => {
    check('javascript', 'a = b / c; // IN\nd = e(f) / 2 // IN\nreturn /OUT\\//.test(x) // IN');
    check('javascript', 'x = /* IN */ /OUT[/]/ // IN');
    check('javascript', 'x = y /* IN */ / 2 // IN');
  });

  it('JavaScript: shifts and postfix operators are not JSX', () => {
    check('javascript', 'var km = (1<<k)-1, r = "OUT"; // IN');
    check('javascript', 'for (var K=1;K++<v;) x = "OUT"; // IN');
  });

  it('JavaScript: template literal holes nest', () => {
    check('javascript', 'x = `OUT ${ `OUT ${ a /* IN */ } OUT` } OUT // OUT` // IN');
    check('javascript', 'x = `${ {a: 1}.a /* IN */ } OUT`; // IN');
  });

  it('TypeScript: comparison and generics are not JSX', () => {
    check('typescriptreact', 'if (a < b && c > d) { x = "OUT" } // IN');
    check('typescriptreact', 'const f = <T extends object>(x: T) => x; // IN');
    check('typescriptreact', 'const x = useState<string>("OUT"); // IN');
  });

  it('Python: string prefixes and f-string holes', () => {
    check('python', "x = Rb'OUT # \\' OUT'  # IN");
    check('python', 'x = f"{a!r:>{w}} OUT # OUT" # IN');
    check('python', "x = f'''{d['OUT']} # OUT\n''' # IN");
    check('python', 'x = u"OUT" "OUT #" # IN');
    check('python', "x = f'<{id(self):#x} {y:{w}.{p}} OUT #>' # IN");
    check('python', 'x = f"{a[1:]} OUT # {b!r:^10} OUT" # IN');
  });

  it('Rust: lifetimes are not character literals', () => {
    check('rust', "fn f<'a, 'b: 'a>(x: &'a str, y: &'b str) {} // IN");
    check('rust', "'outer: loop { break 'outer; } // IN");
    check('rust', "let c = '\\u{1F600}'; let d = '😀'; // IN");
  });

  it('Haskell: character literals versus primes and operators', () => {
    check('haskell', "f x' y'' = x' -- IN");
    check('haskell', "a |-- b -- IN");
    check('haskell', "c = '\\'' -- IN\nd = ''Type -- IN");
    check('haskell', 'a --| OUT -- IN');
  });

  it('Shell: # starts a comment only at a word start', () => {
    check('shellscript', 'echo ${#x} ${x#OUT} $# a#OUT;# IN');
    check('shellscript', 'echo "${x:-"OUT # OUT"}" # IN');
    check('shellscript', "echo $'OUT\\' # OUT' # IN");
    check('shellscript', 'echo "`echo "OUT #"`" # IN');
  });

  it('Shell: heredoc bodies are not code', () => {
    check('shellscript', 'cat <<EOF # IN\n# OUT\nEOF\n# IN');
    check('shellscript', 'cat << "EOF"\n# OUT\nEOF\n# IN');
    check('shellscript', 'cat <<A <<B\n# OUT\nA\n# OUT\nB\n# IN');
    check('shellscript', 'cat <<< "OUT" # IN\n# IN');
  });

  it('YAML: # needs white space before it; quotes only open scalars', () => {
    check('yaml', 'url: http://x/#OUT # IN');
    check('yaml', "title: don't # IN\nnext: \"OUT #\"");
    check('yaml', "- ['OUT #', \"OUT #\"] # IN\n- {a: 'OUT #'} # IN");
  });

  it('YAML: block scalars end at the first less indented line', () => {
    check('yaml', 'a:\n  b: |\n    # OUT\n\n    # OUT\n  c: 1 # IN\n# IN');
    check('yaml', '- run: |\n    # OUT\n  name: x # IN');
    check('yaml', 'a: |\nb: 1 # IN');
  });

  it('MATLAB: a quote after a value is the transpose operator', () => {
    check('matlab', "y = a' + b.' + c(1)' + [1 2]'; % IN\nz = 'OUT %';");
    check('matlab', "disp('OUT % it''s') % IN");
  });

  it('SQL: doubled quotes; the standard says backslashes are ordinary', () => {
    check('sql', "SELECT 'OUT\\' -- IN");
    check('sql', "SELECT 'OUT '' -- OUT' -- IN");
    check('sql', 'SELECT "OUT "" -- OUT" -- IN');
  });

  it('Ruby: % literals, heredocs, regexes', () => {
    check('ruby', 'puts %w(OUT #OUT (OUT)) # IN');
    check('ruby', 'x = 10 % 3 # IN');
    check('ruby', 'x = <<-SQL.strip # IN\n  # OUT\n  SQL\n# IN');
    check('ruby', 'x.split(/#OUT/) # IN\nclass << self # IN\nend');
  });

  it('Perl: quote-like operators and special variables', () => {
    check('perl', 'my @w = qw(OUT #OUT); # IN');
    check('perl', 'tr/a-z#/A-Z#/; # IN');
    check('perl', 'my $h = { s => 1, y => 2 }; # IN');
    check('perl', 'print $h{s}, $x->s(1); # IN');
    check('perl', 'my $x = $"; # IN');
    check('perl', 'if (-s $file) { x() } # IN');
    check('perl', 'my $f = $m =~ s!a!b!s\n  or do { # IN\n}');
    check('perl', '$x //= 0; # IN\nlocal $/; # IN');
    check('perl', 'my $r = $h{a}/$h{b}; # IN');
    check('perl', 'my @p = / a\n  # OUT\n  /x; # IN');
  });

  it('C#: raw string literals with more quotes', () => {
    check('csharp', 'var s = """"\n  OUT """ // OUT\n  """"; // IN');
    check('csharp', 'var s = $$"""{{x}} OUT // OUT"""; // IN');
    check('csharp', 'var s = $"{x:#,##0} OUT // {y,10:N2} OUT"; // IN');
  });

  it('C++: a raw string delimiter must match exactly', () => {
    check('cpp', 'auto s = R"ab(OUT )" )a" // OUT )ab"; // IN');
    check('cpp', 'auto s = xR"(OUT"; // IN');
  });

  it('Lua: long brackets of different levels', () => {
    check('lua', 'x = [[OUT -- OUT]] -- IN\n--[=[ IN ]] IN ]=] y = 1');
    check('lua', 'x = t[ [[OUT]] ] -- IN');
  });

  it('HTML: script and style contents use their own lexers', () => {
    check('html', '<script type="module">x = `OUT <!-- OUT`; // IN\n</script><!-- IN -->');
    check('html', '<SCRIPT>// IN\n</SCRIPT>OUT // OUT');
    check('html', '<script type="text/x-template"><!-- IN --> // OUT</script>');
    check('html', '<input value=\'OUT <!-- OUT\'> <!-- IN -->');
  });

  it('Vue: script lang picks the lexer', () => {
    check('vue', '<script lang="tsx">\nconst x = <div>it\'s OUT</div>; // IN\n</script>');
  });

  it('PHP: a file that never leaves PHP, and one that never enters it', () => {
    check('php', '<?php\n// IN\n$x = "OUT ?> OUT"; # IN');
    check('php', '<p>OUT // OUT</p><!-- IN -->');
    check('php', '<?= $x /* IN */ ?>OUT // OUT');
  });

  it('LaTeX: escaped percent and verbatim', () => {
    check('latex', '100\\% OUT \\\\% IN\n\\verb+OUT%OUT+ % IN\n\\begin{lstlisting}\nOUT % OUT\n\\end{lstlisting}');
  });

  it('Visual Basic: REM only as a statement', () => {
    check('vb', 'Dim remote = 1 \' IN\nx.Remove(1) \' IN\nRem IN');
  });

  it('Makefile: a recipe line is shell', () => {
    check('makefile', "all:\n\techo '#OUT' # IN\n\tcurl http://x/#OUT\nX := 1#IN");
  });
});

describe('lexComments: language argument', () => {
  it('accepts an id, a LanguageInfo, or a path', () => {
    const text = 'x = 1 # IN';
    const expected = [{ start: 6, end: 10 }];
    assert.deepEqual(lexComments(text, 'python'), expected);
    assert.deepEqual(lexComments(text, languageById('python')!), expected);
    assert.deepEqual(lexComments(text, 'src/a.py'), expected);
    assert.deepEqual(lexComments(text, 'Makefile'), expected);
  });

  it('gives no spans for an unknown language', () => {
    assert.deepEqual(lexComments('# x // y', 'no-such-language'), []);
    assert.deepEqual(lexComments('# x', 'README.md'), []);
  });

  it('falls back to the family rules for an unknown id', () => {
    const text = 'a = "OUT # OUT" # IN';
    const spans = lexComments(text, { id: 'nim', family: 'hash' });
    assert.ok(inComment(spans, text.indexOf('IN')));
    assert.ok(!inComment(spans, text.indexOf('OUT')));
  });
});

describe('lexComments: robustness and speed', () => {
  // Characters that open or close something in some language, plus filler.
  const ALPHABET = [...'/*#-;%\'"`\\$@{}()[]<>!?=|:.~_ \t\nabcRrEMqs0\r', '\uFEFF', '😀', '<!--', '-->', '"""', "'''", '${', '#{', '<<EOF\n', '\nEOF\n', '|\n  ', '\\(', '%{\n', '\n%}\n', '=begin\n', '\n=end\n', '#[[', ']]', '[==[', '<?php ', '?>', '<script>', '</script>', 'r#"', '"#', 'R"x(', ')x"'];

  it('never throws and always returns well-formed spans (property)', () => {
    const textArb = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 80 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(textArb, fc.constantFrom(...LANGUAGE_IDS), (text, id) => {
        assertWellFormed(lexComments(text, id), text, id);
      }),
      { numRuns: 20000 },
    );
  });

  it('is linear on pathological inputs', () => {
    const n = 200_000;
    const inputs = [
      '${"'.repeat(n / 3), // ever deeper interpolation holes
      '<a>'.repeat(n / 3), // ever deeper JSX
      '"'.repeat(n),
      "'".repeat(n),
      '/'.repeat(n),
      '#'.repeat(n),
      '<<EOF\n'.repeat(n / 6),
      ' '.repeat(n) + '#',
      "a '".repeat(n / 3),
      '{-'.repeat(n / 2),
      '<!--'.repeat(n / 4),
    ];
    for (const id of LANGUAGE_IDS) {
      const t0 = performance.now();
      for (const text of inputs) assertWellFormed(lexComments(text, id), text, id);
      const ms = performance.now() - t0;
      assert.ok(ms < 1000, `${id}: ${ms.toFixed(0)} ms`);
    }
  });

  it('lexes 1 MB of source well under 100 ms per language family', function () {
    const samples: Array<[string, string]> = [
      ['typescript', SAMPLES.typescript],
      ['python', SAMPLES.python],
      ['shellscript', SAMPLES.shellscript],
      ['html', SAMPLES.html],
      ['sql', SAMPLES.sql],
      ['rust', SAMPLES.rust],
    ];
    for (const [id, sample] of samples) {
      const unit = sample.replace(/^|$/g, '\n') + 'let value = compute(alpha, beta) + gamma * 42; // IN\n';
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
      lexComments(text, id); // warm up
      const t0 = performance.now();
      const spans = lexComments(text, id);
      const ms = performance.now() - t0;
      console.log(`      ${id}: ${(text.length / 1e6).toFixed(2)} MB, ${spans.length} comments in ${ms.toFixed(1)} ms`);
      assert.ok(spans.length > 0);
      assert.ok(ms < 1000, `${id} took ${ms} ms`);
    }
  });
});

describe('languageForPath', () => {
  const cases: Array<[string, string | undefined]> = [
    ['src/main.c', 'c'],
    ['include/x.H', 'c'],
    ['a/b.cpp', 'cpp'],
    ['a.cs', 'csharp'],
    ['A.java', 'java'],
    ['x.mjs', 'javascript'],
    ['x.jsx', 'javascriptreact'],
    ['x.d.ts', 'typescript'],
    ['x.tsx', 'typescriptreact'],
    ['x.go', 'go'],
    ['x.rs', 'rust'],
    ['x.swift', 'swift'],
    ['x.kts', 'kotlin'],
    ['x.scala', 'scala'],
    ['x.dart', 'dart'],
    ['x.php', 'php'],
    ['x.m', 'objective-c'],
    ['x.mm', 'objective-cpp'],
    ['build.gradle', 'groovy'],
    ['Jenkinsfile', 'groovy'],
    ['x.py', 'python'],
    ['x.rb', 'ruby'],
    ['Gemfile', 'ruby'],
    ['x.sh', 'shellscript'],
    ['x.zsh', 'shellscript'],
    ['home/.bashrc', 'shellscript'],
    ['x.pl', 'perl'],
    ['x.R', 'r'],
    ['x.yaml', 'yaml'],
    ['.github/workflows/ci.yml', 'yaml'],
    ['Cargo.toml', 'toml'],
    ['Makefile', 'makefile'],
    ['GNUmakefile', 'makefile'],
    ['rules.mk', 'makefile'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.dev', 'dockerfile'],
    ['CMakeLists.txt', 'cmake'],
    ['x.cmake', 'cmake'],
    ['x.ps1', 'powershell'],
    ['x.sql', 'sql'],
    ['x.lua', 'lua'],
    ['x.hs', 'haskell'],
    ['x.adb', 'ada'],
    ['x.vhd', 'vhdl'],
    ['x.lisp', 'commonlisp'],
    ['x.el', 'emacslisp'],
    ['x.clj', 'clojure'],
    ['x.asm', 'asm'],
    ['x.S', 'asm'],
    ['x.erl', 'erlang'],
    ['x.tex', 'latex'],
    ['x.html', 'html'],
    ['x.xml', 'xml'],
    ['x.vue', 'vue'],
    ['x.svelte', 'svelte'],
    ['x.vb', 'vb'],
    ['x.bas', 'vb'],
    ['x.vbs', 'vb'],
    ['x.bat', 'bat'],
    ['C:\\work\\src\\x.ts', 'typescript'],
    ['README.md', undefined],
    ['spec.markdown', undefined],
    ['notes.txt', undefined],
    ['LICENSE', undefined],
    ['.gitignore', undefined],
    ['archive.tar.gz', undefined],
  ];
  for (const [path, id] of cases) {
    it(`${path} → ${id ?? 'not source'}`, () => {
      assert.equal(languageForPath(path)?.id, id);
    });
  }

  it('gives each id one family and every id a LanguageInfo', () => {
    for (const id of LANGUAGE_IDS) assert.equal(languageById(id)?.id, id);
    assert.equal(languageForPath('x.py')?.family, 'hash');
    assert.equal(languageForPath('x.ts')?.family, 'c');
    assert.equal(languageForPath('x.sql')?.family, 'dash');
    assert.equal(languageForPath('x.html')?.family, 'markup');
  });
});
