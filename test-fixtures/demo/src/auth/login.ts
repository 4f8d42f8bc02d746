import { hashPassword } from './hash';

const MAX_ATTEMPTS = 5;
// The message below names a requirement inside a string: strings are never references.
const LOCKED_MESSAGE = "Account locked (see AUTH-002)";

/**
 * Signs a user in.
 * @impl AUTH-001@2
 */
export async function login(email: string, password: string, attempts: number): Promise<boolean> {
  if (attempts >= MAX_ATTEMPTS) throw new Error(LOCKED_MESSAGE);
  const hash = await hashPassword(password); // Implements: AUTH-003
  return lookup(email) === hash;
}

// Remember the user for 30 days. Implements: AUTH-005
export function rememberMe(): string {
  return 'remember-me';
}

// TODO(JIRA-123): move to the user service. AUTH-01 covers the lockout.
function lookup(email: string): string {
  return email;
}
