// @impl XSS-001
// @test XSS-001
// @impl XSS-002
// Remember: @impl XSS-003 is deprecated.
// @impl XSS-999 is not defined.
export const answer = 42;
