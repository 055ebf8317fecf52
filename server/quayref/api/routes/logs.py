"""Audit log reads: one organization's, or everything for superusers (Quay's log shapes)."""

from fastapi import APIRouter, Query

from quayref.api.deps import Ctx
from quayref.api.errors import ERROR_RESPONSES
from quayref.api.schemas import LogPage
from quayref.services import audit

router = APIRouter(tags=["logs"], responses=ERROR_RESPONSES)
QUERY = {"max_length": 64}


@router.get("/api/v1/organization/{org}/logs", response_model=LogPage, response_model_exclude_unset=True)
def organization_logs(org: str, ctx: Ctx, starttime: str | None = Query(None, **QUERY),
                      endtime: str | None = Query(None, **QUERY), next_page: str | None = Query(None, max_length=512)):
    return audit.organization_logs(ctx, org, starttime=starttime, endtime=endtime, next_page=next_page)


@router.get("/api/v1/superuser/logs", response_model=LogPage, response_model_exclude_unset=True)
def superuser_logs(ctx: Ctx, starttime: str | None = Query(None, **QUERY), endtime: str | None = Query(None, **QUERY),
                   next_page: str | None = Query(None, max_length=512)):
    return audit.superuser_logs(ctx, starttime=starttime, endtime=endtime, next_page=next_page)
