"""Quay's credential format: 40 characters [A-Za-z0-9], a 20-character lookup key and a 20-character secret.

The secret has ~119 bits of entropy, so one keyed SHA-256 is the right hash (a slow
password hash would only slow every API call); comparison is constant time.
"""

import hashlib
import hmac
import secrets
import string

ALPHABET = string.ascii_letters + string.digits
# Quay's own tokens, client credentials and generated passwords are of capitals and digits; still
# credentials of the shape above.
UPPER_ALPHABET = string.ascii_uppercase + string.digits
LOOKUP_LENGTH = 20
CREDENTIAL_LENGTH = 40
_ALLOWED = frozenset(ALPHABET)


def random_string(length, alphabet=ALPHABET):
    return "".join(secrets.choice(alphabet) for _index in range(length))


def new_credential(alphabet=ALPHABET):
    """Return (credential, lookup, secret) for a fresh token or session."""
    value = random_string(CREDENTIAL_LENGTH, alphabet)
    return value, value[:LOOKUP_LENGTH], value[LOOKUP_LENGTH:]


def split_credential(value):
    """(lookup, secret) when `value` has the token shape, else None."""
    if len(value) != CREDENTIAL_LENGTH or not _ALLOWED.issuperset(value):
        return None
    return value[:LOOKUP_LENGTH], value[LOOKUP_LENGTH:]


def hash_secret(secret, key):
    return hmac.new(key.encode("utf-8"), secret.encode("utf-8"), hashlib.sha256).hexdigest()


def verify_secret(secret, stored_hash, key):
    return hmac.compare_digest(hash_secret(secret, key), stored_hash)


# Compared against when the lookup key is unknown, so that "unknown token" and
# "wrong secret" cost the same.
DUMMY_HASH = hashlib.sha256(b"quayref-dummy").hexdigest()
