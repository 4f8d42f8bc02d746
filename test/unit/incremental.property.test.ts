/**
 * Incremental == full. Random edit sequences are applied to one engine the
 * way the language server applies them (editor buffers through `updateText`,
 * disk changes through `refreshFile` / `removeFile`), and after every step
 * the index and the diagnostics must equal those of a fresh engine built
 * from the same contents. The files whose diagnostics changed must also be
 * among `affectedFiles` of the step: that is the set the server republishes,
 * so a miss is a stale diagnostic left in the editor.
 *
 * Edits favour the places where lexers and parsers change state: comment and
 * string delimiters, line breaks, IDs, verbs, headings and YAML list items.
 * The seed is fixed (REQTRACE_FUZZ_SEED); REQTRACE_FUZZ_RUNS runs it longer.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost } from '../../server/src/core/workspace/host';
import { referencesById, toTraceReference } from '../../server/src/cli/reporters/traceModel';
import { errorsByRequirement } from '../../server/src/core/check/checks';
import { candidatesOf } from '../../server/src/core/index/fileEntry';
import type { Diagnostic } from '../../server/src/core/types';
import { fuzzParams, fuzzStats } from './fuzz-support';

// ---------------------------------------------------------------- the workspace

const SPEC_MD = `# Spec

## AUTH-1: Users can log in
Status: approved
Version: 2

Users log in with a password. See AUTH-2.

## AUTH-2: Sessions expire
Status: approved
Parent: AUTH-1

## AUTH-3: Old login
Status: deprecated
Parent: AUTH-2

\`\`\`
## AUTH-9: not a heading in a fence
\`\`\`
`;

const MORE_MD = `## API-1: List products
Parent: AUTH-1, OPS-1
Needs: impl

## API-2 Rate limits
Parent: API-1
`;

const REQS_YAML = `requirements:
  - id: AUTH-4
    title: Lockout
    parent: AUTH-1
    status: approved
  - id: OPS-1
    title: Deploy
    parents: [API-2]
    version: 3
    needs: [impl]
`;

const INITIAL: Record<string, string> = {
  '.gitignore': 'gen/\n*.tmp.ts\n',
  'docs/spec.md': SPEC_MD,
  'docs/more.md': MORE_MD,
  'specs/reqs.yaml': REQS_YAML,
  'src/a.ts': '// @impl AUTH-1@2\nconst s = "AUTH-2 // no"; /* Implements: AUTH-2, API-1 */\nconst t = `${"/*"} AUTH-3 */`; // AUTH-4\n',
  'src/b.py': '# Implements: OPS-1\nx = """AUTH-1 # no"""\n# JIRA-7 AUTH-01 typo\n',
  'src/c.sql': "-- @impl API-2@1\nSELECT '-- AUTH-1' FROM t; /* AUTH-4 */\n",
  'src/d.html': '<!-- @impl AUTH-3 -->\n<script>// AUTH-2\n</script>\n',
  'src/e.rs': 'let r = r#"// AUTH-1"#; /* /* AUTH-4 */ */ // @test AUTH-1\n',
  'tests/a.test.ts': '// AUTH-1 AUTH-2\n/* @covers API-1 */\n// Verifies: AUTH-4, OPS-1@3\n',
};

/** Files an operation may create (some ignored, some of no language, some deep). */
const NEW_FILES = [
  'src/new.ts',
  'src/new.py',
  'docs/new.md',
  'specs/new.yaml',
  'tests/new.test.ts',
  'gen/ignored.ts',
  'src/skip.tmp.ts',
  'src/notes.txt',
  'src/deep/er/f.go',
  'docs/other.yaml',
  'src/x.sql',
];

const TEMPLATES = [
  '',
  '// @impl AUTH-5\n',
  '## AUTH-5: New\nParent: AUTH-1\n',
  'requirements:\n  - id: API-3\n    parent: API-9\n',
  '# AUTH-1 and API-2\n',
  '/* AUTH-2 */ "AUTH-3"\n',
  'requirements: [\n',
  '## API-9: Late\nStatus: draft\n',
];

/** Configurations a run starts from; the server re-indexes fully when it changes, so it stays fixed in a run. */
const CONFIGS: Array<string | undefined> = [
  undefined,
  'tests: ["tests/**"]\n',
  'maxFileSize: 400\n',
  'severity:\n  uncovered-requirement: off\n  stale-reference: info\n',
  'severity:\n  deprecated-reference: error\n  stale-reference: error\n',
  'needs: [impl]\n',
  'dialects: [tracey, lobster]\n',
];

