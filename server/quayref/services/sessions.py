"""Cookie sessions with Quay's CSRF rule: the proposal's here, Quay's own in quay_sessions.

proposal: GET /csrf_token hands out a CSRF token (double-submit cookie before sign-in); sign-in
checks it and, as Quay does, rotates it: the session row keeps a fresh CSRF token, the
sign-in answer hands it out in X-Next-CSRF-Token, and every mutating call made with the
session cookie must echo that new token in X-CSRF-Token (the pre-sign-in one is refused)."""

import datetime
import hmac

from sqlalchemy import delete

from quayref.db.models import User, UserSession, utcnow
from quayref.security import credentials
from quayref.services import audit, authz, quay_sessions, session_store, users
from quayref.services.errors import Forbidden, NotFound, Unauthorized
from quayref.services.principal import Principal

SESSION_COOKIE = "quayref_session"
CSRF_COOKIE = "_csrf_token"
INVALID = "Invalid or expired session"
# The live row behind a session credential (both profiles).
find = session_store.find


def csrf_matches(expected, given):
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_csrf_token():
    return credentials.random_string(40)


def authenticate(db, settings, cookie, *, mutating, csrf_header):
    session = find(db, settings, cookie)
    if session is None or session.user_id is None:
        raise Unauthorized(INVALID, headers={"WWW-Authenticate": 'Bearer realm="quay"'})
    if mutating and not csrf_matches(session.csrf_token, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    return principal_of(db, settings, session.user_id)


def signin(ctx, username, password, *, csrf_cookie, csrf_header):
    """Returns (cookie value, csrf token) for a new session; the csrf token is a fresh one
    (Quay's rotation at sign-in), not the one the caller signed in with."""
    db, settings = ctx.db, ctx.settings
    if not settings.FEATURE_DIRECT_LOGIN:
        raise NotFound("FEATURE_DIRECT_LOGIN is off")
    if not csrf_matches(csrf_cookie, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    if settings.AUTHENTICATION_TYPE == "LDAP":
        user = session_store.directory_user(db, settings, username, password, ctx.ip)
    else:
        user = users.verify_password(db, username, password)
    if user is None:
        raise Forbidden("Invalid username or password", extra={"invalidCredentials": True})
    now = utcnow()
    # Drop this user's expired sessions so the table does not grow without end.
    db.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now))
    value, lookup, secret = credentials.new_credential()
    csrf = new_csrf_token()
    db.add(UserSession(lookup=lookup, secret_hash=credentials.hash_secret(secret, settings.SECRET_KEY),
                       csrf_token=csrf, user_id=user.id, created=now,
                       expires_at=now + datetime.timedelta(seconds=settings.SESSION_LIFETIME)))
    audit.record(db, settings, "login_success", account=user.username, performer=user.username, ip=ctx.ip,
                 metadata={"type": "quayauth"})
    db.commit()
    return value, csrf


def signout(ctx, cookie, csrf_header):
    db = ctx.db
    session = find(db, ctx.settings, cookie)
    if session is None:
        return
    if not csrf_matches(session.csrf_token, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    db.delete(session)
    db.commit()


def principal_of(db, settings, user_id):
    user = db.get(User, user_id)
    return Principal(user_id=user.id, username=user.username, auth_method="session",
                     is_superuser=authz.is_superuser(settings, user.username, user.federated_superuser))


def form_principal(db, settings, cookies, csrf):
    """The signed-in user of a form POST outside the API (/oauth/authorizeapp), whose CSRF token
    may come in the form; None when there is no session cookie at all."""
    if settings.profile.quay_session_cookie:
        state = quay_sessions.decode(settings, cookies.get(quay_sessions.COOKIE))
        if state is None:
            return None
        row = quay_sessions.session_row(db, settings, state)
        if not quay_sessions.csrf_matches(state, csrf):
            raise quay_sessions.csrf_refusal(row.user.username if row is not None else None)
        if row is None:
            raise Unauthorized()
        return principal_of(db, settings, row.user_id)
    cookie = cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    return authenticate(db, settings, cookie, mutating=True, csrf_header=csrf)
