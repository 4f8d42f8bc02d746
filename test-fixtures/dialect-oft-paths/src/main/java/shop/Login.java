package shop;

// [impl->dsn~login~1>>utest]
// [utest->dsn~login~1]
public class Login {
    public boolean check(String email, String password) {
        return false;
    }
}
