/**
 * `recheck` in the browser bundles. Its 3.5 MB ReDoS checker is not bundled there, so a custom
 * `idPattern` cannot be proven safe and is rejected with this reason (the default pattern
 * needs no check). Globs are bounded without recheck and work as on the desktop.
 */
export function checkSync(): { status: 'unknown'; error: { kind: string } } {
  return { status: 'unknown', error: { kind: 'custom ID patterns are not checked in the browser build: use the desktop extension or the CLI for them' } };
}
