# Login and lockout.


# @impl LLR001, LLR002
def login(email, password):
    pass


# @impl HLR004: inactive, so not a requirement
def sso_login():
    pass
