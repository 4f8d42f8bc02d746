"""Session handling.

AUTH-002 is mentioned in this docstring, which is a string, not a comment.
"""
import time

IDLE_SECONDS = 30 * 60  # Implements: AUTH-002@0


def is_expired(last_seen: float) -> bool:
    # @impl AUTH-002
    return time.time() - last_seen > IDLE_SECONDS