const IDS = ['AUTH-1', 'AUTH-2', 'AUTH-3', 'AUTH-4', 'AUTH-5', 'API-1', 'API-2', 'API-9', 'OPS-1', 'JIRA-7', 'AUTH-01', 'NEW-1'];
const VERBS = ['', '@impl ', '@test ', 'Implements: ', 'Verifies: ', '@covers ', 'Refs: '];

/** Text an edit inserts: delimiters, line breaks, IDs, verbs and structure, alone or a few together. */
const TOKENS = [
  '//', '/*', '*/', '"', "'", '`', '#', '--', '<!--', '-->', '"""', '${', '}', 'r#"', '"#', '\\',
  '\n', '\r\n', '\r', ' ', '\t', '\uFEFF', '\0', 'é', '😀',
  ...IDS, '@2', '@3', ', ', '@impl ', '@test ', 'Implements: ', 'Parent: ', 'Parents: ', 'Status: deprecated', 'Status: draft', 'Version: 3', 'Needs: none',
  '## ', '# ', '```', '- id: ', '  - id: ', 'requirements:', 'parent: ', 'status: deprecated', 'version: 2', '&a ', '*a', ':', '-', 'x',
  'lobster-trace: ', 'r[impl auth.login]', 'r[auth.login]',
];

/** Where edits like to land: the start or end of one of these. */
const BOUNDARY = /\/\/|\/\*|\*\/|"|'|`|#|--|<!--|-->|\r\n|\n|\r|[A-Z]+-\d+|@impl|@test|Implements:|Parents?:|Status:|^## |- id:|requirements:/gm;

// ---------------------------------------------------------------- operations

type Op =
  | { kind: 'edit'; file: number; at: number; boundary: boolean; end: boolean; del: number; text: string; buffer: boolean }
  | { kind: 'deleteLine'; file: number; at: number; buffer: boolean }
  | { kind: 'addDef'; file: number; at: number; id: string; parent: string | undefined; status: string | undefined; version: number | undefined; buffer: boolean }
  | { kind: 'addRef'; file: number; at: number; id: string; verb: string; pin: number | undefined; buffer: boolean }
  | { kind: 'create'; name: number; template: number }
  | { kind: 'delete'; file: number }
  | { kind: 'rename'; file: number; to: number }
  | { kind: 'close'; file: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      file: fc.nat(),
      at: fc.nat(),
      boundary: fc.boolean(),
      end: fc.boolean(),
      del: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
      text: fc.oneof(fc.constant(''), fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 4 }).map((t) => t.join('')), fc.string({ maxLength: 6 })),
      buffer: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteLine' as const), file: fc.nat(), at: fc.nat(), buffer: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('addDef' as const),
      file: fc.nat(),
      at: fc.nat(),
      id: fc.constantFrom(...IDS),
      parent: fc.option(fc.constantFrom(...IDS), { nil: undefined }),
      status: fc.option(fc.constantFrom('approved', 'draft', 'deprecated', 'bogus'), { nil: undefined }),
      version: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      buffer: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('addRef' as const),
      file: fc.nat(),
      at: fc.nat(),
      id: fc.constantFrom(...IDS),
      verb: fc.constantFrom(...VERBS),
      pin: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      buffer: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), name: fc.nat(), template: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), file: fc.nat(), to: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), file: fc.nat() }) },
);

// ---------------------------------------------------------------- the model

/**
 * The workspace as the editor and the disk hold it, and the engine driven
 * like the language server drives it (session.ts).
 */
class Workspace {
  /** Files on disk. */
  readonly disk = new Map<string, string>();
  /** Open editor buffers (the file's content as it would be saved). */
  readonly buffers = new Map<string, string>();
  readonly host = new MemoryHost();
  engine!: Engine;
  /** Files whose diagnostics the server would republish after the current step. */
  affected = new Set<string>();

  constructor(readonly config: string | undefined) {
    for (const [f, t] of Object.entries(INITIAL)) this.writeDisk(f, t);
    if (config !== undefined) this.writeDisk('reqtrace.yaml', config);
  }

  async start(): Promise<void> {
    this.engine = await createEngine({ host: this.host });
  }

  /** Every file's content as the engine should see it: the buffer when open, else the disk. */
  effective(): Map<string, string> {
    const out = new Map(this.disk);
    for (const [f, t] of this.buffers) out.set(f, t);
    return out;
  }

