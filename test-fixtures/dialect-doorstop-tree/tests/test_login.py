# @test SYS001, LLR001
def test_login():
    pass
