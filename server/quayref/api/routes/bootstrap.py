"""Quay 3.18's start-up bootstrap token: rotate it with itself."""

from fastapi import APIRouter, Request

from quayref.api.deps import RenewCtx
from quayref.api.errors import ERROR_RESPONSES
from quayref.services.bootstrap import renew

router = APIRouter(tags=["bootstrap"], responses=ERROR_RESPONSES)


def routers(settings):
    """Quay (Profile.feature_gated_routes) serves renew only with FEATURE_PROGRAMMATIC_BOOTSTRAP: with
    the flag off the path answers as one no route serves."""
    served = settings.FEATURE_PROGRAMMATIC_BOOTSTRAP or not settings.profile.feature_gated_routes
    return [router] if served else []


@router.post("/api/v1/bootstrap/renew")
def renew_bootstrap_token(request: Request, ctx: RenewCtx):
    """Rotate the start-up token: the caller must present it; the new one is written to BOOTSTRAP_TOKEN_PATH only."""
    # Read from the request, not declared as parameters: the API document stays the proposal's.
    return renew.renew(ctx, authorization=request.headers.get("authorization"),
                       renewal_location=request.headers.get(renew.RENEWAL_LOCATION_HEADER))
