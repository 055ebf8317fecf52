"""GET /api/v1/user/authorizations: the tokens the caller holds, with their applications (quay-3.18 only)."""

from fastapi import APIRouter

from quayref.api.deps import Ctx
from quayref.api.errors import ERROR_RESPONSES
from quayref.services import authorizations

router = APIRouter(tags=["user"], responses=ERROR_RESPONSES)


def routers(settings):
    return [router] if settings.profile.user_authorizations else []


@router.get("/api/v1/user/authorizations")
def list_user_authorizations(ctx: Ctx):
    """Every token the caller holds, expired ones too: its application, that application's namespace, and its scopes."""
    return authorizations.list_for_caller(ctx)
