package shop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginServiceTest {
    private final FakeUserStore store = new FakeUserStore("ann@example.com", "secret");
    private final LoginService service = new LoginService(store, new Lockout());

    // [utest->dsn~login.password-check~2]
    @Test
    void acceptsTheRightPassword() {
        assertTrue(service.logIn("ann@example.com", "secret"));
    }

    // [utest->dsn~login.lockout-counter~2]
    @Test
    void locksTheAccountAfterFiveFailures() {
        for (int i = 0; i < 5; i++) {
            service.logIn("ann@example.com", "wrong");
        }
        assertFalse(service.logIn("ann@example.com", "secret"));
    }
}
