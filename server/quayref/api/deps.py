"""Request-scoped dependencies: database session, config, caller IP, and the principal."""

from fastapi import Depends, Request

from quayref.security import credentials
from quayref.services import bootstrap, sessions, tokens
from quayref.services.errors import Unauthorized

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db(request: Request):
    db = request.app.state.sessionmaker()
    try:
        yield db
    finally:
        db.close()


def config(request: Request):
    return request.app.state.config


def client_ip(request: Request):
    return request.client.host if request.client else None


def _principal(request, db, accepts_bootstrap):
    cfg = request.app.state.config
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _sep, value = header.partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme == "bearer" and credentials.split_credential(value):
            return tokens.authenticate(db, cfg, value)
        if scheme in ("basic", "bearer") and value:
            route = request.scope.get("route")
            return bootstrap.authenticate(db, cfg, header, ip=client_ip(request),
                                          endpoint=getattr(route, "name", request.url.path),
                                          client_id=request.path_params.get("client_id"),
                                          allowed=accepts_bootstrap)
        raise Unauthorized("Unsupported Authorization header: use Bearer")
    cookie = request.cookies.get(sessions.SESSION_COOKIE)
    if cookie:
        return sessions.authenticate(db, cfg, cookie, mutating=request.method not in SAFE_METHODS,
                                     csrf_header=request.headers.get("x-csrf-token"))
    raise Unauthorized()


def standard_auth(request: Request, db=Depends(get_db)):
    """OAuth Bearer token or session cookie."""
    return _principal(request, db, accepts_bootstrap=False)


def bootstrap_auth(request: Request, db=Depends(get_db)):
    """Standard auth, or bootstrap credentials when FEATURE_PROGRAMMATIC_BOOTSTRAP is on."""
    return _principal(request, db, accepts_bootstrap=True)
