Dim s = "STR-1 ' not a comment"
' TAG-1
REM TAG-1
