S = "STR-1 % string",
% TAG-1
