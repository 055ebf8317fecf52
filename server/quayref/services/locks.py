"""Serialise a check-then-insert across worker processes."""

from sqlalchemy import text


def serialize(db, key):
    """PostgreSQL: a transaction-scoped advisory lock. SQLite: writers are serialised already,
    so callers write first and check after, inside one transaction."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
