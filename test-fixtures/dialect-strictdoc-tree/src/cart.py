"""The cart."""


def add_to_cart(cart, product):
    """
    @relation(SHOP-CART, scope=function)
    """
    cart.append(product)


# @relation(SHOP-REFUND, scope=line)
def refund(order):
    pass
