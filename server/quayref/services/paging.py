"""Opaque keyset cursors: the client passes back what it got, it never builds one."""

import base64
import binascii

from quayref.services.errors import InvalidRequest

PAGE_SIZE = 50
# Row ids are 32-bit on PostgreSQL: a larger number cannot be ours and must not reach the query.
MAX_ID = 2**31 - 1


def encode(last_id):
    return base64.urlsafe_b64encode(("v1:%d" % last_id).encode("ascii")).decode("ascii").rstrip("=")


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


def page(db, query, column, cursor, size=PAGE_SIZE):
    """Keyset paging, newest first by the integer key `column`: (rows, next_page cursor or None).

    The cursor is decoded here, so a bad one is refused only after the caller's own checks."""
    after = decode(cursor)
    if after is not None:
        query = query.where(column < after)
    rows = db.scalars(query.order_by(column.desc()).limit(size + 1)).all()
    if len(rows) > size:
        return rows[:size], encode(getattr(rows[size - 1], column.key))
    return rows, None
