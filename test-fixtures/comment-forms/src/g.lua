local s = [[STR-1 -- long string]]
--[[ TAG-1 long comment ]]
-- TAG-1
