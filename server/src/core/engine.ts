/**
 * The engine: one object that owns a workspace's config, index and checks.
 * The CLI and the language server both drive this, so they always agree.
 */
import { checkFile, coverageOf, type Coverage } from './checks';
import { lexComments } from './commentLexer';
import { CONFIG_FILE, defaultConfig, parseConfig, type ReqtraceConfig } from './config';
import { FileClassifier, listWorkspaceFiles, type FileRole } from './fileSelection';
import {
  neverCancelled,
  silentLogger,
  throwIfCancelled,
  type CancellationToken,
  type Logger,
  type WorkspaceHost,
} from './host';
import { createIdMatcher, type IdMatcher } from './idPattern';
import { LineIndex } from './lineIndex';
import { parseMarkdownSpec } from './markdownSpecParser';
import { scanReferences } from './referenceScanner';
import type { Diagnostic, FileProblem, RequirementDef } from './types';
import { WorkspaceIndex, type FileEntry, type IndexChange } from './workspaceIndex';
import { parseYamlSpec } from './yamlSpecParser';

export interface EngineOptions {
  host: WorkspaceHost;
  logger?: Logger;
  /** Config text to use instead of reading `reqtrace.yaml` (e.g. `--config FILE`). */
  configText?: { text: string; file: string };
}

/** Bytes looked at to decide whether a file is binary. */
const BINARY_SNIFF = 8000;

export class Engine {
  readonly host: WorkspaceHost;
  readonly logger: Logger;
  config: ReqtraceConfig = defaultConfig();
  /** Workspace-relative path of the config file in use (for its diagnostics). */
  configFile = CONFIG_FILE;
  configProblems: FileProblem[] = [];
  ids: IdMatcher = createIdMatcher();
  classifier = new FileClassifier(this.config);
  readonly index = new WorkspaceIndex();
  private readonly configOverride?: { text: string; file: string };

  constructor(options: EngineOptions) {
    this.host = options.host;
    this.logger = options.logger ?? silentLogger;
    this.configOverride = options.configText;
  }

  /** Reads `reqtrace.yaml` (or the override) and applies it. */
  async loadConfig(): Promise<void> {
    let text: string | undefined;
    if (this.configOverride) {
      text = this.configOverride.text;
      this.configFile = this.configOverride.file;
    } else {
      const bytes = await this.host.readFile(CONFIG_FILE);
      text = bytes ? decode(bytes) : undefined;
      this.configFile = CONFIG_FILE;
    }
    this.applyConfigText(text);
  }

  /** Applies config text (undefined = no config file: defaults). */
  applyConfigText(text: string | undefined): void {
    const loaded = text === undefined ? { config: defaultConfig(), problems: [] } : parseConfig(text);
    this.config = loaded.config;
    this.configProblems = loaded.problems;
    this.ids = createIdMatcher(this.config.idPattern);
    this.classifier = new FileClassifier(this.config);
  }

  /** Full index of the workspace: lists, reads and analyses every file. */
  async indexAll(token: CancellationToken = neverCancelled, onProgress?: (done: number, total: number) => void): Promise<void> {
    const files = await listWorkspaceFiles(this.host, this.classifier, token);
    for (const f of [...this.index.files()]) this.index.remove(f);
    let done = 0;
    for (const file of files) {
      throwIfCancelled(token);
      await this.refreshFile(file);
      onProgress?.(++done, files.length);
    }
  }

  /** Re-reads one file from the host and re-indexes it (removes it when gone or not ours). */
  async refreshFile(file: string): Promise<IndexChange | undefined> {
    const role = this.classifier.roleOf(file);
    if (!role) return this.index.entry(file) ? this.index.remove(file) : undefined;
    const stat = await this.host.stat(file);
    if (!stat) return this.index.entry(file) ? this.index.remove(file) : undefined;
    if (stat.size > this.config.maxFileSize) {
      this.logger.warn(`skipped ${file}: ${stat.size} bytes is over maxFileSize (${this.config.maxFileSize})`);
      return this.index.entry(file) ? this.index.remove(file) : undefined;
    }
    const bytes = await this.host.readFile(file);
    if (!bytes) return this.index.entry(file) ? this.index.remove(file) : undefined;
    if (isBinary(bytes)) {
      this.logger.info(`skipped ${file}: binary content`);
      return this.index.entry(file) ? this.index.remove(file) : undefined;
    }
    return this.index.set(this.analyze(file, decode(bytes), role));
  }

