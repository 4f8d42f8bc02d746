package shop;

/** Logs customers in. */
public class LoginService {
    private final UserStore store;
    private final Lockout lockout;

    public LoginService(UserStore store, Lockout lockout) {
        this.store = store;
        this.lockout = lockout;
    }

    // [impl->dsn~login.password-check~1]
    public boolean logIn(String email, String password) {
        if (lockout.isLocked(email)) {
            return false;
        }
        boolean ok = store.find(email).map(c -> Passwords.matches(password, c.hash())).orElse(false);
        lockout.record(email, ok);
        return ok;
    }

    // [impl->dsn~login.remember-me~1]
    public String rememberMe(String email) {
        return Tokens.issue(email);
    }
}
