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


def avatar(name, email, kind):
    """Quay's avatar view: a hash of the e-mail (or the name) and a colour from it."""
    digest = hashlib.md5((email or name).encode("utf-8"), usedforsecurity=False).hexdigest()
    return {"name": name, "hash": digest, "color": "#" + digest[:6], "kind": kind}


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
