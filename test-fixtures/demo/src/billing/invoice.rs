/// Invoice numbering.
// @impl BILL-001
pub fn next_number(prev: u64) -> u64 {
    let _label = r#"BILL-001 in a raw string"#;
    prev + 1
}
