"""Every authorization rule of the API, in one place: scopes, superusers, organization admins.

Each `require_*` is the first thing its service does, so the caller is authenticated
(see RequestContext.principal) and authorized before anything else is looked at.
"""

from sqlalchemy import select

from quayref.db.models import OAuthAccessToken, Team, TeamMember, User
from quayref.services.errors import Forbidden, NotFound

RENEW_REFUSED = "Only the start-up bootstrap token can renew itself"
# Quay's word for every authorization refusal (its Unauthorized() of a signed-in caller).
UNAUTHORIZED = "Unauthorized"


def refusal(ctx, message):
    """The 403 for a refused caller: `message` names the rule, or with Profile.terse_refusals
    it is Quay's "Unauthorized"."""
    return Forbidden(UNAUTHORIZED if ctx.settings.profile.terse_refusals else message)


def is_superuser(settings, username, federated_superuser=False):
    """SUPER_USERS, or a federated user whose last login qualified through the directory or IdP."""
    return bool(federated_superuser) or username in settings.SUPER_USERS


def has_full_access(ctx, principal=None):
    """Whether the caller administers organizations it is no member of: a superuser does in the
    proposal; in Quay only with FEATURE_SUPERUSERS_FULL_ACCESS (Profile.superuser_full_access_flag)."""
    principal = principal or ctx.principal
    if not principal.is_superuser:
        return False
    if not ctx.settings.profile.superuser_full_access_flag:
        return True
    return ctx.settings.FEATURE_SUPERUSERS_FULL_ACCESS and holds_scope(principal, "super:user")


def holds_scope(principal, *any_of):
    """True when the caller is not scope-limited or its token holds one of `any_of`."""
    return principal.scopes is None or bool(principal.scopes.intersection(any_of))


def require_scope(ctx, *any_of):
    """Pass when the caller is not scope-limited or its token holds one of `any_of`."""
    principal = ctx.principal
    if not holds_scope(principal, *any_of):
        raise refusal(ctx, "The access token lacks the scope %s needed here" % " or ".join(any_of))
    return principal


def roles(db, org_id, user_id):
    query = select(Team.role).join(TeamMember, TeamMember.team_id == Team.id).where(
        Team.org_id == org_id, TeamMember.user_id == user_id)
    return set(db.scalars(query))


def _org(db, name):
    org = db.scalar(select(User).where(User.username == name, User.is_org.is_(True))) if isinstance(name, str) else None
    if org is None:
        raise NotFound("Organization %s does not exist" % name[:255])
    return org


# Quay's SCOPE_MAX_TEAM_ROLES: the highest team role a token with the scope acts with.
ROLE_ORDER = ("member", "creator", "admin")
SCOPE_ROLE_CAPS = (("org:admin", "admin"), ("repo:create", "creator"))


def effective_roles(ctx, org):
    """The caller's team roles in `org`, as far as its token lets it act with them: all of them in
    the proposal and for sessions; with Profile.org_permissions_follow_scopes capped by the token's
    scopes as Quay does (org:admin: up to admin, repo:create: up to creator, otherwise none)."""
    principal = ctx.principal
    held = roles(ctx.db, org.id, principal.user_id)
    if principal.scopes is None or not ctx.settings.profile.org_permissions_follow_scopes:
        return held
    cap = next((role for scope, role in SCOPE_ROLE_CAPS if scope in principal.scopes), None)
    if cap is None:
        return set()
    limit = ROLE_ORDER.index(cap)
    return {ROLE_ORDER[min(ROLE_ORDER.index(role), limit)] for role in held if role in ROLE_ORDER}


def is_org_admin(ctx, org):
    return has_full_access(ctx) or "admin" in effective_roles(ctx, org)


def is_org_member(ctx, org):
    """Whether the organization's view shows the caller as a member (Quay's is_member)."""
    return has_full_access(ctx) or bool(effective_roles(ctx, org))


def require_org_admin(ctx, name):
    """The organization, when the caller may administer it (404 if absent, 403 if not an admin)."""
    require_scope(ctx, "org:admin")
    org = _org(ctx.db, name)
    if not is_org_admin(ctx, org):
        raise refusal(ctx, "You are not an administrator of organization %s" % name)
    return org


def require_org_reader(ctx, name):
    """Anyone signed in may read an organization's view; what it shows depends on is_org_admin.
    With Profile.org_permissions_follow_scopes (Quay) any valid token may, whatever its scopes."""
    if ctx.settings.profile.org_permissions_follow_scopes:
        ctx.principal  # pylint: disable=pointless-statement  # authenticated, or 401
    else:
        require_scope(ctx, "org:admin", "user:read")
    return _org(ctx.db, name)


def require_org_creator(ctx):
    return require_scope(ctx, "org:admin")


def require_profile_reader(ctx):
    return require_scope(ctx, "user:read")


def require_user_admin(ctx):
    """Quay's require_user_admin: the caller's own account, with user:admin when scope-limited."""
    return require_scope(ctx, "user:admin")


def require_superuser_logs(ctx):
    principal = require_scope(ctx, "super:user")
    if not principal.is_superuser:
        raise refusal(ctx, "Only superusers may read the superuser logs")
    return principal


def require_superuser(ctx):
    """The superuser API (/api/v1/superuser/users/): a superuser, with super:user if it uses a token."""
    principal = require_scope(ctx, "super:user")
    if not principal.is_superuser:
        raise refusal(ctx, "Only superusers may administer users")
    return principal


def require_grant(ctx, scope_names):
    """A token minted by an OAuth token holds at most that token's scopes; super:user needs a superuser."""
    principal = ctx.principal
    if principal.scopes is not None:
        beyond = [s for s in scope_names if s not in principal.scopes]
        if beyond:
            raise refusal(ctx, "scope: the calling token cannot grant %s, which it does not hold" % " ".join(beyond))
    if "super:user" in scope_names and not principal.is_superuser:
        raise refusal(ctx, "scope: super:user can only be granted by a superuser")


def require_startup_token(ctx, is_startup_app, enabled):
    """The start-up token the caller presents, when its application passes `is_startup_app` and the feature is `enabled`."""
    token_id = ctx.principal.token_id
    if token_id is None:
        raise refusal(ctx, RENEW_REFUSED)
    token = ctx.db.get(OAuthAccessToken, token_id)
    app = token.application if token is not None else None
    if app is None or not is_startup_app(app) or not enabled:
        raise refusal(ctx, RENEW_REFUSED)
    return app
