// TAG-1 line comment
/* TAG-1 block comment */
const char *s = "STR-1 // not a comment";
char c = '"'; /* TAG-1 after a char literal */
