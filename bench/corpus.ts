/**
 * Seeded synthetic workspaces for the benchmark: requirements in Markdown and
 * YAML specs, source files of 4–8 KB in mixed languages with tags in every
 * comment form, IDs in string literals as traps, and a defect mix (typos,
 * stale pins, deprecated references, uncovered requirements, broken links).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CorpusSize {
  name: string;
  files: number;
  requirements: number;
  /** References to the hot requirement (for the references benchmark). */
  hotReferences: number;
}

export const SIZES: Record<string, CorpusSize> = {
  S: { name: 'S', files: 1_000, requirements: 1_000, hotReferences: 1_000 },
  M: { name: 'M', files: 10_000, requirements: 10_000, hotReferences: 10_000 },
  L: { name: 'L', files: 100_000, requirements: 50_000, hotReferences: 10_000 },
};

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['AUTH', 'API', 'BILL', 'CART', 'DATA', 'EMAIL', 'FEED', 'GEO', 'HR', 'INV', 'API-AUTH', 'SEC-NET', 'UI', 'LOG', 'PAY'];
const WORDS = 'user account session token order invoice payment cart item price stock email message queue cache index search report export import audit log metric alert retry timeout limit page filter sort'.split(' ');

interface Lang {
  ext: string;
  line: (s: string) => string;
  block?: (s: string) => string;
  str: (s: string) => string;
  code: (name: string, r: () => number) => string;
}

const C_CODE = (kw: string) => (name: string, r: () => number) =>
  `${kw} ${name}(input, limit) {\n  let total = 0;\n  for (let i = 0; i < limit; i++) {\n    total += input[i] * ${Math.floor(r() * 100)};\n  }\n  return total;\n}\n`;

const LANGS: Lang[] = [
  { ext: 'ts', line: (s) => `// ${s}`, block: (s) => `/* ${s} */`, str: (s) => `const msg = "${s}";`, code: C_CODE('export function') },
  { ext: 'js', line: (s) => `// ${s}`, block: (s) => `/** ${s} */`, str: (s) => 'const t = `' + s + ' ${x}`;', code: C_CODE('function') },
  { ext: 'java', line: (s) => `// ${s}`, block: (s) => `/* ${s} */`, str: (s) => `String s = "${s}";`, code: C_CODE('public static int') },
  { ext: 'go', line: (s) => `// ${s}`, block: (s) => `/* ${s} */`, str: (s) => 'var s = `' + s + '`', code: C_CODE('func') },
  { ext: 'rs', line: (s) => `// ${s}`, block: (s) => `/* outer /* ${s} */ */`, str: (s) => `let s = r#"${s}"#;`, code: C_CODE('pub fn') },
  { ext: 'c', line: (s) => `// ${s}`, block: (s) => `/* ${s} */`, str: (s) => `const char *s = "${s}";`, code: C_CODE('int') },
  { ext: 'cs', line: (s) => `// ${s}`, block: (s) => `/* ${s} */`, str: (s) => `var s = @"${s}";`, code: C_CODE('public int') },
  {
    ext: 'py',
    line: (s) => `# ${s}`,
    str: (s) => `s = """${s}"""`,
    code: (n, r) => `def ${n}(items, limit):\n    total = 0\n    for i in range(limit):\n        total += items[i] * ${Math.floor(r() * 100)}\n    return total\n`,
  },
  {
    ext: 'rb',
    line: (s) => `# ${s}`,
    str: (s) => `s = "${s}"`,
    code: (n, r) => `def ${n}(items, limit)\n  total = 0\n  limit.times { |i| total += items[i] * ${Math.floor(r() * 100)} }\n  total\nend\n`,
  },
  {
    ext: 'sql',
    line: (s) => `-- ${s}`,
    block: (s) => `/* ${s} */`,
    str: (s) => `SELECT '${s}' AS label;`,
    code: (n, r) => `SELECT id, name, price * ${Math.floor(r() * 100)} AS ${n}\nFROM items\nWHERE price > 10\nORDER BY name;\n`,
  },
  {
    ext: 'lua',
    line: (s) => `-- ${s}`,
    block: (s) => `--[[ ${s} ]]`,
    str: (s) => `local s = [[${s}]]`,
    code: (n, r) => `local function ${n}(items, limit)\n  local total = 0\n  for i = 1, limit do total = total + items[i] * ${Math.floor(r() * 100)} end\n  return total\nend\n`,
  },
  {
    ext: 'sh',
    line: (s) => `# ${s}`,
    str: (s) => `echo "${s}"`,
    code: (n, r) => `${n}() {\n  local total=0\n  for i in $(seq 1 "$1"); do total=$((total + i * ${Math.floor(r() * 100)})); done\n  echo "$total"\n}\n`,
  },
  {
    ext: 'html',
    line: (s) => `<!-- ${s} -->`,
    str: (s) => `<p title="${s}">text</p>`,
    code: (n) => `<section id="${n}">\n  <h2>Section</h2>\n  <p>Some text for the page.</p>\n</section>\n`,
  },
];

