from src.auth import login, touch


# @test LLR001
# Verifies: REQ001
def test_login():
    assert login("a@example.com", "pw")["idle"] == 0


# Verifies: LLR002, LLR003
def test_idle_timer():
    session = {"idle": 5}
    touch(session)
    assert session["idle"] == 0
