"""STR-1 in a docstring # not a comment"""
x = '''STR-1'''  # TAG-1
y = r"STR-1 \" # still a string"  # @impl TAG-1
