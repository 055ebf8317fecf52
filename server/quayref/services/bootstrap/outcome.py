"""What a bootstrap method answers: who qualified, or why the attempt is refused."""

import dataclasses
import enum

from quayref.services.errors import ApiError, Forbidden, ServiceUnavailable, Unauthorized

# One public message for every credential failure: which part was wrong (user, password,
# signature, claim) goes to the audit log only, never to the caller.
BAD_CREDENTIALS = "Invalid bootstrap credentials"


class Qualification(enum.Enum):
    """Why an identity is a superuser; the value is the audit log's `reason`."""

    SUPER_USERS = "in SUPER_USERS"
    LDAP_SUPERUSER_FILTER = "matches LDAP_SUPERUSER_FILTER"
    SUPERUSER_GROUP = "in SUPERUSER_GROUP"


@dataclasses.dataclass(frozen=True)
class Qualified:
    """A verified identity that may use bootstrap authentication."""

    username: str  # the local namespace the principal acts as
    email: str | None = None
    federated_login: str | None = None  # set when the user is created on first success
    qualification: Qualification | None = Qualification.SUPER_USERS  # None: not a superuser (LDAP sign-in)

    @property
    def reason(self):
        return self.qualification.value if self.qualification else None

    @property
    def federated_superuser(self):
        """Stored on the user: SUPER_USERS is read from the config on every call, the directory's
        or the IdP's answer only at login, so only that answer is remembered."""
        return self.qualification not in (None, Qualification.SUPER_USERS)


class Refused(Exception):
    """An attempt that fails. `reason` is audited; `error` is what the caller gets.

    `counts` says whether the attempt counts towards the lockout: a wrong secret
    does; a right secret of a non-superuser, or a directory that is down, does not.
    """

    def __init__(self, reason, error: ApiError, counts):
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.counts = counts


def bad_credentials(reason):
    return Refused(reason, Unauthorized(BAD_CREDENTIALS), counts=True)


def unverified(reason):
    """A token refused before its signature was checked: its claimed identity is not proven,
    so the failure does not count against that identity (else anyone could lock it out)."""
    return Refused(reason, Unauthorized(BAD_CREDENTIALS), counts=False)


def not_superuser(reason="not a superuser"):
    return Refused(reason, Forbidden("The credentials are valid but do not grant bootstrap access: a superuser is required"), counts=False)


def unavailable(reason, message):
    return Refused(reason, ServiceUnavailable(message), counts=False)
