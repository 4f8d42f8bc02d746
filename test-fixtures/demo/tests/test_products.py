# @test API-001
def test_list_products():
    assert "API-002" not in []
