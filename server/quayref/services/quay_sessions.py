"""Quay's session (QUAYREF_PROFILE quay-3.18): one signed cookie, named _csrf_token as Quay's is.

Quay keeps a Flask session in that cookie. GET /csrf_token makes it (it holds the CSRF token);
sign-in puts the user in it, gives it a new CSRF token (X-Next-CSRF-Token) and an Expires;
sign-out takes the user out and keeps the CSRF token and the Expires. quayref's cookie has the
same life: a signed JSON of the CSRF token, while signed in the session credential (whose hash,
user and CSRF token are a user_session row, so that sign-out ends the session in every worker
and a copied cookie dies with it), and the expiry. Nothing in it is secret but the credential.

The session's CSRF token is the cookie's: sign-in writes the row's and the cookie's together.
"""

import base64
import dataclasses
import datetime
import hashlib
import hmac
import json
import os
import time

from sqlalchemy import delete

from quayref.db.models import UserSession, utcnow
from quayref.security import credentials, passwords
from quayref.services import audit, session_store, signin_backoff, users
from quayref.services.errors import CsrfFailure, InvalidCredentials

COOKIE = "_csrf_token"
CSRF_FAILURE = "CSRF token was invalid or missing."
INVALID_CREDENTIALS = "Invalid Username or Password"
MAX_COOKIE = 4096


@dataclasses.dataclass(frozen=True)
class State:
    """What the cookie says: the CSRF token, the session credential while signed in, and the
    expiry (epoch seconds) once the session has been signed in (Flask's permanent session)."""

    csrf: str
    credential: str | None = None
    expires: int | None = None


def new_csrf_token():
    """As Quay's generate_csrf_token: 48 random bytes, base64 (URL-safe, so 64 characters)."""
    return base64.urlsafe_b64encode(os.urandom(48)).decode("ascii")


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _mac(settings, body):
    key = hmac.new(settings.SECRET_KEY.encode("utf-8"), b"quayref session cookie", hashlib.sha256).digest()
    return _b64(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())


def encode(settings, state):
    payload = {"c": state.csrf}
    if state.credential:
        payload["s"] = state.credential
    if state.expires:
        payload["e"] = state.expires
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    return body + "." + _mac(settings, body)


def decode(settings, value):
    """The State of a cookie value, or None when it is absent, malformed or not signed by us."""
    if not value or len(value) > MAX_COOKIE or value.count(".") != 1:
        return None
    body, mac = value.split(".")
    if not hmac.compare_digest(mac.encode("ascii", "replace"), _mac(settings, body).encode("ascii")):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None
    csrf, credential, expires = payload.get("c"), payload.get("s"), payload.get("e")
    if not isinstance(csrf, str) or not isinstance(credential, (str, type(None))) or not isinstance(expires, (int, type(None))):
        return None
    if expires is not None and expires <= time.time():
        return None  # what a browser would no longer send
    return State(csrf, credential, expires)


def expires_at(state):
    """The cookie's Expires as a naive UTC datetime, or None for a session never signed in."""
    return datetime.datetime.fromtimestamp(state.expires, datetime.timezone.utc).replace(tzinfo=None) if state.expires else None


def csrf_matches(state, given):
    expected = state.csrf if state is not None else ""
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode("utf-8"), str(given).encode("utf-8"))


def session_row(db, settings, state):
    """The live, signed-in user_session row behind the cookie, or None."""
    if state is None or not state.credential:
        return None
    row = session_store.find(db, settings, state.credential)
    return row if row is not None and row.user_id is not None else None


def csrf_refusal(username=None):
    """Quay's CSRF refusal; its message names the signed-in user, as Quay's abort() does."""
    if username:
        return CsrfFailure("%s (authorized: user %s)" % (CSRF_FAILURE, username))
    return CsrfFailure(CSRF_FAILURE)


def csrf_token(state):
    """GET /csrf_token: (the token, the State to set). A caller without a session gets a new one."""
    if state is None:
        state = State(new_csrf_token())
    return state.csrf, state


def sign_in_user(ctx, user, previous):
    """Start a signed-in session for `user` (the caller has checked who it is): a new row and
    credential, a new CSRF token; `previous` (the State the caller had) is ended. Returns the
    new State. Quay's common_login: the new CSRF token is the answer's X-Next-CSRF-Token."""
    db, settings = ctx.db, ctx.settings
    old = session_row(db, settings, previous)
    if old is not None:
        db.delete(old)
    now = utcnow()
    db.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now))
    value, lookup, secret = credentials.new_credential()
    csrf = new_csrf_token()
    lifetime = datetime.timedelta(seconds=settings.SESSION_LIFETIME)
    db.add(UserSession(lookup=lookup, secret_hash=credentials.hash_secret(secret, settings.SECRET_KEY), csrf_token=csrf,
                       user_id=user.id, created=now, expires_at=now + lifetime))
    expires = int((now + lifetime).replace(tzinfo=datetime.timezone.utc).timestamp())
    return State(csrf, value, expires)


def signin(ctx, state, username, password, given_csrf):
    """POST /api/v1/signin: the new State, or CsrfFailure, SigninThrottled or InvalidCredentials."""
    db, settings = ctx.db, ctx.settings
    if not csrf_matches(state, given_csrf):
        row = session_row(db, settings, state)
        raise csrf_refusal(row.user.username if row is not None else None)
    if settings.AUTHENTICATION_TYPE == "LDAP":
        user = session_store.directory_user(db, settings, username, password, ctx.ip)
    else:
        user = _database_user(db, username, password)
    if user is None:
        db.commit()  # the failure count
        raise InvalidCredentials(INVALID_CREDENTIALS, extra={"invalidCredentials": True})
    signin_backoff.clear(db, user)
    new_state = sign_in_user(ctx, user, state)
    audit.record(db, settings, "login_success", account=user.username, performer=user.username, ip=ctx.ip,
                 metadata={"type": "quayauth"})
    db.commit()
    return new_state


def _database_user(db, username, password):
    """The user when the password is right; the back-off is checked first, and a wrong password counts.

    As Quay's verify_user, an unknown name is refused without a password check: no bcrypt to
    equal the time of a known one (the proposal's sign-in does that), so that the back-off
    window of a known user is not spent on other users' attempts, as it is not in Quay."""
    known = users.by_name(db, username) if isinstance(username, str) else None
    if known is None or known.is_org or not known.password_hash:
        return None
    signin_backoff.require_no_wait(known)
    if passwords.verify_password(password, known.password_hash):
        return known
    signin_backoff.record_failure(db, known)
    return None


def signout(ctx, state):
    """POST /api/v1/signout (its CSRF token checked by the API layer): end the signed-in session;
    the cookie keeps its CSRF token and expiry, as Quay's does. Returns the State to set."""
    row = session_row(ctx.db, ctx.settings, state)
    if row is not None:
        ctx.db.delete(row)
        ctx.db.commit()
    if state is None:
        return None
    return State(state.csrf, None, state.expires)
