"""Quay 3.18's start-up bootstrap token: rotate it with itself."""

from fastapi import APIRouter

from quayref.api.deps import RenewCtx
from quayref.api.errors import ERROR_RESPONSES
from quayref.services.bootstrap import startup

router = APIRouter(tags=["bootstrap"], responses=ERROR_RESPONSES)


@router.post("/api/v1/bootstrap/renew")
def renew_bootstrap_token(ctx: RenewCtx):
    """Rotate the start-up token: the caller must present it; the new one is written to BOOTSTRAP_TOKEN_PATH only."""
    return startup.renew(ctx)
