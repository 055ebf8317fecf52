"""Request-scoped dependencies: database session, config, caller IP, and the principal."""

from fastapi import Request

from quayref.security import credentials
from quayref.services import bootstrap as bootstrap_auth, sessions, tokens
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


def config(request: Request):
    return request.app.state.config


def client_ip(request: Request):
    return request.client.host if request.client else None


def authenticate(request: Request, db, bootstrap=False):
    """The caller: OAuth Bearer token or session cookie; with `bootstrap`, also bootstrap
    credentials (Basic or an OIDC JWT) when FEATURE_PROGRAMMATIC_BOOTSTRAP is on.

    Routes call this first thing rather than declaring it as a dependency: a sync
    dependency would cost one more thread-pool hand-off on every authenticated request."""
    cfg = request.app.state.config
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _sep, value = header.partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme == "bearer" and credentials.split_credential(value):
            return tokens.authenticate(db, cfg, value)
        if scheme in ("basic", "bearer") and value:
            route = request.scope.get("route")
            return bootstrap_auth.authenticate(db, cfg, header, ip=client_ip(request),
                                               endpoint=getattr(route, "name", request.url.path),
                                               client_id=request.path_params.get("client_id"), allowed=bootstrap)
        raise Unauthorized("Unsupported Authorization header: use Bearer")
    cookie = request.cookies.get(sessions.SESSION_COOKIE)
    if cookie:
        return sessions.authenticate(db, cfg, cookie, mutating=request.method not in SAFE_METHODS,
                                     csrf_header=request.headers.get("x-csrf-token"))
    raise Unauthorized()
