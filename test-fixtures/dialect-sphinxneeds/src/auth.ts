// Login and sessions, traced to the sphinx-needs export in docs/_export/needs.json.

// @impl REQ_001
export function login(email: string, password: string): boolean {
  // Implements: SPEC_AUTH_1 (see also REQ_002 for the timeout)
  return email.length > 0 && password.length > 0;
}

/* SPEC_AUTH_2: sessions expire; MAX_IDLE_MINUTES is not a need */
export const MAX_IDLE_MINUTES = 15;

// @impl REQ_OLD_1 -- only in the 1.0 history of the export
export function rememberMe(): void {}
