"""Every authorization rule of the API, in one place: scopes, superusers, organization admins.

Each `require_*` is the first thing its service does, so the caller is authenticated
(see RequestContext.principal) and authorized before anything else is looked at.
"""

from sqlalchemy import select

from quayref.db.models import OAuthAccessToken, Team, TeamMember, User
from quayref.services.errors import Forbidden, NotFound

RENEW_REFUSED = "Only the start-up bootstrap token can renew itself"


def is_superuser(settings, username, federated_superuser=False):
    """SUPER_USERS, or a federated user whose last login qualified through the directory or IdP."""
    return bool(federated_superuser) or username in settings.SUPER_USERS


def require_scope(ctx, *any_of):
    """Pass when the caller is not scope-limited or its token holds one of `any_of`."""
    principal = ctx.principal
    if principal.scopes is not None and not principal.scopes.intersection(any_of):
        raise Forbidden("The access token lacks the scope %s needed here" % " or ".join(any_of))
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


def is_org_admin(ctx, org):
    principal = ctx.principal
    return principal.is_superuser or "admin" in roles(ctx.db, org.id, principal.user_id)


def require_org_admin(ctx, name):
    """The organization, when the caller may administer it (404 if absent, 403 if not an admin)."""
    require_scope(ctx, "org:admin")
    org = _org(ctx.db, name)
    if not is_org_admin(ctx, org):
        raise Forbidden("You are not an administrator of organization %s" % name)
    return org


def require_org_reader(ctx, name):
    """Anyone signed in may read an organization's view; what it shows depends on is_org_admin."""
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
        raise Forbidden("Only superusers may read the superuser logs")
    return principal


def require_grant(ctx, scope_names):
    """A token minted by an OAuth token holds at most that token's scopes; super:user needs a superuser."""
    principal = ctx.principal
    if principal.scopes is not None:
        beyond = [s for s in scope_names if s not in principal.scopes]
        if beyond:
            raise Forbidden("scope: the calling token cannot grant %s, which it does not hold" % " ".join(beyond))
    if "super:user" in scope_names and not principal.is_superuser:
        raise Forbidden("scope: super:user can only be granted by a superuser")


def require_startup_token(ctx, is_startup_app, enabled):
    """The start-up token the caller presents, when its application passes `is_startup_app` and the feature is `enabled`."""
    token_id = ctx.principal.token_id
    if token_id is None:
        raise Forbidden(RENEW_REFUSED)
    token = ctx.db.get(OAuthAccessToken, token_id)
    app = token.application if token is not None else None
    if app is None or not is_startup_app(app) or not enabled:
        raise Forbidden(RENEW_REFUSED)
    return app
