/**
 * The TextMate injection grammar: valid, registered in package.json, and its regexes agree with
 * the engine's ID matcher. The Oniguruma patterns are compiled as JavaScript RegExps; the only
 * construct JS (Node 20) lacks is the `(?i:…)` group, which is expanded to character classes.
 * Tokenizing inside real comment scopes would need vscode-textmate, which is not installed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createIdMatcher, DEFAULT_ID_PATTERN } from '../../server/src/core/idPattern';

const ROOT = path.resolve(__dirname, '../..');
const GRAMMAR_PATH = 'syntaxes/reqtrace.injection.tmLanguage.json';

interface Rule {
  match: string;
  captures: Record<string, { name: string }>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, GRAMMAR_PATH), 'utf8')) as Grammar;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Turns an Oniguruma pattern into a JS RegExp; `(?i:abc|de)` becomes `(?:[aA][bB][cC]|[dD][eE])`. */
function toJsRegExp(pattern: string, flags = ''): RegExp {
  const js = pattern.replace(/\(\?i:([A-Za-z|]+)\)/g, (_m, body: string) =>
    `(?:${body.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`)})`,
  );
  assert.ok(!js.includes('(?i'), `unsupported inline flag left in ${js}`);
  return new RegExp(js, flags);
}

function rule(name: string): Rule {
  const r = grammar.repository[name];
  assert.ok(r, `repository.${name} exists`);
  return r;
}

/** The requirement IDs a line shows, as TextMate would tokenize it: leftmost match of the rules in order. */
function tokenizeIds(line: string): Array<{ id: string; offset: number; pin?: string }> {
  const rules = grammar.patterns.map((p) => {
    const name = p.include.replace(/^#/, '');
    return { name, re: toJsRegExp(rule(name).match, 'g') };
  });
  const out: Array<{ id: string; offset: number; pin?: string }> = [];
  let pos = 0;
  while (pos < line.length) {
    let best: { name: string; m: RegExpExecArray } | undefined;
    for (const r of rules) {
      r.re.lastIndex = pos;
      const m = r.re.exec(line);
      if (m && (!best || m.index < best.m.index)) best = { name: r.name, m };
    }
    if (!best) break;
    if (best.name === 'requirement-id') {
      const hit: { id: string; offset: number; pin?: string } = { id: best.m[1], offset: best.m.index };
      if (best.m[2] !== undefined) hit.pin = best.m[2];
      out.push(hit);
    }
    pos = best.m.index + Math.max(best.m[0].length, 1);
  }
  return out;
}

function ids(line: string): string[] {
  return tokenizeIds(line).map((h) => h.id);
}

describe('injection grammar', () => {
  it('is an injection grammar for comments and Markdown prose', () => {
    assert.equal(grammar.scopeName, 'reqtrace.injection');
    const selectors = grammar.injectionSelector.split(',').map((s) => s.trim());
    assert.ok(selectors.includes('L:comment'));
    const markdown = selectors.find((s) => s.startsWith('L:text.html.markdown'));
    assert.ok(markdown, 'a selector for Markdown');
    for (const excluded of ['-markup.fenced_code', '-markup.inline.raw', '-markup.raw']) {
      assert.ok(markdown.includes(excluded), `Markdown selector excludes ${excluded}`);
    }
    for (const p of grammar.patterns) assert.ok(grammar.repository[p.include.replace(/^#/, '')], `${p.include} is defined`);
  });

  it('uses the default ID shape of the engine in every rule', () => {
    for (const [name, r] of Object.entries(grammar.repository)) {
      assert.ok(r.match.includes(DEFAULT_ID_PATTERN), `${name} contains DEFAULT_ID_PATTERN`);
    }
    // All copies of the bounded ID pattern are the same text.
    const copies = Object.values(grammar.repository).map((r) =>
      r.match.slice(r.match.indexOf('(?<![A-Za-z0-9_-])'), r.match.indexOf(DEFAULT_ID_PATTERN) + DEFAULT_ID_PATTERN.length + '(?![A-Za-z0-9_])'.length),
    );
    assert.equal(new Set(copies).size, 1, copies.join('\n'));
  });

  it('matches requirement IDs, word-bounded', () => {
    assert.deepEqual(ids('AUTH-001'), ['AUTH-001']);
    assert.deepEqual(ids('see API-AUTH-12.'), ['API-AUTH-12']);
    assert.deepEqual(ids('REQ-1, REQ-22 and (AUTH-3)'), ['REQ-1', 'REQ-22', 'AUTH-3']);
    for (const text of ['JIRA123', 'auth-001', 'Auth-001', 'fooAUTH-001', 'AUTH-001x', 'AUTH-001_', 'my_AUTH-001', 'x-AUTH-001', '1AUTH-001', 'AUTH-', 'AUTH-X']) {
      assert.deepEqual(ids(text), [], text);
    }
  });

  it('does not take well-known standard numbers for IDs', () => {
    for (const text of ['UTF-8', 'ISO-8859-1', 'SHA-256', 'RFC-2119', 'CVE-2024-1234', 'CWE-79', 'UCS-2', 'IEC-61508']) {
      assert.deepEqual(ids(`// read as ${text}`), [], text);
    }
    assert.deepEqual(ids('SHAPE-1 ISOLATE-2'), ['SHAPE-1', 'ISOLATE-2']);
  });

  it('marks a version pin as part of the reference', () => {
    assert.deepEqual(tokenizeIds('// @impl AUTH-001@2'), [{ id: 'AUTH-001', offset: 9, pin: '@2' }]);
    assert.deepEqual(tokenizeIds('AUTH-001@2.5'), [{ id: 'AUTH-001', offset: 0 }]);
    assert.equal(rule('requirement-id').captures['1'].name, 'entity.name.tag.requirement.reqtrace');
    assert.equal(rule('requirement-id').captures['2'].name, 'constant.numeric.version.reqtrace');
  });

  it('marks reference verbs only when an ID follows', () => {
    const at = toJsRegExp(rule('verb-at').match);
    const colon = toJsRegExp(rule('verb-colon').match);
    assert.equal(at.exec('// @impl AUTH-001')?.[0], '@impl');
    assert.equal(at.exec('// @Test: AUTH-001')?.[0], '@Test:');
    assert.equal(at.exec('// @impl see below'), null);
    assert.equal(at.exec('// @implementation AUTH-001'), null);
    assert.equal(colon.exec('// Implements: AUTH-001, AUTH-002')?.[0], 'Implements:');
    assert.equal(colon.exec('# VERIFIES : AUTH-3')?.[0], 'VERIFIES :');
    assert.equal(colon.exec('// Note: AUTH-001'), null);
    assert.equal(colon.exec('// Reimplements: AUTH-001'), null);
    assert.equal(colon.exec('// Implements: later'), null);
    assert.deepEqual(ids('// Implements: AUTH-001, API-AUTH-12 and AUTH-003@2'), ['AUTH-001', 'API-AUTH-12', 'AUTH-003']);
    for (const name of ['verb-at', 'verb-colon']) assert.equal(rule(name).captures['0'].name, 'keyword.other.verb.reqtrace');
  });

  it('finds the same IDs as the engine on arbitrary lines', () => {
    const matcher = createIdMatcher();
    // No letters that could spell a standard-number prefix (UTF, ISO, SHA, …), which the grammar skips on purpose.
    const char = fc.constantFrom('A', 'B', 'Q', 'a', 'q', '0', '1', '9', '-', '_', ' ', '@', '.', ':', ',');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((cs) => cs.join('')), (line) => {
        const expected = matcher.findAll(line).map((h) => ({ id: h.id, offset: h.offset }));
        const actual = tokenizeIds(line).map((h) => ({ id: h.id, offset: h.offset }));
        assert.deepEqual(actual, expected, JSON.stringify(line));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('grammar registration in package.json', () => {
  const REQUIRED_INJECT_TO = [
    'source.js', 'source.ts', 'source.tsx', 'source.js.jsx', 'source.python', 'source.go', 'source.rust', 'source.java',
    'source.c', 'source.cpp', 'source.cs', 'source.swift', 'source.kotlin', 'source.scala', 'source.dart', 'source.php',
    'text.html.php', 'source.objc', 'source.groovy', 'source.ruby', 'source.shell', 'source.perl', 'source.r',
    'source.yaml', 'source.toml', 'source.makefile', 'source.dockerfile', 'source.cmake', 'source.powershell',
    'source.sql', 'source.lua', 'source.haskell', 'source.ada', 'source.vhdl', 'source.clojure', 'source.lisp',
    'source.asm', 'source.erlang', 'source.matlab', 'text.tex.latex', 'text.html.basic', 'text.xml', 'source.vue',
    'source.svelte', 'source.asp.vb.net', 'text.html.markdown',
  ];

  it('points at the grammar file and injects into the listed languages', () => {
    const entries = (pkg.contributes.grammars as Array<{ scopeName: string; path: string; injectTo: string[] }>).filter(
      (g) => g.scopeName === grammar.scopeName,
    );
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.ok(fs.existsSync(path.join(ROOT, entry.path)), `${entry.path} exists`);
    assert.equal(path.normalize(entry.path), path.normalize(GRAMMAR_PATH));
    assert.deepEqual([...entry.injectTo].sort(), [...REQUIRED_INJECT_TO].sort());
  });

  it('maps the server’s semantic token type to the grammar’s scope', () => {
    const types = pkg.contributes.semanticTokenTypes as Array<{ id: string }>;
    assert.ok(types.some((t) => t.id === 'requirement'));
    const modifiers = (pkg.contributes.semanticTokenModifiers as Array<{ id: string }>).map((m) => m.id);
    assert.ok(modifiers.includes('unknown'));
    // `deprecated` and `declaration` are standard modifiers; contributing them again would re-register them.
    assert.ok(!modifiers.includes('deprecated') && !modifiers.includes('declaration'));
    const scopes = pkg.contributes.semanticTokenScopes[0].scopes as Record<string, string[]>;
    assert.deepEqual(scopes.requirement, [rule('requirement-id').captures['1'].name]);
    assert.ok(scopes['requirement.unknown'][0].startsWith('invalid.illegal'));
    assert.ok(scopes['requirement.deprecated'].length > 0);
  });
});
