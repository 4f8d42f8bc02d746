SELECT 'STR-1 -- it''s a string' FROM t; -- TAG-1
/* TAG-1 */
