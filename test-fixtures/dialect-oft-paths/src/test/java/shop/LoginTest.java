package shop;

// [utest->impl~login~0]
class LoginTest {
    void rejectsAWrongPassword() {
    }
}
