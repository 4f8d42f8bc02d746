"""Login and sessions, traced to the Doorstop tree in reqs/."""


# @impl LLR001
def login(email, password):
    # Implements: REQ001 (REQ001 also fixes the password rules)
    return {"email": email, "idle": 0}


# @impl LLR002, REQ002
def touch(session):
    session["idle"] = 0


# @impl LLR003
# @impl REQ003 -- single sign-on is inactive in the Doorstop tree
def saml_login(assertion):
    raise NotImplementedError(assertion)
