package shop;

import java.util.HashMap;
import java.util.Map;

// [impl~~2->dsn~login.lockout-counter~1]
public class Lockout {
    private static final int MAX_FAILURES = 5;
    private final Map<String, Integer> failures = new HashMap<>();

    public boolean isLocked(String email) {
        return failures.getOrDefault(email, 0) >= MAX_FAILURES;
    }

    public void record(String email, boolean success) {
        failures.put(email, success ? 0 : failures.getOrDefault(email, 0) + 1);
    }
}
