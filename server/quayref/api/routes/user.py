"""The current user, first-user initialization, and cookie sign-in."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from quayref.api.deps import Ctx
from quayref.api.errors import ERROR_RESPONSES
from quayref.api.schemas import CsrfToken, Signin, Success, UserInitialize, UserInitialized
from quayref.services import initialize, profile, sessions

router = APIRouter(responses=ERROR_RESPONSES)
NEXT_CSRF_HEADER = "X-Next-CSRF-Token"


@router.get("/api/v1/user/", tags=["user"])
def current_user(ctx: Ctx):
    return JSONResponse(profile.profile(ctx))


@router.post("/api/v1/user/initialize", tags=["user"], response_model=UserInitialized, response_model_exclude_unset=True)
def initialize_user(body: UserInitialize, ctx: Ctx):
    """Create the first user of an empty database (FEATURE_USER_INITIALIZE), optionally with a 9000 s token."""
    return initialize.initialize(ctx, username=body.username, password=body.password, email=body.email,
                                 access_token=body.access_token)


def _cookie_args(ctx):
    return {"httponly": True, "samesite": "lax", "secure": ctx.settings.SESSION_COOKIE_SECURE, "path": "/"}


@router.get("/csrf_token", tags=["session"], response_model=CsrfToken)
def csrf_token(request: Request, ctx: Ctx):
    """The CSRF token for mutating calls made with a session cookie (and for sign-in)."""
    session = sessions.find(ctx.db, ctx.settings, request.cookies.get(sessions.SESSION_COOKIE))
    if session is not None:
        return {"csrf_token": session.csrf_token}
    token = request.cookies.get(sessions.CSRF_COOKIE) or ""
    if len(token) != 40 or not token.isalnum():
        token = sessions.new_csrf_token()
    response = JSONResponse({"csrf_token": token})
    response.set_cookie(sessions.CSRF_COOKIE, token, **_cookie_args(ctx))
    return response


@router.post("/api/v1/signin", tags=["session"], response_model=Success)
def signin(body: Signin, request: Request, ctx: Ctx):
    """Sign in with username and password; needs X-CSRF-Token from GET /csrf_token. The answer's
    X-Next-CSRF-Token header is the new CSRF token for every later mutating call (Quay's rotation)."""
    value, csrf = sessions.signin(ctx, body.username, body.password, csrf_cookie=request.cookies.get(sessions.CSRF_COOKIE),
                                  csrf_header=request.headers.get("x-csrf-token"))
    # Quay rotates the CSRF token at sign-in: the new one is the only one mutating calls accept now.
    response = JSONResponse({"success": True}, headers={NEXT_CSRF_HEADER: csrf})
    response.set_cookie(sessions.SESSION_COOKIE, value, max_age=ctx.settings.SESSION_LIFETIME, **_cookie_args(ctx))
    response.set_cookie(sessions.CSRF_COOKIE, csrf, **_cookie_args(ctx))
    return response


@router.post("/api/v1/signout", tags=["session"], response_model=Success)
def signout(request: Request, ctx: Ctx):
    sessions.signout(ctx, request.cookies.get(sessions.SESSION_COOKIE), request.headers.get("x-csrf-token"))
    response = JSONResponse({"success": True})
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response
