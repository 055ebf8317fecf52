"""Zero-touch bootstrap authentication (FEATURE_PROGRAMMATIC_BOOTSTRAP).

The auth layer calls `authenticate` whenever the Authorization header is Basic
or a Bearer JWT. This module decides, in order: the flag, whether the route
accepts bootstrap credentials at all, the lockout, then the method (`basic`,
`ldap` or `oidc`). Every attempt, flag on or off, leaves one audit row, committed
before the answer so that a refused request cannot roll it back. Neither a
password nor a token ever reaches the audit log or a log line.
"""

import base64
import binascii
import dataclasses
import logging

from quayref.services import audit, users
from quayref.services.bootstrap import basic, ldap, lockout, oidc
from quayref.services.bootstrap.outcome import BAD_CREDENTIALS, Qualified, Refused
from quayref.services.errors import ApiError, Forbidden, TooManyRequests, Unauthorized
from quayref.services.principal import Principal

LOG = logging.getLogger("quayref.bootstrap")
SUCCESS = "bootstrap_auth_success"
FAILURE = "bootstrap_auth_failure"
MAX_NAME = 255


@dataclasses.dataclass
class Attempt:
    """The parsed header: the method, the claimed name (for audit and lockout), the secret."""

    method: str
    username: str | None
    secret: str | None = dataclasses.field(default=None, repr=False)
    malformed: str | None = None


def method_for_basic(settings):
    return "ldap" if settings.AUTHENTICATION_TYPE == "LDAP" else "basic"


def parse(settings, authorization):
    scheme, _sep, value = (authorization or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        claims = oidc.unverified_claims(value) or {}
        name = oidc.principal_name(claims)
        return Attempt("oidc", name[:MAX_NAME] if name else None, value, None if claims else "malformed token")
    method = method_for_basic(settings)
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return Attempt(method, None, malformed="malformed Basic credentials")
    username, colon, password = decoded.partition(":")
    if not colon:
        return Attempt(method, username[:MAX_NAME] or None, malformed="malformed Basic credentials")
    return Attempt(method, username[:MAX_NAME], password)


def _record(db, settings, kind, attempt, reason, *, ip, endpoint, client_id, performer=None):
    metadata = {"method": attempt.method, "username": attempt.username, "reason": reason, "endpoint": endpoint, "client_id": client_id}
    audit.record(db, settings, kind, performer=performer, ip=ip, metadata=metadata)


def _verify(db, settings, attempt):
    if attempt.method == "oidc":
        return oidc.verify(settings, attempt.secret)
    if attempt.method == "ldap":
        return ldap.verify(settings, attempt.username, attempt.secret)
    if settings.AUTHENTICATION_TYPE != "Database":
        # No password is checked, so nothing here may count towards a lockout.
        raise Refused("Basic credentials need AUTHENTICATION_TYPE Database or LDAP", Unauthorized(BAD_CREDENTIALS), counts=False)
    return basic.verify(db, settings, attempt.username, attempt.secret)


def _local_user(db, settings, qualified: Qualified, ip):
    """The local user the principal acts as; LDAP and OIDC principals are federated on first success."""
    if qualified.federated_login:
        user = users.federate(db, settings, qualified.username, qualified.email, qualified.federated_login,
                              superuser=qualified.federated_superuser, ip=ip)
        if user is None:
            raise Refused("name is not a valid namespace", Forbidden("The principal's name is not a valid Quay namespace"), counts=False)
        return user
    user = users.by_name(db, qualified.username)
    if user is None or user.is_org:
        raise Refused("no such local user", Unauthorized(BAD_CREDENTIALS), counts=False)
    return user


def authenticate(db, settings, authorization, *, ip, endpoint, client_id=None, allowed):
    """The bootstrap Principal, or raise the ApiError the caller must answer with."""
    attempt = parse(settings, authorization)
    where = {"ip": ip, "endpoint": endpoint, "client_id": client_id}
    identity = lockout.identity_key(attempt.method, attempt.username) if attempt.username else None
    try:
        if not settings.FEATURE_PROGRAMMATIC_BOOTSTRAP:
            # Flag off: bootstrap credentials are no authentication at all.
            raise Refused("FEATURE_PROGRAMMATIC_BOOTSTRAP is false", Unauthorized(), counts=False)
        if not allowed:
            raise Refused("bootstrap credentials not accepted on this endpoint", Unauthorized(), counts=False)
        if attempt.malformed:
            raise Refused(attempt.malformed, Unauthorized(BAD_CREDENTIALS), counts=False)
        wait = lockout.seconds_left(db, identity) if identity else 0
        if wait:
            # Refused without looking at the secret: the right password does not lift a lockout.
            raise Refused("locked out", TooManyRequests("Too many failed bootstrap attempts; retry later", wait), counts=False)
        qualified = _verify(db, settings, attempt)
        user = _local_user(db, settings, qualified, ip)
    except Refused as refused:
        _refuse(db, settings, attempt, identity, refused, where)
        raise refused.error from None
    if identity:
        lockout.reset(db, identity)
    _record(db, settings, SUCCESS, attempt, qualified.reason, performer=user.username, **where)
    db.commit()
    LOG.info("bootstrap %s authentication of %s on %s", attempt.method, user.username, endpoint)
    return Principal(user_id=user.id, username=user.username, auth_method=attempt.method, is_superuser=True)


def _refuse(db, settings, attempt, identity, refused, where):
    error: ApiError = refused.error
    if refused.counts and identity:
        wait = lockout.record_failure(db, settings, identity)
        if wait:
            LOG.warning("bootstrap identity %s locked out for %ss", identity, wait)
    _record(db, settings, FAILURE, attempt, refused.reason, **where)
    db.commit()
    LOG.info("bootstrap %s attempt for %r on %s refused (%s): %s", attempt.method, attempt.username, where["endpoint"], error.status, refused.reason)
