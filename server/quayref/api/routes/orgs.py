"""Organizations and their OAuth applications (Quay's shapes)."""

from fastapi import APIRouter, Response

from quayref.api.deps import BootstrapCtx, Ctx
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, ERROR_RESPONSES
from quayref.api.routes.common import no_content
from quayref.api.schemas import AppCreate, AppList, AppUpdate, AppView, OrgCreate, OrgUpdate
from quayref.services import applications, orgs

router = APIRouter(tags=["organizations"], responses=ERROR_RESPONSES)
ORG = "/api/v1/organization/{org}"


@router.post("/api/v1/organization/", status_code=201, responses={**BOOTSTRAP_ERROR_RESPONSES, 201: {"description": "Created"}})
def create_organization(body: OrgCreate, ctx: BootstrapCtx):
    """Create an organization; the caller joins its `owners` team. Accepts bootstrap credentials."""
    orgs.create(ctx, body.name, body.email)
    return Response(content='"Created"', status_code=201, media_type="application/json")


@router.get(ORG)
def get_organization(org: str, ctx: Ctx):
    return orgs.read(ctx, org)


@router.put(ORG)
def update_organization(org: str, body: OrgUpdate, ctx: Ctx):
    if body.tag_expiration_s is not None:
        # Checked before anything is written: an invalid option changes nothing.
        orgs.check_tag_expiration(ctx, org, body.tag_expiration_s)
    if body.email is not None or body.tag_expiration_s is None:
        result = orgs.update(ctx, org, body.email)
    if body.tag_expiration_s is not None:
        result = orgs.update_tag_expiration(ctx, org, body.tag_expiration_s)
    return result


@router.delete(ORG, status_code=204, response_class=Response)
def delete_organization(org: str, ctx: Ctx):
    orgs.delete(ctx, org)
    return no_content()


@router.get(ORG + "/applications", response_model=AppList, response_model_exclude_unset=True)
def list_applications(org: str, ctx: Ctx):
    return {"applications": applications.list_readable(ctx, org)}


@router.post(ORG + "/applications", response_model=AppView, responses=BOOTSTRAP_ERROR_RESPONSES)
def create_application(org: str, body: AppCreate, ctx: BootstrapCtx):
    """Create an OAuth application. Accepts bootstrap credentials."""
    return applications.create(ctx, org, body.model_dump())


@router.get(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def get_application(org: str, client_id: str, ctx: Ctx):
    return applications.get_readable(ctx, org, client_id)


@router.put(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def update_application(org: str, client_id: str, body: AppUpdate, ctx: Ctx):
    return applications.update(ctx, org, client_id, body.model_dump())


@router.post(ORG + "/applications/{client_id}/resetclientsecret", response_model=AppView)
def reset_application_client_secret(org: str, client_id: str, ctx: Ctx):
    """Give the application a new client secret (Quay's resetclientsecret)."""
    return applications.reset_client_secret(ctx, org, client_id)


@router.delete(ORG + "/applications/{client_id}", status_code=204, response_class=Response)
def delete_application(org: str, client_id: str, ctx: Ctx):
    applications.delete(ctx, org, client_id)
    return no_content()
