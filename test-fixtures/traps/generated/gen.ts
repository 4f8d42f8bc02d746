// @impl TRAP-404 in a gitignored folder
