"""
The shopping cart.

@relation(SHOP-CART, scope=file)
"""


class Cart:
    """@relation(SHOP-CART, scope=class, role=Implementation)"""

    def __init__(self):
        # @relation(DESIGN-CART-STORE, scope=range_start)
        self.items = {}
        self.owner = None
        # @relation(DESIGN-CART-STORE, scope=range_end)

    def describe(self):
        return "@relation(SHOP-NOT-A-MARKER, scope=line)"
