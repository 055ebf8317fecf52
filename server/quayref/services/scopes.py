"""Quay's OAuth scopes: parsing, normalising and what each scope implies."""

import re

from quayref.services.errors import InvalidRequest, RequestError

SCOPES = (
    "repo:read", "repo:write", "repo:admin", "repo:create",
    "user:read", "user:admin", "org:admin", "super:user",
)

# A broader scope carries the narrower ones, as in Quay (repo:admin may read).
IMPLIED = {
    "repo:admin": {"repo:admin", "repo:write", "repo:read", "repo:create"},
    "repo:write": {"repo:write", "repo:read"},
    "user:admin": {"user:admin", "user:read"},
}


def parse(value, field="scope"):
    """Split on spaces or commas, de-duplicate keeping order; refuse unknown or empty."""
    if not isinstance(value, str):
        raise InvalidRequest("%s: must be a string of scopes" % field)
    names = []
    for name in re.split(r"[\s,]+", value.strip()):
        if not name:
            continue
        if name not in SCOPES:
            raise InvalidRequest("%s: unknown scope %r; known scopes: %s" % (field, name[:64], " ".join(SCOPES)))
        if name not in names:
            names.append(name)
    if not names:
        raise InvalidRequest("%s: at least one scope is required" % field)
    return names


def parse_as_quay(value):
    """Quay's reading: commas count as spaces and repeats are dropped, keeping the order given
    ("repo:read,repo:write repo:read" -> repo:read, repo:write); no scope at all or an unknown one is
    Quay's 400 {"message": "Invalid scope: <the value as sent>"}."""
    names = list(dict.fromkeys(value.replace(",", " ").split())) if isinstance(value, str) else []
    if not names or any(name not in SCOPES for name in names):
        raise RequestError("Invalid scope: %s" % (value,))
    return names


def expand(names):
    granted = set()
    for name in names:
        granted |= IMPLIED.get(name, {name})
    return frozenset(granted)