  files(): string[] {
    return [...this.effective().keys()].filter((f) => f !== 'reqtrace.yaml' && f !== '.gitignore').sort();
  }

  private writeDisk(file: string, text: string): void {
    this.disk.set(file, text);
    this.host.set(file, text);
  }

  /** The editor changed a buffer: `didChange` → updateText with the editor's text (no byte-order mark). */
  editBuffer(file: string, text: string): void {
    this.buffers.set(file, text);
    const editorText = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const change = this.engine.updateText(file, editorText);
    this.note(file, this.engine.affectedFiles(file, change));
  }

  /** A file changed on disk: a watched-file event; ignored while an editor holds the file. */
  async editDisk(file: string, text: string): Promise<void> {
    this.writeDisk(file, text);
    if (this.buffers.has(file)) return;
    const change = await this.engine.refreshFile(file);
    this.note(file, this.engine.affectedFiles(file, change));
  }

  /** Deleted on disk (its editor, if any, closes too). */
  deleteDisk(file: string): void {
    this.disk.delete(file);
    this.host.delete(file);
    this.buffers.delete(file);
    const change = this.engine.removeFile(file);
    this.note(file, this.engine.affectedFiles(file, change));
  }

  /** `didClose`: the disk is the truth again. */
  async close(file: string): Promise<void> {
    if (!this.buffers.delete(file)) return;
    const change = await this.engine.refreshFile(file);
    this.note(file, this.engine.affectedFiles(file, change));
  }

  private note(file: string, affected: Set<string>): void {
    this.affected.add(file);
    for (const f of affected) this.affected.add(f);
  }

  text(file: string): string {
    return this.buffers.get(file) ?? this.disk.get(file) ?? '';
  }

  /** Applies one operation; returns a description for failure messages. */
  async apply(op: Op): Promise<string> {
    this.affected = new Set();
    const files = this.files();
    const pick = (n: number) => files[n % files.length];
    const change = async (file: string, text: string, buffer: boolean) => {
      if (buffer || this.buffers.has(file)) this.editBuffer(file, text);
      else await this.editDisk(file, text);
    };
    switch (op.kind) {
      case 'edit': {
        if (files.length === 0) return 'edit: no files';
        const file = pick(op.file);
        const text = this.text(file);
        const at = editOffset(text, op.at, op.boundary, op.end);
        await change(file, text.slice(0, at) + op.text + text.slice(at + op.del), op.buffer);
        return `edit ${file}@${at} -${op.del} +${JSON.stringify(op.text)}${op.buffer ? ' (buffer)' : ''}`;
      }
      case 'deleteLine': {
        if (files.length === 0) return 'deleteLine: no files';
        const file = pick(op.file);
        const lines = this.text(file).split('\n');
        const i = op.at % lines.length;
        lines.splice(i, 1);
        await change(file, lines.join('\n'), op.buffer);
        return `deleteLine ${file}:${i}`;
      }
      case 'addDef': {
        const specs = files.filter((f) => /\.(md|ya?ml)$/.test(f));
        if (specs.length === 0) return 'addDef: no spec files';
        const file = specs[op.file % specs.length];
        const text = this.text(file);
        let insert: string;
        let at: number;
        if (file.endsWith('.md')) {
          insert = `\n## ${op.id}: Added\n${op.status ? `Status: ${op.status}\n` : ''}${op.parent ? `Parent: ${op.parent}\n` : ''}${op.version ? `Version: ${op.version}\n` : ''}\n`;
          at = lineStartNear(text, op.at);
        } else {
          insert = `  - id: ${op.id}\n    title: Added\n${op.status ? `    status: ${op.status}\n` : ''}${op.parent ? `    parent: ${op.parent}\n` : ''}${op.version ? `    version: ${op.version}\n` : ''}`;
          const list = text.indexOf('requirements:\n');
          if (list < 0) {
            insert = `requirements:\n${insert}`;
            at = 0;
          } else at = list + 'requirements:\n'.length;
        }
        await change(file, text.slice(0, at) + insert + text.slice(at), op.buffer);
        return `addDef ${op.id} in ${file}@${at}: ${JSON.stringify(insert)}`;
      }
      case 'addRef': {
        if (files.length === 0) return 'addRef: no files';
        const file = pick(op.file);
        const text = this.text(file);
        const at = lineStartNear(text, op.at);
        const body = `${op.verb}${op.id}${op.pin ? `@${op.pin}` : ''}`;
        const insert = commentFor(file, body);
        await change(file, text.slice(0, at) + insert + text.slice(at), op.buffer);
        return `addRef ${file}@${at}: ${JSON.stringify(insert)}`;
      }
      case 'create': {
        const file = NEW_FILES[op.name % NEW_FILES.length];
        const text = TEMPLATES[op.template % TEMPLATES.length];
        await this.editDisk(file, text);
        return `create ${file}: ${JSON.stringify(text)}`;
      }
      case 'delete': {
        if (files.length === 0) return 'delete: no files';
        const file = pick(op.file);
        this.deleteDisk(file);
        return `delete ${file}`;
      }
      case 'rename': {
        if (files.length === 0) return 'rename: no files';
        const from = pick(op.file);
        const to = NEW_FILES[op.to % NEW_FILES.length];
        if (from === to) return `rename ${from}: same name`;
        const text = this.disk.get(from) ?? this.text(from);
        // A rename is two watched-file events: deleted, then created.
        this.deleteDisk(from);
        await this.editDisk(to, text);
        return `rename ${from} → ${to}`;
      }
      case 'close': {
        const open = [...this.buffers.keys()].sort();
        if (open.length === 0) return 'close: nothing open';
        const file = open[op.file % open.length];
        await this.close(file);
        return `close ${file}`;
      }
    }
  }
}

