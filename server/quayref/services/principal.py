"""Who is calling, how they proved it, and what they may do."""

import dataclasses

from quayref.services.errors import Forbidden


@dataclasses.dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    auth_method: str  # oauth, session, basic, ldap, oidc, startup
    is_superuser: bool
    # The scopes an OAuth token carries (expanded); None means the user's full rights
    # (session cookies and bootstrap credentials).
    scopes: frozenset | None = None
    token_id: int | None = None

    def require_scope(self, *any_of):
        """Pass when the caller is not scope-limited or its token holds one of `any_of`."""
        if self.scopes is not None and not self.scopes.intersection(any_of):
            raise Forbidden("The access token lacks the scope %s needed here" % " or ".join(any_of))


def is_superuser(config, username, federated_superuser=False):
    """SUPER_USERS, or a federated user whose last login qualified through the directory or IdP."""
    return bool(federated_superuser) or username in (config.get("SUPER_USERS") or [])
