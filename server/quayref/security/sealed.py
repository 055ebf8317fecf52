"""Secrets the server must give back (an OAuth application's client_secret, as Quay's
app view does): Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY
by HKDF-SHA256, so the database holds no plaintext and a changed SECRET_KEY makes old
values unreadable rather than wrong."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Domain separation: the same SECRET_KEY also keys the token and session hashes.
INFO = b"quayref oauth application client_secret v1"


@functools.lru_cache(maxsize=4)
def _fernet(secret_key, info=INFO):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value, secret_key, info=INFO):
    """`info` separates what is sealed for different uses under the one SECRET_KEY."""
    return _fernet(secret_key, info).encrypt(value.encode("utf-8")).decode("ascii")


def unseal(token, secret_key):
    """The plaintext, or None when there is nothing sealed or it was sealed under another key."""
    if not token:
        return None
    try:
        return _fernet(secret_key).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None
