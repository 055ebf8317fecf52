"""Users (Database authentication) and namespace names."""

import hashlib
import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quayref.db.models import User
from quayref.security import passwords
from quayref.services import audit
from quayref.services.errors import Conflict, InvalidRequest

# Quay's namespace rule: lower-case alphanumerics separated by single '.', '_' or '-'.
NAME_RE = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")


def check_name(name, field="name"):
    if not isinstance(name, str) or not 2 <= len(name) <= 255 or not NAME_RE.match(name):
        raise InvalidRequest("%s: must be 2 to 255 characters of a-z, 0-9 and single '.', '_' or '-' between them" % field)
    return name


def check_email(email, field="email"):
    if email is None:
        return None
    if not isinstance(email, str) or len(email) > 255 or not EMAIL_RE.match(email):
        raise InvalidRequest("%s: not an e-mail address" % field)
    return email


def by_name(db, name):
    return db.scalar(select(User).where(User.username == name))


# Quay's avatar colours (its AVATAR_COLORS), indexed by the avatar hash: data, as Quay serves it.
AVATAR_COLORS = (
    "#969696", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
    "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7",
    "#bcbd22", "#1f77b4", "#17becf", "#9edae5", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede",
    "#9ecae1", "#31a354", "#b5cf6b", "#a1d99b", "#8c6d31", "#ad494a", "#e7ba52", "#a55194",
)
# Leading hex digits of the hash that pick the colour: the fewest that reach all 32 colours.
_COLOR_DIGITS = 2


def avatar(name, email, kind):
    """Quay's avatar view: the SHA-256 of the e-mail (or of the name when there is none; a team passes its
    name) and the colour its first hex digits pick, e.g. "3e82..." -> 0x3e % 32 = 30 -> "#e7ba52"."""
    # Trimmed and lower-cased: the same address always gets the same avatar, as Gravatar reads it.
    digest = hashlib.sha256((email or name).strip().lower().encode("utf-8")).hexdigest()
    color = AVATAR_COLORS[int(digest[:_COLOR_DIGITS], 16) % len(AVATAR_COLORS)]
    return {"name": name, "hash": digest, "color": color, "kind": kind}


def create(db, settings, username, email, password, *, federated_login=None, performer=None, ip=None):
    """Add a user; the caller commits. Raises Conflict when the namespace is taken."""
    check_name(username, "username")
    check_email(email)
    if password is not None:
        if not password:
            raise InvalidRequest("password: must not be empty")
        try:
            password_hash = passwords.hash_password(password)
        except ValueError as exc:
            raise InvalidRequest("password: %s" % exc) from None
    else:
        password_hash = None
    if by_name(db, username) is not None:
        raise Conflict("username: the namespace %s is already taken" % username)
    user = User(username=username, email=email, password_hash=password_hash, is_org=False, federated_login=federated_login)
    db.add(user)
    db.flush()
    audit.record(db, settings, "user_create", account=username, performer=performer or username, ip=ip,
                 metadata={"username": username, "federated_login": federated_login})
    return user


def federate(db, settings, username, email, federated_login, superuser, ip=None):
    """The local user behind an LDAP or OIDC login, created on first success as Quay does.

    Returns None when the name cannot be a Quay namespace or belongs to an organization.
    `superuser` records whether this login qualified through the directory or IdP."""
    user = by_name(db, username)
    if user is None:
        try:
            check_email(email)
        except InvalidRequest:
            email = None
        try:
            user = create(db, settings, username, email, None, federated_login=federated_login, ip=ip)
        except InvalidRequest:
            return None
        except (IntegrityError, Conflict):
            # Another worker federated the same user a moment ago; nothing else is pending yet.
            db.rollback()
            user = by_name(db, username)
    if user is None or user.is_org:
        return None
    if user.federated_login and user.federated_superuser != bool(superuser):
        user.federated_superuser = bool(superuser)
    return user


def count_users(db):
    return db.scalar(select(func.count()).select_from(User).where(User.is_org.is_(False)))


def verify_password(db, username, password):
    """The user when the password matches, else None; costs one bcrypt check either way."""
    user = by_name(db, username) if isinstance(username, str) else None
    stored = user.password_hash if user is not None and not user.is_org else None
    return user if passwords.verify_password(password, stored) else None