/** An offset in `text`: anywhere, or at the start or end of a boundary token. */
function editOffset(text: string, n: number, boundary: boolean, end: boolean): number {
  if (boundary) {
    const marks = [...text.matchAll(BOUNDARY)];
    if (marks.length > 0) {
      const m = marks[n % marks.length];
      return end ? m.index + m[0].length : m.index;
    }
  }
  return n % (text.length + 1);
}

function lineStartNear(text: string, n: number): number {
  const at = n % (text.length + 1);
  const nl = text.lastIndexOf('\n', at - 1);
  return nl + 1;
}

/** A comment holding `body` in the syntax of the file's language (or plain text for others). */
function commentFor(file: string, body: string): string {
  if (/\.(py|ya?ml)$/.test(file)) return `# ${body}\n`;
  if (/\.sql$/.test(file)) return `-- ${body}\n`;
  if (/\.(html|md)$/.test(file)) return `<!-- ${body} -->\n`;
  if (/\.txt$/.test(file)) return `${body}\n`;
  return `// ${body}\n`;
}

// ---------------------------------------------------------------- comparison

interface Snapshot {
  files: string[];
  diagnostics: Diagnostic[];
  definitions: unknown[];
  references: Record<string, unknown>;
  coverage: unknown[];
  cycles: string[];
}

function snapshot(engine: Engine): Snapshot {
  const index = engine.index;
  const files = [...index.files()].sort();
  const defs = index.allDefinitions();
  const ids = new Set<string>(index.definedIds());
  for (const f of files) for (const c of candidatesOf(index.entry(f)!)) ids.add(c.id);
  const references: Record<string, unknown> = {};
  for (const id of [...ids].sort()) {
    const refs = index.references(id);
    if (refs.length > 0) references[id] = refs;
  }
  return {
    files,
    diagnostics: engine.diagnostics(),
    definitions: defs.map((d) => ({ ...d })),
    references,
    coverage: defs.map((d) => {
      const c = engine.coverage(d);
      return { id: d.id, file: d.file, needs: c.needs, counts: [...c.counts].sort(), missing: c.missing, covered: c.covered };
    }),
    cycles: [...index.cycleMembers()].sort(),
  };
}

/** Error diagnostics per defined requirement, counted over every file's diagnostics. */
function errorsCounted(engine: Engine): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of engine.diagnostics()) {
    if (d.severity === 'error' && d.requirement && engine.index.isDefined(d.requirement)) out.set(d.requirement, (out.get(d.requirement) ?? 0) + 1);
  }
  return out;
}

/** Each defined ID's references as the trace model lists them, made in one pass over the files. */
function tracedReferences(engine: Engine): Record<string, unknown> {
  const all = referencesById(engine.index);
  return Object.fromEntries(engine.index.definedIds().sort().map((id) => [id, all.get(id)]));
}

/** The same, from the index's walk per ID. */
function walkedReferences(engine: Engine): Record<string, unknown> {
  return Object.fromEntries(
    engine.index
      .definedIds()
      .sort()
      .map((id) => [id, engine.index.references(id).map(toTraceReference)]),
  );
}

