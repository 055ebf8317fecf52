"""User passwords: bcrypt at Quay's cost (12)."""

import bcrypt

COST = 12
MAX_BYTES = 72  # bcrypt's limit; longer passwords are refused, never silently truncated

# A cost-12 hash of a password no account has, for the unknown-user check. Written out rather than
# computed at import, which cost every server and CLI process 0.3 s of CPU; a test checks its cost.
_DUMMY = b"$2b$12$h2nM7g6QsJoJqIP/v1viweLHLvICp9Txu6puFZFQnj09JszXXzM0C"


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
