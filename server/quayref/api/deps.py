"""Request-scoped dependencies: the database session and the RequestContext services take.

Route signatures use the aliases: `ctx: Ctx`; `ctx: BootstrapCtx` on the three POSTs that also
accept bootstrap credentials (FEATURE_PROGRAMMATIC_BOOTSTRAP, proposal); `ctx: NoCsrfCtx` where
Quay checks no CSRF token (POST /api/v1/user/initialize is outside its API); `ctx: RenewCtx` on
POST /api/v1/bootstrap/renew, where any Bearer header is for the endpoint to judge.
"""

import functools
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from quayref.api import quay_auth
from quayref.security import credentials
from quayref.services import bootstrap as bootstrap_auth, sessions, tokens
from quayref.services.context import RequestContext
from quayref.services.errors import Unauthorized

SAFE_METHODS = quay_auth.SAFE_METHODS


async def get_db(request: Request):
    # async: opening a session does no I/O, and a sync generator would cost two
    # thread-pool hand-offs per request (enter and exit).
    db = request.app.state.sessionmaker()
    try:
        yield db
    finally:
        db.close()


def client_ip(request: Request):
    return request.client.host if request.client else None


def authenticate(request: Request, db, settings, bootstrap=False):
    """The caller: OAuth Bearer token or session cookie; with `bootstrap`, also bootstrap
    credentials (Basic or an OIDC JWT) when FEATURE_PROGRAMMATIC_BOOTSTRAP is on (proposal).
    quay-3.18 authenticates in quay_auth, as Quay does."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _sep, value = header.partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme == "bearer" and credentials.split_credential(value):
            return tokens.authenticate(db, settings, value)
        if scheme in ("basic", "bearer") and value:
            route = request.scope.get("route")
            return bootstrap_auth.authenticate(db, settings, header, ip=client_ip(request),
                                               endpoint=getattr(route, "name", request.url.path),
                                               client_id=request.path_params.get("client_id"), allowed=bootstrap)
        raise Unauthorized("Unsupported Authorization header: use Bearer")
    cookie = request.cookies.get(sessions.SESSION_COOKIE)
    if cookie:
        return sessions.authenticate(db, settings, cookie, mutating=request.method not in SAFE_METHODS,
                                     csrf_header=request.headers.get("x-csrf-token"))
    raise Unauthorized()


def _context(request, db, bootstrap):
    # async dependencies, and authentication deferred to the first use of ctx.principal:
    # authentication is sync and touches the database, so as a sync dependency it would cost
    # one more thread-pool hand-off on every authenticated request (measured by bench/); this
    # way it runs in the thread the sync route already runs in.
    settings = request.app.state.settings
    return RequestContext(db=db, settings=settings, ip=client_ip(request),
                          authenticator=functools.partial(authenticate, request, db, settings, bootstrap))


def _quay_context(request, db):
    """quay-3.18: the caller as quay_auth.Caller identifies it (once: the CSRF check that ran
    before the body was read, quay_auth.CsrfGuard, may have done it already)."""
    settings = request.app.state.settings
    caller = quay_auth.caller_for(request, db, settings, client_ip(request))
    return RequestContext(db=db, settings=settings, ip=client_ip(request), authenticator=caller.principal)


def _context_kind(bootstrap):
    """A context dependency of its own: CSRF_RULES tells the kinds apart by the function, and
    quay-3.18's CsrfGuard applies each kind's rule; the proposal's contexts differ in `bootstrap`."""

    async def dependency(request: Request, db: Session = Depends(get_db)) -> RequestContext:
        if request.app.state.settings.profile.csrf_guards_every_mutation:
            return _quay_context(request, db)
        return _context(request, db, bootstrap=bootstrap)
    return dependency


context = _context_kind(bootstrap=False)
bootstrap_context = _context_kind(bootstrap=True)
no_csrf_context = _context_kind(bootstrap=False)
renew_context = _context_kind(bootstrap=False)


# The CSRF rule each context stands for (quay-3.18: quay_auth.CsrfGuard applies it).
CSRF_RULES = {context: quay_auth.API_CSRF, bootstrap_context: quay_auth.API_CSRF, no_csrf_context: quay_auth.NO_CSRF,
              renew_context: quay_auth.CSRF_UNLESS_BEARER}


def csrf_rule(route):
    """The CSRF rule of an API route, from the context it depends on (None: it takes none)."""
    dependant = getattr(route, "dependant", None)
    for dependency in dependant.dependencies if dependant is not None else ():
        if dependency.call in CSRF_RULES:
            return CSRF_RULES[dependency.call]
    return None


Ctx = Annotated[RequestContext, Depends(context)]
BootstrapCtx = Annotated[RequestContext, Depends(bootstrap_context)]
NoCsrfCtx = Annotated[RequestContext, Depends(no_csrf_context)]
RenewCtx = Annotated[RequestContext, Depends(renew_context)]
