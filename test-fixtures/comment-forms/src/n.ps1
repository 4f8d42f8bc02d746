$s = "STR-1 # string"
<# TAG-1 block #>
# TAG-1
