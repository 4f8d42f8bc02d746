/**
 * `reqtrace-language-server`: the language server as a command, for editors other than VS Code.
 * vscode-languageserver reads the transport from the command line and throws a stack trace at
 * the user when there is none, so this entry checks for one first: without it, a usage line
 * and exit 2. The server itself is the bundle beside this one (`server.js`), loaded as it is,
 * so that its index worker threads run that file too.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';

const USAGE = 'usage: reqtrace-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME';
const ABOUT = 'The reqtrace language server (LSP): an editor starts it and talks to it over the transport given.';

/** What to do for these arguments: start the server, or print and exit with a code. */
function decide(args: string[]): { start: true } | { start: false; out: 'stdout' | 'stderr'; text: string; code: number } {
  const { values } = parseArgs({
    args,
    // The editor may add its own arguments (--clientProcessId=N); the server reads those.
    strict: false,
    options: {
      stdio: { type: 'boolean' },
      'node-ipc': { type: 'boolean' },
      socket: { type: 'string' },
      pipe: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) return { start: false, out: 'stdout', text: `${USAGE}\n${ABOUT}\n`, code: 0 };
  if (values.version) return { start: false, out: 'stdout', text: `${version}\n`, code: 0 };
  if (values.stdio === true || values['node-ipc'] === true) return { start: true };
  if (values.socket !== undefined) {
    const port = Number(values.socket);
    if (typeof values.socket === 'string' && Number.isInteger(port) && port > 0 && port < 65536) return { start: true };
    return { start: false, out: 'stderr', text: `reqtrace-language-server: --socket needs a port number (1-65535)\n${USAGE}\n`, code: 2 };
  }
  if (typeof values.pipe === 'string' && values.pipe !== '') return { start: true };
  if (values.pipe !== undefined) return { start: false, out: 'stderr', text: `reqtrace-language-server: --pipe needs a pipe name\n${USAGE}\n`, code: 2 };
  return { start: false, out: 'stderr', text: `reqtrace-language-server: no transport given\n${USAGE}\n`, code: 2 };
}

const decision = decide(process.argv.slice(2));
if (decision.start) {
  require(path.join(__dirname, 'server.js'));
} else {
  process[decision.out].write(decision.text);
  process.exitCode = decision.code;
}
