"""Opaque keyset cursors: the client passes back what it got, it never builds one.

Two kinds. quayref's own (`PLAIN`): base64 "v1:<id>", and a cursor it did not issue is a 400
naming next_page. Quay's (Profile.sealed_page_tokens, `cursors_for`): a Fernet token under a key
derived from SECRET_KEY, so a client can neither read nor forge one; as in Quay, one that does not
decrypt (garbage, empty, tampered, another SECRET_KEY) or is older than two days is the first page.
"""

import base64
import binascii
import datetime
import functools
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from quayref.services.errors import InvalidRequest

PAGE_SIZE = 50
# Row ids are 32-bit on PostgreSQL: a larger number cannot be ours and must not reach the query.
MAX_ID = 2**31 - 1
# Quay's page tokens live two days.
SEALED_LIFETIME_S = int(datetime.timedelta(days=2).total_seconds())
# The sealed payload is padded to this many bytes: Fernet then always gives 184 characters, as Quay's do,
# and the length tells nothing about the id.
SEALED_PAYLOAD_BYTES = 64
# Domain separation: the same SECRET_KEY also keys the token hashes and the sealed client secrets.
SEALED_INFO = b"quayref page token v1"


class PlainCursors:
    """quayref's cursor: readable, and refused (400) when it is not one it issued."""

    @staticmethod
    def encode(last_id):
        return base64.urlsafe_b64encode(("v1:%d" % last_id).encode("ascii")).decode("ascii").rstrip("=")

    @staticmethod
    def decode(cursor):
        if cursor is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
            prefix, _sep, value = raw.partition(":")
            number = int(value)
            if prefix != "v1" or not 1 <= number <= MAX_ID:
                raise ValueError(raw)
        except (binascii.Error, UnicodeError, ValueError):
            raise InvalidRequest("next_page: not a cursor this server issued") from None
        return number


class SealedCursors:
    """Quay's cursor: encrypted and authenticated; anything unreadable means "from the start"."""

    def __init__(self, fernet):
        self.fernet = fernet

    def encode(self, last_id):
        payload = json.dumps({"after_id": last_id}).ljust(SEALED_PAYLOAD_BYTES)
        return self.fernet.encrypt(payload.encode("ascii")).decode("ascii")

    def decode(self, cursor):
        if not cursor:
            return None
        try:
            payload = json.loads(self.fernet.decrypt(cursor.encode("ascii"), ttl=SEALED_LIFETIME_S))
            number = payload["after_id"]
        except (InvalidToken, UnicodeError, ValueError, TypeError, KeyError):
            return None
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_ID:
            return None
        return number


PLAIN = PlainCursors()
# quayref's cursor at module level, as the audit log and the tests use it.
encode, decode = PLAIN.encode, PLAIN.decode


@functools.lru_cache(maxsize=4)
def sealed(secret_key):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEALED_INFO).derive(secret_key.encode("utf-8"))
    return SealedCursors(Fernet(base64.urlsafe_b64encode(key)))


def cursors_for(settings):
    """The cursors of the server's profile."""
    return sealed(settings.SECRET_KEY) if settings.profile.sealed_page_tokens else PLAIN


def page(db, query, column, cursor, size=PAGE_SIZE, cursors=PLAIN):
    """Keyset paging, newest first by the integer key `column`: (rows, next_page cursor or None).

    The cursor is decoded here, so a bad one is refused only after the caller's own checks."""
    after = cursors.decode(cursor)
    if after is not None:
        query = query.where(column < after)
    rows = db.scalars(query.order_by(column.desc()).limit(size + 1)).all()
    if len(rows) > size:
        return rows[:size], cursors.encode(getattr(rows[size - 1], column.key))
    return rows, None
