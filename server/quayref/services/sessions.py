"""Cookie sessions with Quay's CSRF rule.

GET /csrf_token hands out a CSRF token (double-submit cookie before sign-in); sign-in
checks it and, as Quay does, rotates it: the session row keeps a fresh CSRF token, the
sign-in answer hands it out in X-Next-CSRF-Token, and every mutating call made with the
session cookie must echo that new token in X-CSRF-Token (the pre-sign-in one is refused)."""

import datetime
import hmac

from sqlalchemy import delete, select

from quayref.db.models import User, UserSession, utcnow
from quayref.security import credentials
from quayref.services import audit, authz, users
from quayref.services.bootstrap import ldap
from quayref.services.bootstrap.outcome import Refused
from quayref.services.errors import Forbidden, Unauthorized
from quayref.services.principal import Principal

SESSION_COOKIE = "quayref_session"
CSRF_COOKIE = "_csrf_token"
INVALID = "Invalid or expired session"


def csrf_matches(expected, given):
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_csrf_token():
    return credentials.random_string(40)


def find(db, settings, cookie):
    """The live session row for a cookie value, or None."""
    parts = credentials.split_credential(cookie or "")
    if parts is None:
        return None
    lookup, secret = parts
    row = db.scalar(select(UserSession).where(UserSession.lookup == lookup))
    if row is None:
        credentials.verify_secret(secret, credentials.DUMMY_HASH, settings.SECRET_KEY)
        return None
    if not credentials.verify_secret(secret, row.secret_hash, settings.SECRET_KEY) or row.expires_at <= utcnow():
        return None
    return row


def authenticate(db, settings, cookie, *, mutating, csrf_header):
    session = find(db, settings, cookie)
    if session is None or session.user_id is None:
        raise Unauthorized(INVALID, headers={"WWW-Authenticate": 'Bearer realm="quay"'})
    if mutating and not csrf_matches(session.csrf_token, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    user = db.get(User, session.user_id)
    return Principal(user_id=user.id, username=user.username, auth_method="session",
                     is_superuser=authz.is_superuser(settings, user.username, user.federated_superuser))


def signin(ctx, username, password, *, csrf_cookie, csrf_header):
    """Returns (cookie value, csrf token) for a new session; the csrf token is a fresh one
    (Quay's rotation at sign-in), not the one the caller signed in with."""
    db, settings = ctx.db, ctx.settings
    if not csrf_matches(csrf_cookie, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    if settings.AUTHENTICATION_TYPE == "LDAP":
        user = _directory_user(db, settings, username, password, ctx.ip)
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


def _directory_user(db, settings, username, password, ip):
    """With AUTHENTICATION_TYPE LDAP, Quay signs users in against the directory and federates them."""
    try:
        account = ldap.lookup(settings, username, password)
    except Refused as refused:
        if refused.error.status == 503:
            raise refused.error from None
        return None
    return users.federate(db, settings, account.username, account.email, account.federated_login, account.federated_superuser, ip=ip)


def signout(ctx, cookie, csrf_header):
    db = ctx.db
    session = find(db, ctx.settings, cookie)
    if session is None:
        return
    if not csrf_matches(session.csrf_token, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    db.delete(session)
    db.commit()
