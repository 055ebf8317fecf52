"""POST /api/v1/bootstrap/renew: the start-up token rotates itself (see `startup` for how it is provisioned).

proposal: the caller authenticates as on every route and must hold the start-up token.
quay-3.18 (Profile.renew_reads_bearer): as Quay, the endpoint reads the Bearer itself. Without
a Bearer the call is a mutating call with no CSRF token (403 CSRF) unless a session with its
CSRF token carries it, and then still needs the Bearer (401). A Bearer that is no token gets
401 "Requires valid bootstrap bearer token"; another live token 403; the start-up token, live,
rotates; expired, it rotates only with X-Quay-Bootstrap-Renewal-Location: local, the recovery
for a token that expired in the file (Quay never re-issues it at start).
"""

import functools

from sqlalchemy import select

from quayref.db.models import OAuthAccessToken, User, utcnow
from quayref.security import credentials
from quayref.services import authz
from quayref.services.bootstrap import startup
from quayref.services.errors import CsrfFailure, Forbidden, Unauthorized

RENEWAL_LOCATION_HEADER = "X-Quay-Bootstrap-Renewal-Location"
LOCAL = "local"
NEEDS_BEARER = "Requires valid bootstrap bearer token"
# Quay's insufficient_scope message: the token is valid, it is just not the start-up token.
NOT_THE_STARTUP_TOKEN = "Unauthorized"


def renew(ctx, *, authorization=None, renewal_location=None):
    """Rotate the start-up token the caller presents; `authorization` and `renewal_location` are the request's headers."""
    if ctx.settings.profile.renew_reads_bearer:
        app = _presented_startup_app(ctx, authorization, renewal_location)
    else:
        app = authz.require_startup_token(ctx, functools.partial(startup.is_startup_app, ctx.settings), startup.enabled(ctx.settings))
    owner = ctx.db.get(User, app.namespace_id)
    startup.rotate(ctx.db, ctx.settings, app, owner, kind="renew_bootstrap_token", ip=ctx.ip)
    ctx.db.commit()
    return {"status": "rotated"}


def _bearer(authorization):
    """The Bearer value ("" for a bare "Bearer"), or None when the header is absent or another scheme."""
    scheme, _sep, value = (authorization or "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _require_session(ctx):
    """No Bearer: the CSRF rule of every mutating call decides first (only a session with its CSRF token passes)."""
    try:
        ctx.principal  # pylint: disable=pointless-statement
    except CsrfFailure:
        raise
    except (Unauthorized, Forbidden):
        raise CsrfFailure() from None


def _token(db, settings, value):
    """The token row `value` is the credential of, expired or not; None if it is none."""
    parts = credentials.split_credential(value)
    if parts is None:
        return None
    token = db.scalar(select(OAuthAccessToken).where(OAuthAccessToken.lookup == parts[0]))
    if token is None:
        credentials.verify_secret(parts[1], credentials.DUMMY_HASH, settings.SECRET_KEY)
        return None
    return token if credentials.verify_secret(parts[1], token.secret_hash, settings.SECRET_KEY) else None


def _presented_startup_app(ctx, authorization, renewal_location):
    value = _bearer(authorization)
    if value is None:
        _require_session(ctx)
        raise Unauthorized(NEEDS_BEARER)
    token = _token(ctx.db, ctx.settings, value)
    if token is None:
        raise Unauthorized(NEEDS_BEARER)
    live = token.expires_at is None or token.expires_at > utcnow()
    if not startup.is_startup_app(ctx.settings, token.application):
        raise Forbidden(NOT_THE_STARTUP_TOKEN) if live else Unauthorized(NEEDS_BEARER)
    if not live and renewal_location != LOCAL:
        raise Unauthorized(NEEDS_BEARER)
    return token.application
