"""An SSO JWT as ordinary Bearer authentication (QUAYREF_PROFILE quay-3.18).

As Quay's validate_sso_oauth_token: a JWT whose `iss` is a configured *_LOGIN_CONFIG issuer,
verified against that issuer's keys (bootstrap/oidc.py, the same checks as bootstrap), is the
user it names: `preferred_username` (or the login block's PREFERRED_USERNAME_CLAIM_NAME), else
`sub`. The user is federated on first use when FEATURE_USER_CREATION allows it, acts with its
full rights, and, as a Bearer credential, needs no CSRF token. Any failure leaves the call
anonymous, as an invalid OAuth token does in Quay.
"""

import logging

from quayref.services import authz, users
from quayref.services.bootstrap import oidc
from quayref.services.bootstrap.outcome import Refused
from quayref.services.errors import ApiError
from quayref.services.principal import Principal

LOG = logging.getLogger("quayref.sso")


def looks_like_jwt(value):
    return value.count(".") == 2


def _username(claims, login):
    claim = (login.model_extra or {}).get("PREFERRED_USERNAME_CLAIM_NAME") or "preferred_username"
    for name in (claim, "sub"):
        value = claims.get(name)
        if isinstance(value, str) and value:
            return value.lower()
    return None


def authenticate(db, settings, token, ip=None):
    """The Principal of a valid SSO JWT, or None."""
    try:
        login, claims = oidc.verified_claims(settings, token)
    except Refused as refused:
        LOG.info("SSO JWT refused: %s", refused.reason)
        return None
    except ApiError:
        return None
    azp = claims.get("azp")
    if login.OIDC_ALLOWED_CLIENTS and azp and azp not in login.OIDC_ALLOWED_CLIENTS:
        LOG.info("SSO JWT refused: client %r is not in OIDC_ALLOWED_CLIENTS", azp)
        return None
    username = _username(claims, login)
    if username is None:
        return None
    user = users.by_name(db, username)
    if user is not None and user.federated_login != "oidc":
        # Quay links an SSO login to the user it created for it, never to a local account of the
        # same name (it would make a new, suffixed name); quayref has no such link, so it refuses.
        LOG.info("SSO JWT of %s refused: a local user of that name exists", username)
        return None
    if user is None and not settings.FEATURE_USER_CREATION:
        LOG.info("SSO JWT of %s refused: FEATURE_USER_CREATION is false and the user does not exist", username)
        return None
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    # Quay's superusers are SUPER_USERS; a group claim makes none.
    user = users.federate(db, settings, username, email, "oidc", superuser=False, ip=ip)
    if user is None:
        return None
    db.commit()
    return Principal(user_id=user.id, username=user.username, auth_method="oidc",
                     is_superuser=authz.is_superuser(settings, user.username, user.federated_superuser))
