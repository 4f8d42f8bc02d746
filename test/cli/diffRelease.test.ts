/**
 * `reqtrace diff` on requirements that move to another release, in real git
 * repositories: a house Markdown requirement (`Release:`) and a Doorstop item
 * whose release attribute is named in reqtrace.yaml. A release-only change is
 * listed as a change of `release` in every format, and makes nothing suspect:
 * the requirement asks the same, only later (or sooner).
 */
import * as assert from 'node:assert/strict';
import { git, makeRepo, runCliOn, write } from './gitRepo';

const SPEC = (release: string, text = 'Users log in with a password.') => `# Requirements

## AUTH-001: Login

Status: approved
Release: ${release}

${text}

## AUTH-002: Sessions

Parent: AUTH-001

Sessions expire.
`;

const ITEM = (release: string) => `active: true
header: |
  Export
links: []
normative: true
reviewed: null
target_release: ${release}
text: |
  Users export their data.
`;

const FILES = {
  'reqtrace.yaml': 'needs: [impl]\nrelease:\n  doorstop: target_release\n',
  'specs/req.md': SPEC('1.0'),
  'reqs/.doorstop.yml': 'settings:\n  digits: 3\n  prefix: REQ\n  sep: ""\n',
  'reqs/REQ001.yml': ITEM('1.0'),
  'src/login.ts': '// @impl AUTH-001\nexport const login = 1;\n// @impl AUTH-002\n// Implements: REQ001\n',
};

interface Json {
  requirements: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };
  suspects: Array<{ requirement: string; file: string; line: number; kind: string; fields: string[] }>;
}

function diff(repo: string, format: string): { stdout: string; code: number | null } {
  const r = runCliOn(repo, ['diff', 'HEAD', '--format', format]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return r;
}

describe('reqtrace diff: releases', () => {
  it('a requirement moved to another release is changed in release only, and makes nothing suspect', () => {
    const repo = makeRepo(FILES, 'diff-release');
    write(repo, { 'specs/req.md': SPEC('2.0'), 'reqs/REQ001.yml': ITEM('2.10') });
    const json = JSON.parse(diff(repo, 'json').stdout) as Json;
    assert.deepEqual(json.requirements, {
      added: [],
      removed: [],
      changed: [
        { id: 'AUTH-001', fields: ['release'] },
        { id: 'REQ001', fields: ['release'] },
      ],
    });
    assert.deepEqual(json.suspects, []);
    const text = diff(repo, 'text').stdout;
    assert.match(text, /^ {2}~ AUTH-001: release: 1\.0 → 2\.0$/m);
    assert.match(text, /^ {2}~ REQ001: release: 1\.0 → 2\.10$/m);
    assert.match(text, /^suspects: 0$/m);
    assert.match(diff(repo, 'markdown').stdout, /\*\*AUTH-001\*\* Login — release: 1\.0 → 2\.0/);
  });

  it('a release that comes with a text change: the text makes the suspects, the release does not', () => {
    const repo = makeRepo(FILES, 'diff-release');
    write(repo, { 'specs/req.md': SPEC('2.0', 'Users log in with a passkey.') });
    const json = JSON.parse(diff(repo, 'json').stdout) as Json;
    assert.deepEqual(json.requirements.changed, [{ id: 'AUTH-001', fields: ['text', 'release'] }]);
    assert.ok(json.suspects.length > 0);
    for (const s of json.suspects) assert.deepEqual(s.fields, ['text'], `${s.file}:${s.line}`);
  });

  it('a release given a value for the first time, between two commits', () => {
    const repo = makeRepo({ ...FILES, 'reqtrace.yaml': 'needs: [impl]\n' }, 'diff-release');
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    // The mapping arrives with the commit: at the base, the Doorstop item had no release reqtrace could read.
    write(repo, { 'reqtrace.yaml': FILES['reqtrace.yaml'] });
    git(repo, 'commit', '-qam', 'map the release');
    const r = runCliOn(repo, ['diff', base, '--head', 'HEAD', '--format', 'json']);
    const json = JSON.parse(r.stdout) as Json;
    assert.deepEqual(json.requirements.changed, [{ id: 'REQ001', fields: ['release'] }]);
    assert.deepEqual(json.suspects, []);
  });
});
