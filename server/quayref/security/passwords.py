"""User passwords: bcrypt at Quay's cost (12)."""

import bcrypt

COST = 12
MAX_BYTES = 72  # bcrypt's limit; longer passwords are refused, never silently truncated

_DUMMY = bcrypt.hashpw(b"quayref-dummy-password", bcrypt.gensalt(COST))


def hash_password(password):
    raw = password.encode("utf-8")
    if len(raw) > MAX_BYTES:
        raise ValueError("password is longer than %d bytes" % MAX_BYTES)
    return bcrypt.hashpw(raw, bcrypt.gensalt(COST)).decode("ascii")


def verify_password(password, stored_hash):
    """True when `password` matches; with no stored hash a dummy check keeps the timing equal."""
    raw = password.encode("utf-8")
    target = stored_hash.encode("ascii") if stored_hash else _DUMMY
    if len(raw) > MAX_BYTES:
        raw = raw[:MAX_BYTES]
        stored_hash = None  # checked for timing only; never a match
    try:
        matched = bcrypt.checkpw(raw, target)
    except ValueError:
        return False
    return matched and bool(stored_hash)
