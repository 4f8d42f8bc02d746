# @impl LNK-1
