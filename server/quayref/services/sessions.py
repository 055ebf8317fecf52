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
from quayref.services import audit, users
from quayref.services.bootstrap import ldap
from quayref.services.bootstrap.outcome import Refused
from quayref.services.errors import Forbidden, Unauthorized
from quayref.services.principal import Principal, is_superuser

SESSION_COOKIE = "quayref_session"
CSRF_COOKIE = "_csrf_token"
INVALID = "Invalid or expired session"


def csrf_matches(expected, given):
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_csrf_token():
    return credentials.random_string(40)


def find(db, config, cookie):
    """The live session row for a cookie value, or None."""
    parts = credentials.split_credential(cookie or "")
    if parts is None:
        return None
    lookup, secret = parts
    row = db.scalar(select(UserSession).where(UserSession.lookup == lookup))
    if row is None:
        credentials.verify_secret(secret, credentials.DUMMY_HASH, config["SECRET_KEY"])
        return None
    if not credentials.verify_secret(secret, row.secret_hash, config["SECRET_KEY"]) or row.expires_at <= utcnow():
        return None
    return row


def authenticate(db, config, cookie, *, mutating, csrf_header):
    session = find(db, config, cookie)
    if session is None or session.user_id is None:
        raise Unauthorized(INVALID, headers={"WWW-Authenticate": 'Bearer realm="quay"'})
    if mutating and not csrf_matches(session.csrf_token, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    user = db.get(User, session.user_id)
    return Principal(user_id=user.id, username=user.username, auth_method="session",
                     is_superuser=is_superuser(config, user.username, user.federated_superuser))


def signin(db, config, username, password, *, csrf_cookie, csrf_header, ip):
    """Returns (cookie value, csrf token) for a new session; the csrf token is a fresh one
    (Quay's rotation at sign-in), not the one the caller signed in with."""
    if not csrf_matches(csrf_cookie, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    if config.get("AUTHENTICATION_TYPE") == "LDAP":
        user = _directory_user(db, config, username, password, ip)
    else:
        user = users.verify_password(db, username, password)
    if user is None:
        raise Forbidden("Invalid username or password", extra={"invalidCredentials": True})
    now = utcnow()
    # Drop this user's expired sessions so the table does not grow without end.
    db.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now))
    value, lookup, secret = credentials.new_credential()
    csrf = new_csrf_token()
    db.add(UserSession(lookup=lookup, secret_hash=credentials.hash_secret(secret, config["SECRET_KEY"]),
                       csrf_token=csrf, user_id=user.id, created=now,
                       expires_at=now + datetime.timedelta(seconds=config["SESSION_LIFETIME"])))
    audit.record(db, config, "login_success", account=user.username, performer=user.username, ip=ip,
                 metadata={"type": "quayauth"})
    db.commit()
    return value, csrf


def _directory_user(db, config, username, password, ip):
    """With AUTHENTICATION_TYPE LDAP, Quay signs users in against the directory and federates them."""
    try:
        account = ldap.lookup(config, username, password)
    except Refused as refused:
        if refused.error.status == 503:
            raise refused.error from None
        return None
    superuser = account.reason not in (None, "in SUPER_USERS")
    return users.federate(db, config, account.username, account.email, account.federated_login, superuser, ip=ip)


def signout(db, config, cookie, csrf_header):
    session = find(db, config, cookie)
    if session is None:
        return
    if not csrf_matches(session.csrf_token, csrf_header):
        raise Forbidden("CSRF token was invalid or missing: send X-CSRF-Token from GET /csrf_token")
    db.delete(session)
    db.commit()
