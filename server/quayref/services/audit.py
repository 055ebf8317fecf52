"""Audit log: a row per event in the database, and a JSON line in AUDIT_LOG_PATH once committed.

Callers pass metadata that never holds a secret; rows are readable through the
org and superuser log endpoints.
"""

import datetime
import json
import logging

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from quayref.db.models import LogEntry, utcnow

LOG = logging.getLogger("quayref.audit")
_PENDING = "audit_lines"


def record(db, config, kind, *, account=None, performer=None, ip=None, metadata=None):
    entry = LogEntry(kind=kind, account=account, performer=performer, ip=ip, datetime=utcnow(),
                     metadata_json=json.dumps(metadata or {}, sort_keys=True))
    db.add(entry)
    if config.get("AUDIT_LOG_PATH"):
        db.info.setdefault(_PENDING, []).append((config["AUDIT_LOG_PATH"], entry))
    return entry


def iso(value):
    # %Y is not zero-padded for years before 1000 on every platform.
    return "%04d-%s" % (value.year, value.strftime("%m-%dT%H:%M:%SZ")) if value else None


def view(entry):
    return {
        "kind": entry.kind,
        "metadata": json.loads(entry.metadata_json),
        "ip": entry.ip,
        "datetime": iso(entry.datetime),
        "performer": {"kind": "user", "name": entry.performer} if entry.performer else None,
        "namespace": {"kind": "org", "name": entry.account} if entry.account else None,
    }


def _json_line(entry):
    item = view(entry)
    item["account"] = entry.account
    return json.dumps(item, sort_keys=True) + "\n"


@event.listens_for(Session, "after_commit")
def _write_lines(session):
    # One write() per line on an O_APPEND file: lines from several workers never interleave.
    for path, entry in session.info.pop(_PENDING, []):
        try:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(_json_line(entry))
        except OSError as exc:
            LOG.error("cannot append to AUDIT_LOG_PATH %s: %s", path, exc.strerror)


@event.listens_for(Session, "after_rollback")
def _drop_lines(session):
    session.info.pop(_PENDING, None)


def page(db, *, account=None, start, end, after_id=None, limit=50):
    query = select(LogEntry).where(LogEntry.datetime >= start, LogEntry.datetime <= end)
    if account is not None:
        query = query.where(LogEntry.account == account)
    if after_id is not None:
        query = query.where(LogEntry.id < after_id)
    rows = db.scalars(query.order_by(LogEntry.id.desc()).limit(limit + 1)).all()
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)


def default_window(now=None):
    now = now or utcnow()
    return now - datetime.timedelta(days=30), now
