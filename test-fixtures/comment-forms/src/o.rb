s = "STR-1 # string"
# TAG-1
=begin
TAG-1
=end