  /** Indexes a file from text the caller holds (an unsaved editor buffer). */
  updateText(file: string, text: string): IndexChange | undefined {
    const role = this.classifier.roleOf(file);
    if (!role) return undefined;
    return this.index.set(this.analyze(file, stripBom(text), role));
  }

  removeFile(file: string): IndexChange {
    return this.index.remove(file);
  }

  /** Analyses one file's text. Pure: does not touch the index. */
  analyze(file: string, text: string, role: FileRole): FileEntry {
    const entry: FileEntry = {
      file,
      isSpec: false,
      isTest: this.classifier.isTestFile(file),
      defs: [],
      candidates: [],
      problems: [],
    };
    try {
      if (role.kind === 'markdown-spec') {
        const r = parseMarkdownSpec(text, file, this.ids);
        entry.isSpec = true;
        entry.defs = r.definitions;
        entry.problems = r.problems;
      } else if (role.kind === 'yaml') {
        const r = parseYamlSpec(text, file, this.ids);
        if (r) {
          entry.isSpec = true;
          entry.defs = r.definitions;
          entry.problems = r.problems;
        } else if (role.asSource) {
          entry.candidates = scanReferences(text, lexComments(text, role.asSource), this.ids, new LineIndex(text));
        }
      } else {
        entry.candidates = scanReferences(text, lexComments(text, role.language), this.ids, new LineIndex(text));
      }
    } catch (e) {
      // A parser bug must not take the workspace down: report it at the file.
      this.logger.error(`failed to analyse ${file}: ${(e as Error).stack ?? e}`);
      entry.problems.push({
        code: 'invalid-spec',
        severity: 'error',
        message: `reqtrace could not analyse this file: ${(e as Error).message}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    }
    return entry;
  }

  /**
   * Files whose diagnostics may differ after `change`: the changed file, the
   * definitions of every touched ID (coverage, duplicates), the references of
   * IDs whose definitions changed, and bare references whose prefix appeared
   * or vanished.
   */
  affectedFiles(file: string, change: IndexChange | undefined): Set<string> {
    const out = new Set<string>([file]);
    if (!change) return out;
    for (const f of this.index.filesDefining(change.ids)) out.add(f);
    for (const f of this.index.filesReferencing(change.definedIds)) out.add(f);
    for (const f of this.index.filesWithPrefixes(change.prefixes)) out.add(f);
    if (change.definedIds.size > 0) {
      // Cycle membership can change along a whole chain of parent links.
      for (const id of this.index.cycleMembers()) for (const d of this.index.definitions(id)) out.add(d.file);
    }
    return out;
  }

  /** Diagnostics of one file (the config file included). */
  diagnosticsFor(file: string): Diagnostic[] {
    if (file === this.configFile) {
      return this.configProblems.map((p) => ({ ...p, file }));
    }
    return checkFile(this.index, file, this.config);
  }

  /** Every diagnostic of the workspace, sorted by file and position. */
  diagnostics(): Diagnostic[] {
    const files = [...this.index.files()].sort();
    const out: Diagnostic[] = this.diagnosticsFor(this.configFile);
    for (const f of files) out.push(...checkFile(this.index, f, this.config));
    return out;
  }

  coverage(def: RequirementDef): Coverage {
    return coverageOf(this.index, def, this.config);
  }
}

/** Builds an engine and indexes the workspace. */
export async function createEngine(options: EngineOptions, token: CancellationToken = neverCancelled): Promise<Engine> {
  const engine = new Engine(options);
  await engine.loadConfig();
  await engine.indexAll(token);
  return engine;
}

const decoder = new TextDecoder('utf-8');

export function decode(bytes: Uint8Array): string {
  return stripBom(decoder.decode(bytes));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_SNIFF);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
