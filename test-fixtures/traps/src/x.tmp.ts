// @impl TRAP-405 ignored by a glob
