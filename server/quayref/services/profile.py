"""GET /api/v1/user/: the caller, its organizations and whether it administers each.

proposal: a short view. quay-3.18 (Profile.quay_user_view): Quay's user_view, whose parts
depend on what the caller's token may do: the account fields with user:admin, the
organizations with user:read, super_user for a superuser with super:user (a session may do
all); without user:read the answer is Quay's 401 with "session_required": false.
"""

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased

from quayref.db.models import Team, TeamMember, User
from quayref.services import authz, users
from quayref.services.errors import Unauthorized

_Org = aliased(User)
# The user and every organization it belongs to, with whether any of its teams there is an
# admin team: one prebuilt query, as GET /api/v1/user/ is the hottest authenticated call.
_PROFILE = (select(User.username, User.email, User.federated_login, _Org.username.label("org"), _Org.email.label("org_email"),
                   func.max(case((Team.role == "admin", 1), else_=0)).label("admin"))
            .select_from(User).outerjoin(TeamMember, TeamMember.user_id == User.id).outerjoin(Team, Team.id == TeamMember.team_id)
            .outerjoin(_Org, _Org.id == Team.org_id).where(User.id == bindparam("user_id"))
            .group_by(User.id, User.username, User.email, User.federated_login, _Org.id, _Org.username, _Org.email)
            .order_by(_Org.username))
# quay-3.18: the same, with the user's own columns Quay shows, organizations in creation order
# (Quay gives no order; its database answered them as they were made, mostly).
_QUAY_PROFILE = (select(User.username, User.email, User.federated_login, User.password_hash.is_not(None).label("has_password"),
                        User.tag_expiration_s, _Org.username.label("org"), _Org.email.label("org_email"),
                        func.max(case((Team.role == "admin", 1), else_=0)).label("admin"),
                        func.max(case((Team.role.in_(("admin", "creator")), 1), else_=0)).label("creator"))
                 .select_from(User).outerjoin(TeamMember, TeamMember.user_id == User.id).outerjoin(Team, Team.id == TeamMember.team_id)
                 .outerjoin(_Org, _Org.id == Team.org_id).where(User.id == bindparam("user_id"))
                 .group_by(User.id, User.username, User.email, User.federated_login, User.password_hash, User.tag_expiration_s,
                           _Org.id, _Org.username, _Org.email)
                 .order_by(_Org.id))
NOT_SIGNED_IN = "Requires authentication"


def profile(ctx):
    """GET /api/v1/user/: the caller and its organizations."""
    if ctx.settings.profile.quay_user_view:
        return quay_profile(ctx)
    principal = authz.require_profile_reader(ctx)
    rows = ctx.db.connection().execute(_PROFILE, {"user_id": principal.user_id}).all()
    me = rows[0]
    organizations = [{"name": row.org, "avatar": users.avatar(row.org, row.org_email, "org"),
                      "is_org_admin": bool(row.admin) or principal.is_superuser, "can_create_repo": True, "public": False}
                     for row in rows if row.org is not None]
    return {
        "anonymous": False,
        "username": me.username,
        "email": me.email,
        "verified": True,
        "avatar": users.avatar(me.username, me.email, "user"),
        "super_user": principal.is_superuser,
        "can_create_repo": True,
        "organizations": organizations,
        "logins": [{"service": me.federated_login}] if me.federated_login else [],
    }


def _caller_or_401(ctx):
    """Quay answers this endpoint's every refusal, anonymous or under-scoped, with one 401."""
    refused = Unauthorized(NOT_SIGNED_IN, extra={"session_required": False})
    try:
        principal = ctx.principal
    except Unauthorized:
        raise refused from None
    if not authz.holds_scope(principal, "user:read"):
        raise refused
    return principal


def quay_profile(ctx):
    """Quay's user_view of the caller (endpoints/api/user.py), field for field and in its order."""
    principal = _caller_or_401(ctx)
    rows = ctx.db.connection().execute(_QUAY_PROFILE, {"user_id": principal.user_id}).all()
    me = rows[0]
    user_admin = authz.holds_scope(principal, "user:admin")
    view = {"anonymous": False, "username": me.username, "avatar": users.avatar(me.username, me.email, "user")}
    if user_admin:
        view.update({
            "can_create_repo": True,
            "is_me": True,
            "verified": True,
            "email": me.email,
            "logins": [{"service": me.federated_login, "service_identifier": me.username, "metadata": {}}] if me.federated_login else [],
            "invoice_email": False,
            "invoice_email_address": None,
            "preferred_namespace": False,
            "tag_expiration_s": me.tag_expiration_s,
            "prompts": [],
            "company": None,
            "family_name": None,
            "given_name": None,
            "location": None,
            "is_free_account": True,
            "has_password_set": bool(me.has_password),
        })
    view["organizations"] = [_quay_org(principal, row, user_admin) for row in rows if row.org is not None]
    if principal.is_superuser and authz.holds_scope(principal, "super:user"):
        view["super_user"] = True
    return view


def _quay_org(principal, row, user_admin):
    org = {"name": row.org, "avatar": users.avatar(row.org, row.org_email, "org"),
           "can_create_repo": bool(row.creator) and authz.holds_scope(principal, "repo:create", "org:admin"),
           "public": False}
    if user_admin:
        org.update({"is_org_admin": bool(row.admin) and authz.holds_scope(principal, "org:admin"), "preferred_namespace": False})
    return org
