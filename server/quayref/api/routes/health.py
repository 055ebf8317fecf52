"""Health: /health/instance for both profiles, /health/endtoend with quay-3.18 (services/health.py says
what each service means for quayref)."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from quayref.api.deps import Ctx
from quayref.api.errors import ERROR_RESPONSES
from quayref.services import health as checks

router = APIRouter(responses=ERROR_RESPONSES)
# Only where the profile serves Quay's discovery and health (Profile.quay_discovery_and_health).
quay_router = APIRouter(tags=["health"])


def _report(services):
    status = 200 if all(services.values()) else 503
    return JSONResponse({"data": {"services": services}, "status_code": status}, status_code=status)


@router.get("/health/instance", tags=["health"])
def health(ctx: Ctx):
    """Quay's instance health: answers 200 when the database answers."""
    if ctx.settings.profile.quay_discovery_and_health:
        return _report(checks.instance(ctx.db, ctx.settings))
    checks.ping(ctx.db)
    return {"data": {"services": {"database": True, "auth": True}}, "status_code": 200}


@quay_router.get("/health/endtoend")
def health_endtoend(ctx: Ctx):
    """Quay's end-to-end health; 503 here, as quayref has no image storage to check."""
    return _report(checks.endtoend(ctx.db, ctx.settings))
