/** What an e2e suite prints when a test failed: a screenshot, code-server's output and the extension host's logs. */
import type { CodeServer } from './codeServer';
import type { Workbench } from './workbench';

export async function reportFailure(title: string, wb: Workbench | undefined, server: CodeServer | undefined, extra = ''): Promise<void> {
  const shot = await wb?.screenshot(`FAILED-${title}`).catch(() => undefined);
  console.error(`screenshot: ${shot}${extra ? `\n${extra}` : ''}`);
  console.error(`code-server output:\n${server?.logs().slice(-3000)}`);
  for (const [name, text] of Object.entries(server?.logFiles() ?? {})) {
    if (name.endsWith('remoteexthost.log') || /reqtrace/i.test(name)) console.error(`${name}:\n${text.slice(-3000)}`);
  }
  if (wb?.errors().length) console.error(`page errors:\n${wb.errors().join('\n')}`);
}
