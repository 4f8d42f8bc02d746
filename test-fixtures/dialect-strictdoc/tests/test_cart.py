# @relation(SHOP-CART, SHOP-CHECKOUT, scope=file)


def test_cart_survives_visits():
    """@relation(DESIGN-CART-STORE, scope=function, role=Test)"""
    assert True
