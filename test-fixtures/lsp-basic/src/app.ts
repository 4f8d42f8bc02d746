// Shop application. JIRA-7 is a ticket, not a requirement.
import { readFileSync } from 'node:fs';

// Implements: SHOP-001
export function login(user: string): boolean {
  return user.length > 0; // @impl SHOP-001@1
}

/*
 * Lists the products.
 * @impl API-010
 */
export function listProducts(): string[] {
  return ["SHOP-004 in a string is not a reference"];
}

// Guest checkout stays for old clients: SHOP-003
export function guestCheckout(): string {
  return readFileSync('guest.txt', 'utf8');
}

// @impl SHOP-014
export const TAX_RATE = 0.2;
