"""Quay's web OAuth endpoint that API clients use: the implicit grant of a signed-in user."""

import functools
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from quayref.api import deps
from quayref.services import implicit_grant, sessions
from quayref.services.context import RequestContext
from quayref.services.errors import Forbidden, Unauthorized

router = APIRouter(tags=["oauth"])


def _session_principal(request, db, settings, form):
    """Only a signed-in session may authorize; its CSRF token may come in the form (Quay's verify_csrf)."""
    csrf = form.get("_csrf_token") or request.headers.get("x-csrf-token")
    principal = sessions.form_principal(db, settings, request.cookies, csrf)
    if principal is None:
        if request.headers.get("authorization"):
            # Quay reads a Bearer token here too, then fails its CSRF check: only a session can authorize.
            raise Forbidden("CSRF token was invalid or missing: /oauth/authorizeapp needs a signed-in session")
        raise Unauthorized()
    return principal


def _authorize(request, db, form):
    settings = request.app.state.settings
    ctx = RequestContext(db=db, settings=settings, ip=deps.client_ip(request),
                         authenticator=functools.partial(_session_principal, request, db, settings, form))
    return implicit_grant.authorize(ctx, response_type=form.get("response_type"), client_id=form.get("client_id"),
                                    redirect_uri=form.get("redirect_uri"), scope=form.get("scope"), base_url=str(request.base_url))


@router.post("/oauth/authorizeapp", include_in_schema=False)
async def authorize_application(request: Request, db: Session = Depends(deps.get_db)):
    """Form fields response_type=token, client_id, redirect_uri, scope, _csrf_token; 302 with the token in the fragment."""
    raw = await request.body()
    form = {key: values[0] for key, values in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}
    location = await run_in_threadpool(_authorize, request, db, form)
    return RedirectResponse(location, status_code=302)
