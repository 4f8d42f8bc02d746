/* outer /* nested one */ TAG-1 still inside the outer comment */
let s = r#"STR-1 "// not a comment" "#;
let c = '"'; // TAG-1
fn f<'a>(x: &'a str) {} // TAG-1 after a lifetime
