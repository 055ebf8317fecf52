"""`basic`: a Database-auth superuser with its password (AUTHENTICATION_TYPE: Database)."""

from quayref.services import users
from quayref.services.bootstrap.outcome import Qualified, bad_credentials, not_superuser
from quayref.services.principal import is_superuser


def verify(db, config, username, password):
    # users.verify_password runs bcrypt against a dummy hash when the user is unknown:
    # an unknown user and a wrong password cost the same time and get the same answer.
    user = users.verify_password(db, username, password)
    if user is None:
        raise bad_credentials("invalid username or password")
    if not is_superuser(config, user.username):
        raise not_superuser()
    return Qualified(username=user.username, reason="in SUPER_USERS")
