"""Who is calling and how they proved it; what they may do is `authz`'s business."""

import dataclasses


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
