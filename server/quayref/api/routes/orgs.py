"""Organizations and their OAuth applications (Quay's shapes)."""

from fastapi import APIRouter, Depends, Request, Response

from quayref.api import deps
from quayref.api.errors import BOOTSTRAP_ERROR_RESPONSES, ERROR_RESPONSES
from quayref.api.schemas import AppCreate, AppList, AppUpdate, AppView, OrgCreate, OrgUpdate
from quayref.services import applications, orgs, tag_expiration

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
    if body.tag_expiration_s is not None:
        # Checked before anything is written: an invalid option changes nothing.
        orgs.require_admin(db, principal, org)
        tag_expiration.check(deps.config(request), body.tag_expiration_s)
    if body.email is not None or body.tag_expiration_s is None:
        updated = orgs.update(db, deps.config(request), principal, org, body.email, deps.client_ip(request))
    if body.tag_expiration_s is not None:
        updated = orgs.update_tag_expiration(db, deps.config(request), principal, org, body.tag_expiration_s, deps.client_ip(request))
    return orgs.view(db, principal, updated)


@router.delete(ORG, status_code=204, response_class=Response)
def delete_organization(org: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    orgs.delete(db, deps.config(request), principal, org, deps.client_ip(request))
    return Response(status_code=204)


@router.get(ORG + "/applications", response_model=AppList, response_model_exclude_unset=True)
def list_applications(org: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    return {"applications": applications.list_readable(db, deps.config(request), principal, org)}


@router.post(ORG + "/applications", response_model=AppView, responses=BOOTSTRAP_ERROR_RESPONSES)
def create_application(org: str, body: AppCreate, request: Request, db=Depends(deps.get_db)):
    """Create an OAuth application. Accepts bootstrap credentials."""
    principal = deps.authenticate(request, db, bootstrap=True)
    return applications.create(db, deps.config(request), principal, org, body.model_dump(), deps.client_ip(request))


@router.get(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def get_application(org: str, client_id: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    return applications.readable_view(applications.get(db, principal, org, client_id), deps.config(request))


@router.put(ORG + "/applications/{client_id}", response_model=AppView, response_model_exclude_unset=True)
def update_application(org: str, client_id: str, body: AppUpdate, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    return applications.update(db, deps.config(request), principal, org, client_id, body.model_dump(), deps.client_ip(request))


@router.post(ORG + "/applications/{client_id}/resetclientsecret", response_model=AppView)
def reset_application_client_secret(org: str, client_id: str, request: Request, db=Depends(deps.get_db)):
    """Give the application a new client secret (Quay's resetclientsecret)."""
    principal = deps.authenticate(request, db)
    return applications.reset_client_secret(db, deps.config(request), principal, org, client_id, deps.client_ip(request))


@router.delete(ORG + "/applications/{client_id}", status_code=204, response_class=Response)
def delete_application(org: str, client_id: str, request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    applications.delete(db, deps.config(request), principal, org, client_id, deps.client_ip(request))
    return Response(status_code=204)
