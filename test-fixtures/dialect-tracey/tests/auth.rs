// r[verify auth.login+2]
#[test]
fn login_needs_a_token() {}

// r[verify auth.logout]
#[test]
fn logout_works() {}

// @tracey:ignore-next-line
// r[verify audit.log] is only mentioned here
#[test]
fn nothing() {}
