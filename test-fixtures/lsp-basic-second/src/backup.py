# @impl OPS-001
def backup():
    return True


# @impl SHOP-001
def login():
    return True
