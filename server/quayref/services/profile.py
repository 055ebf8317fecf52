"""GET /api/v1/user/: the caller, its organizations and whether it administers each."""

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased

from quayref.db.models import Team, TeamMember, User
from quayref.services import authz, users

_Org = aliased(User)
# The user and every organization it belongs to, with whether any of its teams there is an
# admin team: one prebuilt query, as GET /api/v1/user/ is the hottest authenticated call.
_PROFILE = (select(User.username, User.email, User.federated_login, _Org.username.label("org"), _Org.email.label("org_email"),
                   func.max(case((Team.role == "admin", 1), else_=0)).label("admin"))
            .select_from(User).outerjoin(TeamMember, TeamMember.user_id == User.id).outerjoin(Team, Team.id == TeamMember.team_id)
            .outerjoin(_Org, _Org.id == Team.org_id).where(User.id == bindparam("user_id"))
            .group_by(User.id, User.username, User.email, User.federated_login, _Org.id, _Org.username, _Org.email)
            .order_by(_Org.username))


def profile(ctx):
    """GET /api/v1/user/: the caller and its organizations."""
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
