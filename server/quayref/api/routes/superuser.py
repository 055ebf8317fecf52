"""Quay's superuser user API (included with Profile.superuser_users_api only)."""

from fastapi import APIRouter

from quayref.api.deps import Ctx
from quayref.api.errors import ERROR_RESPONSES
from quayref.api.schemas import SuperuserUserCreate
from quayref.services import superusers

router = APIRouter(tags=["superuser"], responses=ERROR_RESPONSES)


@router.get("/api/v1/superuser/users/", operation_id="listAllUsers")
def list_all_users(ctx: Ctx):
    """Every user of the installation (superusers, with super:user when by token)."""
    return superusers.list_users(ctx)


@router.post("/api/v1/superuser/users/", operation_id="createInstallUser")
def create_install_user(body: SuperuserUserCreate, ctx: Ctx):
    """Create a Database user; the answer holds its generated password, once."""
    return superusers.create_user(ctx, body.username, body.email)
