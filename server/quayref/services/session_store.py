"""What both profiles' sessions share: the user_session row behind a credential, and the
directory sign-in of AUTHENTICATION_TYPE LDAP."""

from sqlalchemy import select

from quayref.db.models import UserSession, utcnow
from quayref.security import credentials
from quayref.services import users
from quayref.services.bootstrap import ldap
from quayref.services.bootstrap.outcome import Refused


def find(db, settings, cookie):
    """The live session row for a session credential, or None (one constant-time check either way)."""
    parts = credentials.split_credential(cookie or "")
    if parts is None:
        return None
    lookup, secret = parts
    row = db.scalar(select(UserSession).where(UserSession.lookup == lookup))
    if row is None:
        credentials.verify_secret(secret, credentials.DUMMY_HASH, settings.SECRET_KEY)
        return None
    if not credentials.verify_secret(secret, row.secret_hash, settings.SECRET_KEY) or row.expires_at <= utcnow():
        return None
    return row


def directory_user(db, settings, username, password, ip):
    """With AUTHENTICATION_TYPE LDAP, Quay signs users in against the directory and federates them."""
    try:
        account = ldap.lookup(settings, username, password)
    except Refused as refused:
        if refused.error.status == 503:
            raise refused.error from None
        return None
    return users.federate(db, settings, account.username, account.email, account.federated_login, account.federated_superuser, ip=ip)
