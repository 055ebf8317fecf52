"""Organizations: create, read, update, delete; the creator joins the `owners` team."""

from sqlalchemy import select

from quayref.db.models import Team, TeamMember, User
from quayref.services import audit, authz, users
from quayref.services.errors import Conflict

DEFAULT_TAG_EXPIRATION_S = 1209600


def view(ctx, org):
    principal = ctx.principal
    admin = authz.is_org_admin(ctx, org)
    roles = authz.roles(ctx.db, org.id, principal.user_id)
    result = {
        "name": org.username,
        "email": org.email if admin else None,
        "avatar": users.avatar(org.username, org.email, "org"),
        "is_admin": admin,
        "is_member": bool(roles) or principal.is_superuser,
        "tag_expiration_s": DEFAULT_TAG_EXPIRATION_S,
        "is_free_account": True,
    }
    if admin:
        teams = ctx.db.scalars(select(Team).where(Team.org_id == org.id).order_by(Team.name)).all()
        result["teams"] = {t.name: {"name": t.name, "role": t.role, "can_view": True, "avatar": users.avatar(org.username, org.email, "org")} for t in teams}
        result["ordered_teams"] = [t.name for t in teams]
    return result


def read(ctx, name):
    return view(ctx, authz.require_org_reader(ctx, name))


def create(ctx, name, email):
    principal = authz.require_org_creator(ctx)
    db = ctx.db
    users.check_name(name)
    users.check_email(email)
    if users.by_name(db, name) is not None:
        raise Conflict("name: a user or organization named %s already exists" % name)
    org = User(username=name, email=email, is_org=True)
    db.add(org)
    db.flush()
    owners = Team(org_id=org.id, name="owners", role="admin")
    db.add(owners)
    db.flush()
    db.add(TeamMember(team_id=owners.id, user_id=principal.user_id))
    audit.record_for(ctx, "org_create", account=name, metadata={"email": email, "namespace": name, "auth_method": principal.auth_method})
    db.commit()
    return org


def update(ctx, name, email):
    org = authz.require_org_admin(ctx, name)
    if email is not None:
        org.email = users.check_email(email)
    audit.record_for(ctx, "org_change_email", account=name, metadata={"email": org.email, "namespace": name})
    ctx.db.commit()
    return view(ctx, org)


def delete(ctx, name):
    org = authz.require_org_admin(ctx, name)
    ctx.db.delete(org)
    audit.record_for(ctx, "org_delete", account=name, metadata={"namespace": name})
    ctx.db.commit()
