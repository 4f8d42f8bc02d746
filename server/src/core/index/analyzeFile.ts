/**
 * What one file holds: its definitions, problems and reference candidates,
 * read by the parser its role calls for. Pure: the engine decides which
 * files to analyse and puts the results in the index; index workers run
 * the same function on their own threads.
 */
import { lexComments } from '../parse/commentLexer';
import type { Dialect, DialectContext } from '../dialects/dialect';
import type { FileClassifier, FileRole } from '../workspace/fileSelection';
import type { Logger } from '../workspace/host';
import type { IdMatcher } from '../idPattern';
import { LineIndex } from '../lineIndex';
import { parseMarkdownSpec } from '../parse/markdownSpecParser';
import { NO_REFS, RefPacker } from './packedRefs';
import { scanReferences, scanReferencesInto } from '../parse/referenceScanner';
import type { CommentSpan, RefCandidate, SpecParseResult } from '../types';
import type { FileEntry } from './fileEntry';
import { parseYamlSpec } from '../parse/yamlSpecParser';

/** What analysis depends on: the config's ID shape and the dialects in use. */
export interface AnalysisSetup {
  ids: IdMatcher;
  dialects: readonly Dialect[];
  dialectContext: DialectContext;
  classifier: FileClassifier;
  logger: Logger;
}

/**
 * Analyses one file's text. Pure: does not touch the index. `bytes`, when
 * given, are the UTF-8 the text was decoded from, read only while this runs.
 */
export function analyzeFile(setup: AnalysisSetup, file: string, text: string, role: FileRole, bytes?: Uint8Array): FileEntry {
  const entry: FileEntry = {
    file,
    isSpec: false,
    isTest: setup.classifier.isTestFile(file),
    defs: [],
    refs: NO_REFS,
    problems: [],
  };
  const refs = new RefPacker();
  const lines = new LineIndex(text, bytes);
  try {
    const merge = (r: SpecParseResult | undefined) => {
      if (!r) return;
      entry.isSpec = true;
      append(entry.defs, r.definitions);
      append(entry.problems, r.problems);
      if (r.references) for (const c of r.references) refs.addCandidate(c);
      if (r.document) entry.document = r.document;
    };
    if (role.kind === 'dialect-spec') {
      merge(role.dialect.parseSpec?.(text, file, setup.dialectContext));
    } else if (role.kind === 'markdown-spec') {
      merge(parseMarkdownSpec(text, file, setup.ids));
      for (const d of setup.dialects) merge(d.parseSpec?.(text, file, setup.dialectContext));
    } else if (role.kind === 'yaml') {
      const r = parseYamlSpec(text, file, setup.ids);
      merge(r);
      for (const d of setup.dialects) merge(d.parseSpec?.(text, file, setup.dialectContext));
      if (!entry.isSpec && role.asSource) {
        scanSource(setup, file, refs, text, lexComments(text, role.asSource), lines);
        codeDefinitions(setup, entry, text, lines);
      }
    } else if (role.kind === 'source') {
      // A literal prefilter: most files of a large repository name no requirement, and then need no lexing.
      // Dialects with syntax of their own always get the comments.
      if (setup.ids.mayOccurIn(text) || setup.dialects.some((d) => d.scanReferences)) scanSource(setup, file, refs, text, lexComments(text, role.language), lines);
      codeDefinitions(setup, entry, text, lines);
    } else {
      for (const d of setup.dialects) {
        if (d.readsTextFile?.(file)) for (const c of d.scanReferences?.(text, file, [], lines, setup.dialectContext) ?? []) refs.addCandidate(c);
      }
      codeDefinitions(setup, entry, text, lines);
    }
    entry.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    entry.refs = refs.finish();
  } catch (e) {
    refs.release();
    // A parser bug must not take the workspace down: report it at the file.
    setup.logger.error(`failed to analyse ${file}: ${(e as Error).stack ?? e}`);
    entry.problems.push({
      code: 'invalid-spec',
      severity: 'error',
      message: `reqtrace could not analyse this file: ${(e as Error).message}`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  } finally {
    // The bytes are the host's buffer, which the next read reuses.
    lines.release();
  }
  return entry;
}

/**
 * True when analysing a file of `role` whose UTF-8 `bytes` these are would
 * give what analysing '' gives: a source file in which no ID can occur (the
 * ID matcher tells from the bytes, for the default shape), while no dialect
 * reads source text itself. Then the file need not be decoded.
 */
export function needsNoText(setup: Pick<AnalysisSetup, 'ids' | 'dialects'>, role: FileRole, bytes: Uint8Array): boolean {
  const { mayOccurInBytes } = setup.ids;
  if (role.kind !== 'source' || !mayOccurInBytes) return false;
  return !setup.dialects.some((d) => d.scanReferences || d.definitionsInCode) && !mayOccurInBytes(bytes);
}

/** Definitions dialects find in a source or text file (OpenFastTrace's tag items). */
function codeDefinitions(setup: AnalysisSetup, entry: FileEntry, text: string, lines: LineIndex): void {
  for (const d of setup.dialects) if (d.definitionsInCode) append(entry.defs, d.definitionsInCode(text, entry.file, lines, setup.dialectContext));
}

/** References of a source file: the house forms in comments, then each dialect's. */
function scanSource(setup: AnalysisSetup, file: string, refs: RefPacker, text: string, spans: CommentSpan[], lines: LineIndex): void {
  const dialect: RefCandidate[] = [];
  for (const d of setup.dialects) append(dialect, d.scanReferences?.(text, file, spans, lines, setup.dialectContext) ?? []);
  if (dialect.length === 0) {
    // The common case: straight into the packed form, no object per candidate.
    scanReferencesInto(text, spans, setup.ids, lines, (id, line, from, to, explicit, verbKind, pin, pinFrom, pinTo) =>
      refs.add(id, line, from, to, explicit, verbKind, pin, pinFrom, pinTo),
    );
    return;
  }
  // A dialect's marker (`@relation(REQ-1, …)`) is also a bare ID to the house scanner: count it once, as the dialect reads it.
  const taken = new Set(dialect.map((c) => `${c.id}\0${c.range.start.line}:${c.range.start.character}`));
  for (const c of scanReferences(text, spans, setup.ids, lines)) if (!taken.has(`${c.id}\0${c.range.start.line}:${c.range.start.character}`)) refs.addCandidate(c);
  for (const c of dialect) refs.addCandidate(c);
}

/**
 * `target.push(...items)` without the spread: a spread passes every item as
 * an argument on the stack, and a file with a few hundred thousand
 * references overflows it.
 */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
