# Cart storage. Implements: SHOP-002
def save_cart(cart):
    return dict(cart)
