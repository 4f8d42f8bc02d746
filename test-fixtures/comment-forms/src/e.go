var s = `STR-1 // raw string`
// TAG-1
