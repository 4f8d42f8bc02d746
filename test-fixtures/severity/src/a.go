// @impl SEV-1@2
// @impl SEV-9
