"""Lock out a bootstrap identity after repeated failures, across worker processes.

State lives in the ``bootstrap_lockout`` table (migration 0003, model in db/models.py), so every worker
and every restart sees the same count. The count is bumped with one upsert
(``failures = failures + 1``), which is atomic on SQLite and PostgreSQL alike:
concurrent failures from several workers are never lost.
"""

import dataclasses
import datetime

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from quayref.db.models import IDENTITY_LENGTH, BootstrapLockout, utcnow


@dataclasses.dataclass(frozen=True)
class Policy:
    max_failures: int
    base_seconds: int
    max_seconds: int
    window_seconds: int

    @classmethod
    def from_settings(cls, settings):
        return cls(max_failures=settings.BOOTSTRAP_MAX_FAILED_ATTEMPTS, base_seconds=settings.BOOTSTRAP_LOCKOUT_SECONDS,
                   max_seconds=settings.BOOTSTRAP_LOCKOUT_MAX_SECONDS, window_seconds=settings.BOOTSTRAP_FAILURE_WINDOW_SECONDS)

    def lock_seconds(self, failures):
        """0 below the threshold; then base, doubling per further failure, up to the cap."""
        if failures < self.max_failures:
            return 0
        doublings = min(failures - self.max_failures, 32)  # bounded: 2**32 * base is past any cap
        return min(self.base_seconds * (2 ** doublings), self.max_seconds)


def identity_key(method, name):
    """Names compare case-insensitively (LDAP does), so changing case does not reset the count."""
    return ("%s:%s" % (method, name.casefold()))[:IDENTITY_LENGTH]


def seconds_left(db, identity, now=None):
    """Seconds until `identity` may try again; 0 when it is not locked."""
    now = now or utcnow()
    locked_until = db.scalar(select(BootstrapLockout.locked_until).where(BootstrapLockout.identity == identity))
    if locked_until is None or locked_until <= now:
        return 0
    return max(1, int((locked_until - now).total_seconds() + 0.999))


def _insert(db):
    dialect = db.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(BootstrapLockout)


def record_failure(db, settings, identity, now=None):
    """Count one failure; return the seconds the identity is now locked for (0: not locked)."""
    policy = Policy.from_settings(settings)
    now = now or utcnow()
    stale = now - datetime.timedelta(seconds=policy.window_seconds)
    table = BootstrapLockout.__table__
    stmt = _insert(db).values(identity=identity, failures=1, last_failure=now, locked_until=None)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.identity],
        set_={
            "failures": case((table.c.last_failure < stale, 1), else_=table.c.failures + 1),
            "last_failure": now,
        },
    )
    db.execute(stmt)
    # The upsert holds the row's write lock until commit, so this read is ours.
    row = db.get(BootstrapLockout, identity, populate_existing=True)
    wait = policy.lock_seconds(row.failures)
    row.locked_until = now + datetime.timedelta(seconds=wait) if wait else None
    db.flush()
    return wait


def reset(db, identity):
    db.execute(delete(BootstrapLockout).where(BootstrapLockout.identity == identity))
