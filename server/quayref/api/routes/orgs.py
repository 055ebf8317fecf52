"""Organizations and their OAuth applications (Quay's shapes)."""

from fastapi import APIRouter, Response

from quayref.api.deps import BootstrapCtx, Ctx
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, CONFLICT_RESPONSE, ERROR_RESPONSES
from quayref.api.schemas import AppCreate, AppList, AppUpdate, AppView, OrgCreate, OrgUpdate
from quayref.services import applications, orgs

router = APIRouter(tags=["organizations"], responses=ERROR_RESPONSES)
ORG = "/api/v1/organization/{org}"


@router.post("/api/v1/organization/", status_code=201, responses={**BOOTSTRAP_ERROR_RESPONSES, **CONFLICT_RESPONSE, 201: {"description": "Created"}})
def create_organization(body: OrgCreate, ctx: BootstrapCtx):
    """Create an organization; the caller joins its `owners` team. Accepts bootstrap credentials."""
    orgs.create(ctx, body.name, body.email)
    return Response(content='"Created"', status_code=201, media_type="application/json")


@router.get(ORG)
def get_organization(org: str, ctx: Ctx):
    return orgs.read(ctx, org)


@router.put(ORG)
def update_organization(org: str, body: OrgUpdate, ctx: Ctx):
    return orgs.update(ctx, org, body.email)


@router.delete(ORG, status_code=204, response_class=Response)
def delete_organization(org: str, ctx: Ctx):
    orgs.delete(ctx, org)
    return Response(status_code=204)


@router.get(ORG + "/applications", response_model=AppList, response_model_exclude_unset=True)
def list_applications(org: str, ctx: Ctx):
    return {"applications": applications.list_for(ctx, org)}


@router.post(ORG + "/applications", response_model=AppView, responses=BOOTSTRAP_ERROR_RESPONSES)
def create_application(org: str, body: AppCreate, ctx: BootstrapCtx):
    """Create an OAuth application. `client_secret` is in this response only. Accepts bootstrap credentials."""
    return applications.create(ctx, org, body.model_dump())


@router.get(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def get_application(org: str, client_id: str, ctx: Ctx):
    return applications.get(ctx, org, client_id)


@router.put(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def update_application(org: str, client_id: str, body: AppUpdate, ctx: Ctx):
    return applications.update(ctx, org, client_id, body.model_dump())


@router.delete(ORG + "/applications/{client_id}", status_code=204, response_class=Response)
def delete_application(org: str, client_id: str, ctx: Ctx):
    applications.delete(ctx, org, client_id)
    return Response(status_code=204)