/** Fails with the first part of the snapshot that differs, compactly, and the steps that led there. */
function assertSameSnapshot(got: Snapshot, want: Snapshot, log: string[]): void {
  for (const key of Object.keys(want) as Array<keyof Snapshot>) {
    const g = key === 'diagnostics' ? got.diagnostics.map(diagLine) : got[key];
    const w = key === 'diagnostics' ? want.diagnostics.map(diagLine) : want[key];
    if (JSON.stringify(g) === JSON.stringify(w)) continue;
    const onlyGot = Array.isArray(g) && Array.isArray(w) ? g.filter((x) => !w.some((y) => JSON.stringify(y) === JSON.stringify(x))) : g;
    const onlyWant = Array.isArray(g) && Array.isArray(w) ? w.filter((x) => !g.some((y) => JSON.stringify(y) === JSON.stringify(x))) : w;
    assert.fail(
      `incremental != full in ${key} after:\n  ${log.join('\n  ')}\n` +
        `incremental only: ${JSON.stringify(onlyGot).slice(0, 2000)}\nfull only:        ${JSON.stringify(onlyWant).slice(0, 2000)}`,
    );
  }
}

function diagLine(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.message}`;
}

/** Diagnostics per file, as the server would have published them. */
function diagnosticsByFile(engine: Engine, files: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) out.set(f, JSON.stringify(engine.diagnosticsFor(f)));
  return out;
}

// ---------------------------------------------------------------- the property

describe('incremental index == full rebuild (property)', function () {
  this.timeout(0);

  it('after every random edit, the index and diagnostics equal a fresh engine, and affectedFiles covers every change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(CONFIGS.length - 1), fc.array(opArb, { minLength: 1, maxLength: 25 }), async (configIndex, ops) => {
        const ws = new Workspace(CONFIGS[configIndex]);
        await ws.start();
        const log: string[] = [`config: ${JSON.stringify(CONFIGS[configIndex])}`];
        for (const op of ops) {
          const everFiles = new Set([...ws.files(), ...ws.engine.index.files()]);
          const before = diagnosticsByFile(ws.engine, everFiles);
          log.push(await ws.apply(op));
          fuzzStats.inputs++;

          const fresh = await createEngine({ host: new MemoryHost(Object.fromEntries(ws.effective())) });
          const got = snapshot(ws.engine);
          const want = snapshot(fresh);
          assertSameSnapshot(got, want, log);
          // The Requirements view's error counts, from the files that can hold one, are every file's.
          const counted = errorsCounted(fresh);
          assert.deepEqual(await errorsByRequirement(fresh.index, fresh.config), counted, `errors per requirement after:\n  ${log.join('\n  ')}`);
          // ...and for the requirements of one spec file (the view expanding it).
          for (const f of fresh.index.files()) {
            const ids = new Set(fresh.index.entry(f)!.defs.map((d) => d.id));
            if (ids.size === 0) continue;
            const want = new Map([...counted].filter(([id]) => ids.has(id)));
            assert.deepEqual(await errorsByRequirement(fresh.index, fresh.config, { ids }), want, `errors per requirement of ${f} after:\n  ${log.join('\n  ')}`);
          }
          // The CLI's one pass over the files gives what the walks per ID give: counts and reference lists.
          assert.deepEqual(tracedReferences(fresh), walkedReferences(fresh), `reference lists after:\n  ${log.join('\n  ')}`);
          fresh.index.primeCoverageCounts();
          assertSameSnapshot(snapshot(fresh), want, [...log, '(counts primed in one pass)']);
          // The incremental engine goes on with primed counts: the next step's change must drop them.
          ws.engine.index.primeCoverageCounts();

          for (const f of [...ws.files(), ...ws.engine.index.files()]) everFiles.add(f);
          const after = diagnosticsByFile(ws.engine, everFiles);
          const changed = [...everFiles].filter((f) => before.get(f) !== after.get(f));
          const missed = changed.filter((f) => !ws.affected.has(f));
          assert.deepEqual(
            missed,
            [],
            `diagnostics of ${missed.join(', ')} changed but affectedFiles (${[...ws.affected].sort().join(', ')}) misses them (stale in the editor) after:\n  ${log.join('\n  ')}\n` +
              missed.map((f) => `  ${f}: ${before.get(f)}\n   → ${after.get(f)}`).join('\n'),
          );
        }
      }),
      fuzzParams(150, 1 / 20),
    );
  });
});
