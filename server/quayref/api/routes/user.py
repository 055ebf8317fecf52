"""The current user, first-user initialization, and cookie sign-in.

With Profile.quay_session_cookie the session is Quay's one signed cookie (services/quay_sessions.py,
api/session_cookie.py); otherwise the proposal's quayref_session and _csrf_token cookies.
"""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from quayref.api import session_cookie
from quayref.api.deps import Ctx, NoCsrfCtx
from quayref.api.errors import ERROR_RESPONSES
from quayref.api.schemas import CsrfToken, Signin, Success, UserInitialize, UserInitialized
from quayref.services import initialize, profile, quay_sessions, sessions
from quayref.services.errors import InvalidCredentials, SigninThrottled

router = APIRouter(responses=ERROR_RESPONSES)
signin_router = APIRouter(responses=ERROR_RESPONSES)
NEXT_CSRF_HEADER = "X-Next-CSRF-Token"


def routers(settings):
    """Quay (Profile.feature_gated_routes) serves sign-in only with FEATURE_DIRECT_LOGIN: with the
    flag off the path answers as one no route serves; the proposal's sign-in refuses it (404)."""
    served = settings.FEATURE_DIRECT_LOGIN or not settings.profile.feature_gated_routes
    return [router, signin_router] if served else [router]


@router.get("/api/v1/user/", tags=["user"])
def current_user(ctx: Ctx):
    return JSONResponse(profile.profile(ctx))


@router.post("/api/v1/user/initialize", tags=["user"], response_model=UserInitialized, response_model_exclude_unset=True)
def initialize_user(body: UserInitialize, ctx: NoCsrfCtx):
    """Create the first user of an empty database (FEATURE_USER_INITIALIZE), optionally with a 9000 s token."""
    result = initialize.initialize(ctx, username=body.username, password=body.password, email=body.email,
                                   access_token=body.access_token)
    if not ctx.settings.profile.quay_initialize:
        return result
    # Quay signs the new user in: its session cookie, and the session's CSRF token.
    body_, state = result
    response = JSONResponse(body_, headers={NEXT_CSRF_HEADER: state.csrf})
    return session_cookie.attach(response, ctx.settings, state)


def _cookie_args(ctx):
    return {"httponly": True, "samesite": "lax", "secure": ctx.settings.SESSION_COOKIE_SECURE, "path": "/"}


def _quay_state(request, ctx):
    return quay_sessions.decode(ctx.settings, request.cookies.get(quay_sessions.COOKIE))


def _given_csrf(request):
    return request.headers.get("x-csrf-token") or request.query_params.get("_csrf_token")


@router.get("/csrf_token", tags=["session"], response_model=CsrfToken)
def csrf_token(request: Request, ctx: Ctx):
    """The CSRF token for mutating calls made with a session cookie (and for sign-in)."""
    if ctx.settings.profile.quay_session_cookie:
        token, state = quay_sessions.csrf_token(_quay_state(request, ctx))
        return session_cookie.attach(JSONResponse({"csrf_token": token}), ctx.settings, state)
    session = sessions.find(ctx.db, ctx.settings, request.cookies.get(sessions.SESSION_COOKIE))
    if session is not None:
        return {"csrf_token": session.csrf_token}
    token = request.cookies.get(sessions.CSRF_COOKIE) or ""
    if len(token) != 40 or not token.isalnum():
        token = sessions.new_csrf_token()
    response = JSONResponse({"csrf_token": token})
    response.set_cookie(sessions.CSRF_COOKIE, token, **_cookie_args(ctx))
    return response


@signin_router.post("/api/v1/signin", tags=["session"], response_model=Success)
def signin(body: Signin, request: Request, ctx: Ctx):
    """Sign in with username and password; needs X-CSRF-Token from GET /csrf_token. The answer's
    X-Next-CSRF-Token header is the new CSRF token for every later mutating call (Quay's rotation)."""
    if ctx.settings.profile.quay_signin:
        return _quay_signin(body, request, ctx)
    value, csrf = sessions.signin(ctx, body.username, body.password, csrf_cookie=request.cookies.get(sessions.CSRF_COOKIE),
                                  csrf_header=request.headers.get("x-csrf-token"))
    # Quay rotates the CSRF token at sign-in: the new one is the only one mutating calls accept now.
    response = JSONResponse({"success": True}, headers={NEXT_CSRF_HEADER: csrf})
    response.set_cookie(sessions.SESSION_COOKIE, value, max_age=ctx.settings.SESSION_LIFETIME, **_cookie_args(ctx))
    response.set_cookie(sessions.CSRF_COOKIE, csrf, **_cookie_args(ctx))
    return response


def _quay_signin(body, request, ctx):
    """Quay's answers: 200 {"success": true}, 403 with its sign-in body, 429 text/html."""
    try:
        state = quay_sessions.signin(ctx, _quay_state(request, ctx), body.username, body.password, _given_csrf(request))
    except InvalidCredentials as refused:
        return JSONResponse({"needsEmailVerification": False, "invalidCredentials": True, "message": refused.message},
                            status_code=403)
    except SigninThrottled as throttled:
        return Response(throttled.message, status_code=429, headers=throttled.headers, media_type="text/html; charset=utf-8")
    response = JSONResponse({"success": True}, headers={NEXT_CSRF_HEADER: state.csrf})
    return session_cookie.attach(response, ctx.settings, state)


@router.post("/api/v1/signout", tags=["session"], response_model=Success)
def signout(request: Request, ctx: Ctx):
    if ctx.settings.profile.quay_session_cookie:
        # Its CSRF token was checked with every other mutating call's (api/quay_auth.py).
        state = quay_sessions.signout(ctx, _quay_state(request, ctx))
        return session_cookie.attach(JSONResponse({"success": True}), ctx.settings, state)
    sessions.signout(ctx, request.cookies.get(sessions.SESSION_COOKIE), request.headers.get("x-csrf-token"))
    response = JSONResponse({"success": True})
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response
