package shop;

import java.util.Optional;

// [impl->dsn~user-store~1]
public interface UserStore {
    Optional<Customer> find(String email);
}
