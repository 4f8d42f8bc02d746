// r[impl auth.login+2]
pub fn login(token: &str) -> bool {
    !token.is_empty()
}

// r[impl auth.logout]
pub fn logout() {}

/// r[impl auth.session.expiry]: checked on every request
pub fn expired(idle_minutes: u32) -> bool {
    idle_minutes >= 30
}

// r[impl auth.logut]
pub fn logout_all() {
    let s = "r[impl auth.in-a-string]";
    let _ = s;
}
