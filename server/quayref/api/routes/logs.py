"""Audit log reads: one organization's, or everything for superusers (Quay's log shapes)."""

import datetime

from fastapi import APIRouter, Depends, Query, Request

from quayref.api import deps
from quayref.api.errors import ERROR_RESPONSES
from quayref.api.schemas import LogPage
from quayref.services import audit, orgs, paging
from quayref.services.errors import Forbidden, InvalidRequest

router = APIRouter(tags=["logs"], responses=ERROR_RESPONSES)
FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ")


def _parse(value, field):
    for fmt in FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            continue
    raise InvalidRequest("%s: use MM/DD/YYYY, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ" % field)


def _window(starttime, endtime):
    start, end = audit.default_window()
    if starttime:
        start = _parse(starttime, "starttime")
    if endtime:
        end = _parse(endtime, "endtime")
        if len(endtime) <= 10 and end < datetime.datetime.max - datetime.timedelta(days=1):  # a date alone means the whole day
            end += datetime.timedelta(days=1)
    return start, end


def _page(db, account, starttime, endtime, next_page):
    start, end = _window(starttime, endtime)
    rows, last = audit.page(db, account=account, start=start, end=end, after_id=paging.decode(next_page))
    result = {"start_time": audit.iso(start), "end_time": audit.iso(end), "logs": [audit.view(r) for r in rows]}
    if last is not None:
        result["next_page"] = paging.encode(last)
    return result


QUERY = {"max_length": 64}


@router.get("/api/v1/organization/{org}/logs", response_model=LogPage, response_model_exclude_unset=True)
def organization_logs(org: str, request: Request, starttime: str | None = Query(None, **QUERY),
                      endtime: str | None = Query(None, **QUERY), next_page: str | None = Query(None, max_length=512),
                      db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    orgs.require_admin(db, principal, org)
    return _page(db, org, starttime, endtime, next_page)


@router.get("/api/v1/superuser/logs", response_model=LogPage, response_model_exclude_unset=True)
def superuser_logs(request: Request, starttime: str | None = Query(None, **QUERY), endtime: str | None = Query(None, **QUERY),
                   next_page: str | None = Query(None, max_length=512), db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    principal.require_scope("super:user")
    if not principal.is_superuser:
        raise Forbidden("Only superusers may read the superuser logs")
    return _page(db, None, starttime, endtime, next_page)
