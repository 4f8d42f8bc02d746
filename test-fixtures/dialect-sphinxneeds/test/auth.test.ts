import { login } from '../src/auth';

// @test REQ_001, SPEC_AUTH_1
export function testLogin(): void {
  if (!login('a@example.com', 'pw')) throw new Error('login failed');
}

// Verifies: SPEC_AUTH_2
export function testTimeout(): void {}
