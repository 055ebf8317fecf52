"""Zero-touch bootstrap authentication (FEATURE_PROGRAMMATIC_BOOTSTRAP).

Entry point for the auth layer: called whenever a request carries HTTP Basic or a
Bearer value that is not a Quay token (a JWT). `allowed` says whether the route
accepts bootstrap credentials at all. Every call is audited.

This module refuses every attempt until the bootstrap methods are implemented.
"""

import base64
import binascii

from quayref.services import audit
from quayref.services.errors import Unauthorized


def _username(authorization):
    scheme, _sep, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return "oidc", None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError):
        return "basic", None
    return "basic", decoded.partition(":")[0][:255] or None


def authenticate(db, config, authorization, *, ip, endpoint, client_id, allowed):
    method, username = _username(authorization)
    if not config.get("FEATURE_PROGRAMMATIC_BOOTSTRAP"):
        reason = "FEATURE_PROGRAMMATIC_BOOTSTRAP is off"
    elif not allowed:
        reason = "bootstrap credentials are not accepted on this endpoint"
    else:
        reason = "bootstrap method not available"
    audit.record(db, config, "bootstrap_auth_failure", performer=None, ip=ip,
                 metadata={"method": method, "username": username, "reason": reason, "endpoint": endpoint,
                           "client_id": client_id})
    db.commit()
    raise Unauthorized("Bootstrap authentication refused: %s" % reason)
