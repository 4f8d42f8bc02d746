/**
 * `node:url` in the browser bundles: `file:` URLs and POSIX paths, for the code that handles
 * `file:` workspace folders (the browser build reads every folder through the client, whatever
 * its scheme, so these are rarely reached).
 */
export function fileURLToPath(url: string | URL): string {
  const u = new URL(String(url));
  if (u.protocol !== 'file:') throw new TypeError(`not a file URL: ${url}`);
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${path.split('/').map(encodeURIComponent).join('/')}`);
}
