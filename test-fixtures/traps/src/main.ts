// TODO(JIRA-123): a foreign key with an unknown prefix is not a reference
// See also ABC-1 and PROJ-42.
// @impl TRAP-1
