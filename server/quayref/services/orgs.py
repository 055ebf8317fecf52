"""Organizations: create, read, update, delete; the creator joins the `owners` team."""

from sqlalchemy import select

from quayref.db.models import Team, TeamMember, User
from quayref.services import audit, tag_expiration, users
from quayref.services.errors import Forbidden, InvalidRequest, NotFound

DEFAULT_TAG_EXPIRATION_S = 1209600
# Quay's answer (400 invalid_request) to creating a name a user or organization already has.
NAME_TAKEN = "A user or organization with this name already exists"


def get(db, name):
    org = db.scalar(select(User).where(User.username == name, User.is_org.is_(True))) if isinstance(name, str) else None
    if org is None:
        raise NotFound("Organization %s does not exist" % name[:255])
    return org


def _roles(db, org_id, user_id):
    query = select(Team.role).join(TeamMember, TeamMember.team_id == Team.id).where(
        Team.org_id == org_id, TeamMember.user_id == user_id)
    return set(db.scalars(query))


def is_admin(db, principal, org):
    return principal.is_superuser or "admin" in _roles(db, org.id, principal.user_id)


def require_admin(db, principal, name):
    """The organization, when the caller may administer it (404 if absent, 403 if not an admin)."""
    principal.require_scope("org:admin")
    org = get(db, name)
    if not is_admin(db, principal, org):
        raise Forbidden("You are not an administrator of organization %s" % name)
    return org


def view(db, principal, org):
    admin = is_admin(db, principal, org)
    roles = _roles(db, org.id, principal.user_id)
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
        teams = db.scalars(select(Team).where(Team.org_id == org.id).order_by(Team.name)).all()
        result["teams"] = {t.name: {"name": t.name, "role": t.role, "can_view": True, "avatar": users.avatar(org.username, org.email, "org")} for t in teams}
        result["ordered_teams"] = [t.name for t in teams]
    return result


def create(db, config, principal, name, email, ip):
    principal.require_scope("org:admin")
    users.check_name(name)
    users.check_email(email)
    if users.by_name(db, name) is not None:
        raise InvalidRequest(NAME_TAKEN)
    org = User(username=name, email=email, is_org=True, tag_expiration_s=tag_expiration.default_seconds(config))
    db.add(org)
    db.flush()
    owners = Team(org_id=org.id, name="owners", role="admin")
    db.add(owners)
    db.flush()
    db.add(TeamMember(team_id=owners.id, user_id=principal.user_id))
    audit.record(db, config, "org_create", account=name, performer=principal.username, ip=ip,
                 metadata={"email": email, "namespace": name, "auth_method": principal.auth_method})
    db.commit()
    return org


def update(db, config, principal, name, email, ip):
    org = require_admin(db, principal, name)
    if email is not None:
        org.email = users.check_email(email)
    audit.record(db, config, "org_change_email", account=name, performer=principal.username, ip=ip,
                 metadata={"email": org.email, "namespace": name})
    db.commit()
    return org


def update_tag_expiration(db, config, principal, name, seconds, ip):
    """PUT's tag_expiration_s: one of TAG_EXPIRATION_OPTIONS (else Quay's 400), stored and audited."""
    org = require_admin(db, principal, name)
    org.tag_expiration_s = tag_expiration.check(config, seconds)
    audit.record(db, config, "org_change_tag_expiration", account=name, performer=principal.username, ip=ip,
                 metadata={"namespace": name, "tag_expiration_s": seconds})
    db.commit()
    return org


def delete(db, config, principal, name, ip):
    org = require_admin(db, principal, name)
    db.delete(org)
    audit.record(db, config, "org_delete", account=name, performer=principal.username, ip=ip, metadata={"namespace": name})
    db.commit()
