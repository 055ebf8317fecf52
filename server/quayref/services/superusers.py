"""Quay's user administration for superusers (QUAYREF_PROFILE quay-3.18, Profile.superuser_users_api):
GET and POST /api/v1/superuser/users/, as Quay's SuperUserList.

Creating a user makes its password: 32 characters [A-Z0-9], answered once with its
encrypted_password and never stored but as a bcrypt hash.
"""


from sqlalchemy import select

from quayref.db.models import User
from quayref.security import credentials
from quayref.services import authz, initialize, users
from quayref.services.errors import NotFound, RequestError

PASSWORD_LENGTH = 32
NOT_DATABASE = "Cannot create a user in a non-database auth system"


def _require(ctx):
    if not ctx.settings.FEATURE_SUPER_USERS:
        raise NotFound()
    return authz.require_superuser(ctx)


def view(settings, user):
    """Quay's superuser view of a user (its to_dict)."""
    return {"kind": "user", "name": user.username, "username": user.username, "email": user.email, "verified": True,
            "avatar": users.avatar(user.username, user.email, "user"),
            "super_user": authz.is_superuser(settings, user.username, user.federated_superuser),
            "global_readonly_super_user": False, "enabled": True}


def list_users(ctx):
    """Every user (no organizations), in the order they were created."""
    _require(ctx)
    rows = ctx.db.scalars(select(User).where(User.is_org.is_(False)).order_by(User.id)).all()
    return {"users": [view(ctx.settings, user) for user in rows]}


def create_user(ctx, username, email):
    """Create a Database user with a generated password; the answer is the only place it appears."""
    principal = _require(ctx)
    if ctx.settings.AUTHENTICATION_TYPE != "Database":
        raise RequestError(NOT_DATABASE)
    password = credentials.random_string(PASSWORD_LENGTH, credentials.UPPER_ALPHABET)
    user = users.create(ctx.db, ctx.settings, username, email, password, performer=principal.username, ip=ctx.ip)
    ctx.db.commit()
    return {"username": user.username, "email": user.email, "password": password,
            "encrypted_password": initialize.encrypted_password(ctx.settings, password)}
