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
from quayref.services import authz, paging
from quayref.services.errors import InvalidRequest

LOG = logging.getLogger("quayref.audit")
_PENDING = "audit_lines"
DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ")
DEFAULT_DAYS = 30


def record(db, settings, kind, *, account=None, performer=None, ip=None, metadata=None):
    entry = LogEntry(kind=kind, account=account, performer=performer, ip=ip, datetime=utcnow(),
                     metadata_json=json.dumps(metadata or {}, sort_keys=True))
    db.add(entry)
    if settings.AUDIT_LOG_PATH:
        db.info.setdefault(_PENDING, []).append((settings.AUDIT_LOG_PATH, entry))
    return entry


def record_for(ctx, kind, *, account=None, metadata=None):
    """An event the request's caller performed, from the request's address."""
    return record(ctx.db, ctx.settings, kind, account=account, performer=ctx.principal.username, ip=ctx.ip, metadata=metadata)


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


def _parse(value, field):
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise InvalidRequest("%s: use MM/DD/YYYY, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ" % field)


def window(starttime, endtime, now=None):
    """Quay's log window: the last 30 days unless given; an end date alone means the whole day."""
    now = now or utcnow()
    start, end = now - datetime.timedelta(days=DEFAULT_DAYS), now
    if starttime:
        start = _parse(starttime, "starttime")
    if endtime:
        end = _parse(endtime, "endtime")
        if len(endtime) <= 10 and end < datetime.datetime.max - datetime.timedelta(days=1):
            end += datetime.timedelta(days=1)
    return start, end


def _page(db, account, starttime, endtime, next_page):
    start, end = window(starttime, endtime)
    query = select(LogEntry).where(LogEntry.datetime >= start, LogEntry.datetime <= end)
    if account is not None:
        query = query.where(LogEntry.account == account)
    rows, cursor = paging.page(db, query, LogEntry.id, next_page)
    result = {"start_time": iso(start), "end_time": iso(end), "logs": [view(r) for r in rows]}
    if cursor is not None:
        result["next_page"] = cursor
    return result


def organization_logs(ctx, org_name, *, starttime=None, endtime=None, next_page=None):
    authz.require_org_admin(ctx, org_name)
    return _page(ctx.db, org_name, starttime, endtime, next_page)


def superuser_logs(ctx, *, starttime=None, endtime=None, next_page=None):
    authz.require_superuser_logs(ctx)
    return _page(ctx.db, None, starttime, endtime, next_page)
