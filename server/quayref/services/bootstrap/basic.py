"""`basic`: a Database-auth superuser with its password (AUTHENTICATION_TYPE: Database)."""

from quayref.services import authz, users
from quayref.services.bootstrap.outcome import Qualified, bad_credentials, not_superuser


def verify(db, settings, username, password):
    # users.verify_password runs bcrypt against a dummy hash when the user is unknown:
    # an unknown user and a wrong password cost the same time and get the same answer.
    user = users.verify_password(db, username, password)
    if user is None:
        raise bad_credentials("invalid username or password")
    if not authz.is_superuser(settings, user.username):
        raise not_superuser()
    return Qualified(username=user.username)
