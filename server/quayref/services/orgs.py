"""Organizations: create, read, update, delete; the creator joins the `owners` team."""

from sqlalchemy import func, select

from quayref.db.models import Team, TeamMember, User
from quayref.services import audit, authz, tag_expiration, users
from quayref.services.errors import InvalidRequest, NotFound, Unauthorized

DEFAULT_TAG_EXPIRATION_S = 1209600
# Quay's answer (400 invalid_request) to creating a name a user or organization already has.
NAME_TAKEN = "A user or organization with this name already exists"
# The scopes that let a token act in an organization as an admin, or at all (as a member).
TEAM_ROLE_SCOPES = {"admin": frozenset({"org:admin"}), "member": frozenset({"org:admin", "repo:create"})}
# The expression Quay's message quotes; users.NAME_RE is the same rule.
QUAY_NAME_PATTERN = "^([a-z0-9]+(?:[._-][a-z0-9]+)*)$"


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
        "tag_expiration_s": _tag_expiration_s(org),
        "is_free_account": True,
    }
    if admin:
        teams = ctx.db.scalars(select(Team).where(Team.org_id == org.id).order_by(Team.name)).all()
        result["teams"] = {t.name: {"name": t.name, "role": t.role, "can_view": True, "avatar": users.avatar(org.username, org.email, "org")} for t in teams}
        result["ordered_teams"] = [t.name for t in teams]
    return result


def quay_view(ctx, org, principal):
    """Quay's organization view (Profile.quay_organization_view); `principal` None: an anonymous caller."""
    admin = principal is not None and _token_allows(principal, "admin") and authz.is_org_admin(ctx, org)
    member = admin or (principal is not None and _token_allows(principal, "member")
                       and bool(authz.roles(ctx.db, org.id, principal.user_id)))
    result = {
        "name": org.username,
        "email": org.email if admin else "",
        # Quay builds an organization's avatar as a user's.
        "avatar": users.avatar(org.username, org.email, "user"),
        "is_admin": admin,
        "is_member": member,
    }
    if member:
        # Teams in the order they were made, each with its own avatar (the team name's).
        teams = ctx.db.scalars(select(Team).where(Team.org_id == org.id).order_by(Team.id)).all()
        result["teams"] = {team.name: _quay_team(ctx, team) for team in teams}
        result["ordered_teams"] = [team.name for team in teams]
    if admin:
        result.update(invoice_email=False, invoice_email_address=None, tag_expiration_s=_tag_expiration_s(org),
                      is_free_account=True)
    return result


def _token_allows(principal, role):
    """Whether the caller's token lets it act in an organization with `role`: Quay caps an OAuth token's
    team role by its scopes (org:admin: admin; repo:create: creator, a member), so a repo:read token of
    an owner sees the public view. Sessions (scopes None) act with the user's full rights."""
    return principal.scopes is None or bool(principal.scopes & TEAM_ROLE_SCOPES[role])


def _quay_team(ctx, team):
    members = ctx.db.scalar(select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team.id))
    # quayref has no repositories and no team syncing.
    return {"name": team.name, "description": "", "role": team.role, "avatar": users.avatar(team.name, team.name, "team"),
            "can_view": True, "repo_count": 0, "member_count": members, "is_synced": False}


def _tag_expiration_s(org):
    return DEFAULT_TAG_EXPIRATION_S if org.tag_expiration_s is None else org.tag_expiration_s


def _view(ctx, org):
    if ctx.settings.profile.quay_organization_view:
        return quay_view(ctx, org, ctx.principal)
    return view(ctx, org)


def read(ctx, name):
    if ctx.settings.profile.public_organization_view:
        # Anyone may read the public view: a caller without (valid) credentials is anonymous here.
        try:
            principal = ctx.principal
        except Unauthorized:
            principal = None
        org = ctx.db.scalar(select(User).where(User.username == name, User.is_org.is_(True)))
        if org is None:
            raise NotFound("Organization %s does not exist" % name[:255])
        return quay_view(ctx, org, principal)
    return view(ctx, authz.require_org_reader(ctx, name))


def create(ctx, name, email):
    principal = authz.require_org_creator(ctx)
    db = ctx.db
    if ctx.settings.profile.quay_namespace_messages:
        # Quay looks the name up before it checks its shape.
        _refuse_taken(db, name)
        _check_quay_name(name)
        users.check_email(email)
    else:
        users.check_name(name)
        users.check_email(email)
        _refuse_taken(db, name)
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


def _refuse_taken(db, name):
    if users.by_name(db, name) is not None:
        raise InvalidRequest(NAME_TAKEN)


def _check_quay_name(name):
    """Quay's namespace rule and wording: the expression first, then the length."""
    if not users.NAME_RE.match(name):
        raise InvalidRequest("Invalid namespace %s: Namespace must match expression %s" % (name, QUAY_NAME_PATTERN))
    if not 2 <= len(name) <= 255:
        raise InvalidRequest("Invalid namespace %s: Namespace must be between 2 and 255 characters in length" % name)


def update(ctx, name, email):
    org = authz.require_org_admin(ctx, name)
    if email is not None:
        org.email = users.check_email(email)
    audit.record_for(ctx, "org_change_email", account=name, metadata={"email": org.email, "namespace": name})
    ctx.db.commit()
    return _view(ctx, org)


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
    return _view(ctx, org)


def delete(ctx, name):
    org = authz.require_org_admin(ctx, name)
    ctx.db.delete(org)
    audit.record_for(ctx, "org_delete", account=name, metadata={"namespace": name})
    ctx.db.commit()
