/**
 * The planning workspace the status-for-planners tests share (report groups,
 * roll-up, the Requirements view's hierarchy): releases in both house
 * formats, a diamond, a cycle nothing leads into, a draft. Each test adds the
 * cases only it needs.
 */

/** A Markdown spec: F-1 ← ← S-1 (a diamond), S-2 under R-1, C-1 ⇄ C-2, a draft D-1. */
export const PLAN_SPEC = `# Plan

## F-1: Checkout
Release: 2.10
Tags: shop, pay

## R-1: Card payment
Release: 2.9
Parent: F-1
Tags: pay

## R-2: Invoice payment
Parent: F-1

## S-1: 3-D Secure
Parent: R-1, R-2
Release: 2.9

## S-2: Card tokens
Parent: R-1

## C-1: One side of a cycle
Parent: C-2

## C-2: The other side
Parent: C-1

## D-1: Someday
Status: draft
Parent: F-1
`;

/** The YAML spec's first requirement, with a release. */
export const PLAN_YAML_SPEC = `requirements:
  - id: Y-1
    title: From YAML
    release: 2.10
`;

/** Code covering F-1, R-1, S-2 and C-1 (impl and test each). */
export const PLAN_CODE = `// @impl F-1 @test F-1
// @impl R-1 @test R-1
// @impl S-2 @test S-2
// @impl C-1 @test C-1
`;
