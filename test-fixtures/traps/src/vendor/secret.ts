// @impl TRAP-406 ignored by a nested .gitignore