export interface CorpusInfo {
  dir: string;
  files: number;
  bytes: number;
  requirements: number;
  references: number;
  hotId: string;
  /** A 50 KB source file for the edit benchmark. */
  editFile: string;
  /** Position of a reference to the hot requirement. */
  hotProbe: { file: string; line: number; character: number };
  /** Positions (0-based) of references, for hover/definition requests. */
  probes: Array<{ file: string; line: number; character: number }>;
}

/** Writes a corpus into `dir` (which must not exist or be empty). Deterministic for a seed. */
export function generateCorpus(dir: string, size: CorpusSize, seed = 42): CorpusInfo {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let files = 0;
  const write = (rel: string, text: string) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
    files++;
  };

  // Requirements: ids, statuses, a few deprecated, some parents, a few broken links.
  const ids: string[] = [];
  for (let i = 0; i < size.requirements; i++) ids.push(`${PREFIXES[i % PREFIXES.length]}-${Math.floor(i / PREFIXES.length) + 1}`);
  const hotId = ids[0];
  const title = () => `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} must be ${pick(['fast', 'audited', 'retried', 'cached', 'validated'])}`;
  const perSpec = 100;
  for (let s = 0; s * perSpec < ids.length; s++) {
    const chunk = ids.slice(s * perSpec, (s + 1) * perSpec);
    if (s % 3 === 2) {
      const items = chunk.map((id, k) => {
        const status = k % 50 === 7 ? 'deprecated' : 'approved';
        const parent = k > 0 && k % 10 === 0 ? `\n    parent: ${k % 500 === 0 ? 'NOPE-1' : chunk[0]}` : '';
        return `  - id: ${id}\n    title: ${title()}\n    status: ${status}\n    version: ${1 + (k % 3)}${parent}\n    description: |\n      The system ${pick(WORDS)}s every ${pick(WORDS)} within ${k} ms.\n`;
      });
      write(`specs/yaml/spec-${s}.yaml`, `requirements:\n${items.join('')}`);
    } else {
      const sections = chunk.map((id, k) => {
        const status = k % 50 === 7 ? 'deprecated' : 'approved';
        const parent = k > 0 && k % 10 === 0 ? `Parent: ${k % 500 === 0 ? 'NOPE-1' : chunk[0]}\n` : '';
        return `## ${id}: ${title()}\n\nStatus: ${status}\nVersion: ${1 + (k % 3)}\n${parent}\nThe system ${pick(WORDS)}s every ${pick(WORDS)} within ${k} ms. See ${pick(ids)} for context.\n\n`;
      });
      write(`specs/md/spec-${s}.md`, `# Spec ${s}\n\n${sections.join('')}`);
    }
  }

  // Sources: ~10 references each, a few hot ones, traps in strings, typos.
  let references = 0;
  let hotLeft = size.hotReferences;
  const probes: CorpusInfo['probes'] = [];
  let hotProbe: CorpusInfo['hotProbe'] | undefined;
  const covered = ids.slice(0, Math.floor(ids.length * 0.9)); // 10% stay uncovered
  let editFile = '';
  for (let f = 0; f < size.files; f++) {
    const lang = LANGS[f % LANGS.length];
    const isTest = f % 4 === 3;
    const rel = isTest ? `tests/t${Math.floor(f / 500)}/f${f}_test.${lang.ext}` : `src/m${Math.floor(f / 500)}/f${f}.${lang.ext}`;
    const target = f === 1 ? 50_000 : 4_000 + Math.floor(r() * 4_000);
    const lines: string[] = [];
    let len = 0;
    let n = 0;
    const push = (l: string) => {
      lines.push(l);
      len += l.length + 1;
    };
    // The edit benchmark's file always has a diagnostic, so every keystroke publishes.
    if (f === 1) push(lang.line('@impl NOPE-1'));
    while (len < target) {
      for (const l of lang.code(`fn_${f}_${n++}`, r).split('\n')) push(l);
      // About one tag per four blocks: ~10 references per file.
      if (r() >= 0.25) continue;
      const roll = r();
      const hot = hotLeft > 0 && r() < 0.1;
      const id = hot ? hotId : pick(covered);
      if (roll < 0.02) {
        push(lang.str(`see ${id} in a string`));
      } else if (roll < 0.03) {
        push(lang.line(`@impl ${id.replace(/-(\d+)$/, '-0$1')}`)); // typo: unknown (usually)
        references++;
      } else if (roll < 0.05) {
        push(lang.line(`@impl ${id}@1`));
        references++;
      } else {
        const verb = isTest ? '@test' : pick(['@impl', 'Implements:', '']);
        const text = `${verb} ${id}`.trim();
        const useBlock = lang.block && r() < 0.3;
        const line = useBlock ? lang.block!(text) : lang.line(text);
        const col = line.indexOf(id);
        if (hot) hotLeft--;
        if (id === hotId) hotProbe ??= { file: rel, line: lines.length, character: col + 1 };
        else probes.push({ file: rel, line: lines.length, character: col + 1 });
        push(line);
        references++;
      }
      if (n > 2000) break;
    }
    const text = lines.join('\n') + '\n';
    if (f === 1) editFile = rel;
    write(rel, text);
  }
  write('.gitignore', 'build/\n');
  if (!hotProbe) throw new Error('no reference to the hot requirement was generated');
  return { dir, files, bytes, requirements: ids.length, references, hotId, hotProbe, editFile, probes: probes.slice(0, 5000) };
}
