// r[impl auth.login]
// Written against the password form (version 1): stale since the spec is at +2.
pub fn login_with_password(user: &str, password: &str) -> bool {
    !user.is_empty() && !password.is_empty()
}

// r[depends audit.log]
// This is `r[impl not.an.annotation]`, quoted in backticks.
pub fn sign_in_hook() {}
