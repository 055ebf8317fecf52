"""Health, the current user, first-user initialization, and cookie sign-in."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from quayref.api import deps
from quayref.api.errors import ERROR_RESPONSES
from quayref.api.schemas import CsrfToken, Signin, Success, UserInitialize, UserInitialized
from quayref.services import initialize, sessions, users

router = APIRouter(responses=ERROR_RESPONSES)
NEXT_CSRF_HEADER = "X-Next-CSRF-Token"


@router.get("/health/instance", tags=["health"])
def health(db=Depends(deps.get_db)):
    """Quay's instance health: answers 200 when the database answers."""
    db.execute(text("SELECT 1"))
    return {"data": {"services": {"database": True, "auth": True}}, "status_code": 200}


@router.get("/api/v1/user/", tags=["user"])
def current_user(request: Request, db=Depends(deps.get_db)):
    principal = deps.authenticate(request, db)
    principal.require_scope("user:read")
    return JSONResponse(users.profile(db, principal))


@router.post("/api/v1/user/initialize", tags=["user"], response_model=UserInitialized, response_model_exclude_unset=True)
def initialize_user(body: UserInitialize, request: Request, db=Depends(deps.get_db)):
    """Create the first user of an empty database (FEATURE_USER_INITIALIZE), optionally with a 9000 s token."""
    return initialize.initialize(db, deps.config(request), username=body.username, password=body.password, email=body.email,
                                 access_token=body.access_token, ip=deps.client_ip(request))


def _cookie_args(request):
    return {"httponly": True, "samesite": "lax", "secure": bool(deps.config(request)["SESSION_COOKIE_SECURE"]), "path": "/"}


@router.get("/csrf_token", tags=["session"], response_model=CsrfToken)
def csrf_token(request: Request, db=Depends(deps.get_db)):
    """The CSRF token for mutating calls made with a session cookie (and for sign-in)."""
    session = sessions.find(db, deps.config(request), request.cookies.get(sessions.SESSION_COOKIE))
    if session is not None:
        return {"csrf_token": session.csrf_token}
    token = request.cookies.get(sessions.CSRF_COOKIE) or ""
    if len(token) != 40 or not token.isalnum():
        token = sessions.new_csrf_token()
    response = JSONResponse({"csrf_token": token})
    response.set_cookie(sessions.CSRF_COOKIE, token, **_cookie_args(request))
    return response


@router.post("/api/v1/signin", tags=["session"], response_model=Success)
def signin(body: Signin, request: Request, db=Depends(deps.get_db)):
    """Sign in with username and password; needs X-CSRF-Token from GET /csrf_token. The answer's
    X-Next-CSRF-Token header is the new CSRF token for every later mutating call (Quay's rotation)."""
    value, csrf = sessions.signin(db, deps.config(request), body.username, body.password,
                                  csrf_cookie=request.cookies.get(sessions.CSRF_COOKIE),
                                  csrf_header=request.headers.get("x-csrf-token"), ip=deps.client_ip(request))
    # Quay rotates the CSRF token at sign-in: the new one is the only one mutating calls accept now.
    response = JSONResponse({"success": True}, headers={NEXT_CSRF_HEADER: csrf})
    response.set_cookie(sessions.SESSION_COOKIE, value, max_age=deps.config(request)["SESSION_LIFETIME"], **_cookie_args(request))
    response.set_cookie(sessions.CSRF_COOKIE, csrf, **_cookie_args(request))
    return response


@router.post("/api/v1/signout", tags=["session"], response_model=Success)
def signout(request: Request, db=Depends(deps.get_db)):
    sessions.signout(db, deps.config(request), request.cookies.get(sessions.SESSION_COOKIE), request.headers.get("x-csrf-token"))
    response = JSONResponse({"success": True})
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response
