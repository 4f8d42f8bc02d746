def test_add_to_cart():
    """@relation(SHOP-CART, SHOP-GONE, scope=function)"""
