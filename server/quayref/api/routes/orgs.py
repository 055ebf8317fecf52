"""Organizations and their OAuth applications (Quay's shapes)."""

from fastapi import APIRouter, Depends, Request, Response

from quayref.api import deps
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, ERROR_RESPONSES
from quayref.api.schemas import AppCreate, AppList, AppUpdate, AppView, OrgCreate, OrgUpdate
from quayref.services import applications, orgs

router = APIRouter(tags=["organizations"], responses=ERROR_RESPONSES)
ORG = "/api/v1/organization/{org}"


@router.post("/api/v1/organization/", status_code=201, responses={**BOOTSTRAP_ERROR_RESPONSES, 201: {"description": "Created"}})
def create_organization(body: OrgCreate, request: Request, db=Depends(deps.get_db)):
    """Create an organization; the caller joins its `owners` team. Accepts bootstrap credentials."""
    principal = deps.authenticate(request, db, bootstrap=True)
    orgs.create(db, deps.config(request), principal, body.name, body.email, deps.client_ip(request))
    return Response(content='"Created"', status_code=201, media_type="application/json")


@router.get(ORG)
def get_organization(org: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    principal.require_scope("org:admin", "user:read")
    return orgs.view(db, principal, orgs.get(db, org))


@router.put(ORG)
def update_organization(org: str, body: OrgUpdate, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    updated = orgs.update(db, deps.config(request), principal, org, body.email, deps.client_ip(request))
    return orgs.view(db, principal, updated)


@router.delete(ORG, status_code=204, response_class=Response)
def delete_organization(org: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    orgs.delete(db, deps.config(request), principal, org, deps.client_ip(request))
    return Response(status_code=204)


@router.get(ORG + "/applications", response_model=AppList, response_model_exclude_unset=True)
def list_applications(org: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    return {"applications": applications.list_for(db, principal, org)}


@router.post(ORG + "/applications", response_model=AppView, responses=BOOTSTRAP_ERROR_RESPONSES)
def create_application(org: str, body: AppCreate, request: Request, db=Depends(deps.get_db)):
    """Create an OAuth application. `client_secret` is in this response only. Accepts bootstrap credentials."""
    principal = deps.authenticate(request, db, bootstrap=True)
    return applications.create(db, deps.config(request), principal, org, body.model_dump(), deps.client_ip(request))


@router.get(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def get_application(org: str, client_id: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    return applications.view(applications.get(db, principal, org, client_id))


@router.put(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def update_application(org: str, client_id: str, body: AppUpdate, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    return applications.update(db, deps.config(request), principal, org, client_id, body.model_dump(), deps.client_ip(request))


@router.delete(ORG + "/applications/{client_id}", status_code=204, response_class=Response)
def delete_application(org: str, client_id: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    applications.delete(db, deps.config(request), principal, org, client_id, deps.client_ip(request))
    return Response(status_code=204)
