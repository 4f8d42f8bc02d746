// Suspect references in a real VS Code (code-server): a git repository made in
// a temporary folder, whose requirement AUTH-001 changed after the line
// referencing it was committed. Hovering the reference shows the commit that
// changed it and the word diff of its text since; the screenshot is
// artifacts/e2e/suspects-01-hover.png. The repository is left as it was.
import * as assert from 'node:assert/strict';
import { packagedVsix } from './codeServer';
import { e2eSession } from './session';
import { TempRepo } from '../unit/gitRepo';

const T = (n: number) => 1_700_000_000 + n * 100_000;
const SPEC = (text: string) => `# Login\n\n## AUTH-001: Users log in\n\nStatus: approved\n\n${text}\n`;
const CODE = '// @impl AUTH-001\nexport function login(email: string, secret: string): boolean {\n  return email.length > 0 && secret.length > 0;\n}\n';

describe('reqtrace in VS Code (code-server): suspect references', function () {
  let repo: TempRepo | undefined;
  const s = e2eSession();
  let pristine: ReturnType<TempRepo['snapshot']> | undefined;

  before(async function () {
    repo = new TempRepo('reqtrace-e2e-suspects-');
    repo.commit(T(1), 'Log in with a password', {
      // reqtrace.yaml activates the extension when the folder opens.
      'reqtrace.yaml': 'specs: ["docs/**/*.md"]\n',
      'docs/spec.md': SPEC('A registered user signs in with their email address and a password.'),
      'src/login.ts': CODE,
    });
    repo.commit(T(2), 'Passkeys instead of passwords', { 'docs/spec.md': SPEC('A registered user signs in with their email address and a passkey.') }, 'Bea Builder');
    pristine = repo.snapshot();
    // The test settings turn workspace trust off: the workspace counts as trusted, so git may run.
    await s.open(repo.root, { vsix: packagedVsix(), screenshotPrefix: 'suspects', status: /Req \d+%/ });
  });

  // Registered after the session's hooks, so it runs once code-server has stopped.
  after(function () {
    repo?.dispose();
  });

  it('hover on a suspect reference shows the commit that changed the requirement and the word diff', async function () {
    const w = s.workbench();
    await w.openFile('src/login.ts');
    const text = await w.hover('AUTH-001', { line: 1, expect: /Changed after this line was written/ });
    assert.match(text, /Changed after this line was written: in [0-9a-f]{7} by Bea Builder on \d{4}-\d\d-\d\d \("Passkeys instead of passwords"\)/, text);
    // Rendered Markdown: the old word struck through, the new one in bold.
    const content = w.page.locator('.monaco-hover-content').filter({ hasText: 'Changed after this line was written' }).first();
    assert.equal(await content.locator('del, s').first().innerText(), 'password');
    assert.ok((await content.locator('strong').allInnerTexts()).includes('passkey'), await content.innerHTML());
    await w.screenshot('01-hover');
    assert.deepEqual(repo!.snapshot(), pristine, 'the repository changed');
  });
});
