# Implements: REQ001
def login(email, password):
    # @impl NEED_LOGIN
    return True


def checkout(cart):
    """@relation(PLAN-1, scope=function)"""
    return sum(cart)
