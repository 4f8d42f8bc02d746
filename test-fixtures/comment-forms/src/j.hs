s = "STR-1 -- string"
{- TAG-1 {- nested -} still comment -}
-- TAG-1
