// @impl TRAP-2 in a file with a BOM
