"""Organizations: create, read, update, delete; the creator joins the `owners` team."""

from sqlalchemy import select

from quayref.db.models import Team, TeamMember, User
from quayref.services import audit, authz, tag_expiration, users
from quayref.services.errors import InvalidRequest

DEFAULT_TAG_EXPIRATION_S = 1209600
# Quay's answer (400 invalid_request) to creating a name a user or organization already has.
NAME_TAKEN = "A user or organization with this name already exists"


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
        "tag_expiration_s": DEFAULT_TAG_EXPIRATION_S if org.tag_expiration_s is None else org.tag_expiration_s,
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
        raise InvalidRequest(NAME_TAKEN)
    org = User(username=name, email=email, is_org=True, tag_expiration_s=tag_expiration.default_seconds(ctx.settings))
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


def check_tag_expiration(ctx, name, seconds):
    """Before anything is written: the caller administers `name` and `seconds` is an option."""
    authz.require_org_admin(ctx, name)
    return tag_expiration.check(ctx.settings, seconds)


def update_tag_expiration(ctx, name, seconds):
    """PUT's tag_expiration_s: one of TAG_EXPIRATION_OPTIONS (else Quay's 400), stored and audited."""
    org = authz.require_org_admin(ctx, name)
    org.tag_expiration_s = tag_expiration.check(ctx.settings, seconds)
    audit.record_for(ctx, "org_change_tag_expiration", account=name, metadata={"namespace": name, "tag_expiration_s": seconds})
    ctx.db.commit()
    return view(ctx, org)


def delete(ctx, name):
    org = authz.require_org_admin(ctx, name)
    ctx.db.delete(org)
    audit.record_for(ctx, "org_delete", account=name, metadata={"namespace": name})
    ctx.db.commit()
