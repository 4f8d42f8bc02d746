/**
 * A generated git history for the `check --suspects` benchmark: a copy of a
 * corpus whose files went through COMMITS commits. The first commit holds
 * every file, with older texts for the requirements that change later; each
 * later commit changes a few requirements' texts to their final wording and
 * appends the last lines of a few source files. The last commit is the
 * corpus as generated, so the work tree is clean. Written in one `git
 * fast-import` stream: seconds for 10,000 files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng, type CorpusInfo } from './corpus';

export const COMMITS = 200;
const START = 1_700_000_000;

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, p));
    else out.push(p);
  }
  return out;
}

/** The spec text with the requirement's "The system" sentence worded as before its change. */
function olderWording(text: string, id: string): string {
  const at = text.search(new RegExp(`(^## ${id}:|- id: ${id}\\n)`, 'm'));
  const sentence = at < 0 ? -1 : text.indexOf('The system', at);
  return sentence < 0 ? text : text.slice(0, sentence) + 'The service' + text.slice(sentence + 'The system'.length);
}

/** Copies the corpus to `dir` (when not there yet) and gives it the generated history. Returns the number of requirement changes. */
export function corpusWithHistory(info: CorpusInfo, dir: string): { changes: number; touched: number } {
  const stamp = path.join(dir, '.history-done.json');
  if (fs.existsSync(stamp)) return JSON.parse(fs.readFileSync(stamp, 'utf8')) as { changes: number; touched: number };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(info.dir, dir, { recursive: true });
  const r = rng(7);
  const files = listFiles(dir).sort();
  const specs = files.filter((f) => f.startsWith('specs/'));
  const sources = files.filter((f) => f.startsWith('src/') || f.startsWith('tests/'));
  const isSource = new Set(sources);
  const finalText = new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  // Which requirement changes in which commit (1-based; commit 1 is the first), and which files grow then.
  const perCommit = Math.max(1, Math.round(info.requirements / 2000));
  const touchPerCommit = Math.max(1, Math.round(sources.length / 1000));
  const changeAt = new Map<string, Array<{ id: string; commit: number }>>();
  const ids = new Map<string, string[]>();
  for (const spec of specs) ids.set(spec, [...finalText.get(spec)!.matchAll(/^(?:## ([A-Z0-9-]+):|  - id: ([A-Z0-9-]+))/gm)].map((m) => m[1] ?? m[2]));
  let changes = 0;
  let touched = 0;
  const growAt = new Map<string, number>();
  for (let c = 2; c <= COMMITS; c++) {
    for (let k = 0; k < perCommit; k++) {
      const spec = specs[Math.floor(r() * specs.length)];
      const list = ids.get(spec)!;
      const id = list[Math.floor(r() * list.length)];
      const l = changeAt.get(spec) ?? [];
      if (l.some((x) => x.id === id)) continue;
      l.push({ id, commit: c });
      changeAt.set(spec, l);
      changes++;
    }
    for (let k = 0; k < touchPerCommit; k++) {
      const f = sources[Math.floor(r() * sources.length)];
      if (!growAt.has(f)) {
        growAt.set(f, c);
        touched++;
      }
    }
  }
  const specAt = (spec: string, commit: number) => {
    let text = finalText.get(spec)!;
    for (const { id, commit: c } of changeAt.get(spec) ?? []) if (c > commit) text = olderWording(text, id);
    return text;
  };
  const sourceAt = (file: string, commit: number) => {
    const text = finalText.get(file)!;
    if ((growAt.get(file) ?? 0) <= commit) return text;
    const lines = text.split('\n');
    return lines.slice(0, Math.max(1, lines.length - 6)).join('\n') + '\n';
  };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const chunks: Buffer[] = [];
  const emit = (s: string | Buffer) => chunks.push(typeof s === 'string' ? Buffer.from(s) : s);
  const data = (text: string) => {
    const b = Buffer.from(text);
    emit(`data ${b.length}\n`);
    emit(b);
    emit('\n');
  };
  for (let c = 1; c <= COMMITS; c++) {
    const when = `${START + c * 3600} +0000`;
    emit(`commit refs/heads/main\nmark :${c}\nauthor Bench <bench@example.com> ${when}\ncommitter Bench <bench@example.com> ${when}\n`);
    data(`Commit ${c}`);
    if (c > 1) emit(`from :${c - 1}\n`);
    const changed = c === 1 ? files : [...specs.filter((s) => (changeAt.get(s) ?? []).some((x) => x.commit === c)), ...[...growAt].filter(([, g]) => g === c).map(([f]) => f)];
    for (const f of changed) {
      emit(`M 100644 inline ${f}\n`);
      data(f.startsWith('specs/') ? specAt(f, c) : isSource.has(f) && c === 1 ? sourceAt(f, 1) : finalText.get(f)!);
    }
  }
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks), maxBuffer: 1 << 28 });
  if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr}`);
  // The work tree is the last commit: give the index its stat data so that git sees it clean.
  execFileSync('git', ['reset', '-q'], { cwd: dir });
  const status = execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' });
  if (status !== '') throw new Error(`the generated history does not end in the corpus:\n${status.slice(0, 500)}`);
  const result = { changes, touched };
  fs.writeFileSync(stamp, JSON.stringify(result));
  fs.appendFileSync(path.join(dir, '.git/info/exclude'), '.history-done.json\n');
  return result;
}
