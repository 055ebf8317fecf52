"""Request-scoped dependencies: the database session and the RequestContext services take.

Route signatures use the aliases: `ctx: Ctx`, or `ctx: BootstrapCtx` on the three POSTs
that also accept bootstrap credentials (FEATURE_PROGRAMMATIC_BOOTSTRAP).
"""

import functools
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from quayref.security import credentials
from quayref.services import bootstrap as bootstrap_auth, sessions, tokens
from quayref.services.context import RequestContext
from quayref.services.errors import Unauthorized

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
    credentials (Basic or an OIDC JWT) when FEATURE_PROGRAMMATIC_BOOTSTRAP is on."""
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


async def context(request: Request, db: Session = Depends(get_db)) -> RequestContext:
    return _context(request, db, bootstrap=False)


async def bootstrap_context(request: Request, db: Session = Depends(get_db)) -> RequestContext:
    return _context(request, db, bootstrap=True)


Ctx = Annotated[RequestContext, Depends(context)]
BootstrapCtx = Annotated[RequestContext, Depends(bootstrap_context)]
