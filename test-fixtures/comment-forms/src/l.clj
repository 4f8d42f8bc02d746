(def s "STR-1 ; string")
; TAG-1
