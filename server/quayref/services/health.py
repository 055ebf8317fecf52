"""What quayref can honestly say about its own health, check by check.

Quay's health endpoints report one boolean per service (health/services.py in Quay). quayref
checks what it has (its database, its disk) and reports the rest for what it is: a process that
answers is the web worker; quayref has no separate registry workers, no service keys and no
Redis, so those checks have nothing that could fail; it has no image storage, so a storage round
trip (which Quay's end-to-end check makes) cannot succeed.
"""

import logging
import os
import shutil
import tempfile

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

LOG = logging.getLogger("quayref")
# Quay's DISKSPACE_HEALTH_THRESHOLD default: at least 1% of the volume free.
DISK_THRESHOLD = 0.01


def ping(db):
    """Raise if the database does not answer."""
    db.execute(text("SELECT 1"))


def database(db):
    try:
        ping(db)
        return True
    except SQLAlchemyError as exc:
        LOG.warning("health: the database does not answer: %s", type(exc).__name__)
        db.rollback()
        return False


def auth(settings, database_ok):
    # Database authentication reads the users table: it works when the database does. quayref signs
    # nobody in through LDAP or OIDC (the proposal's bootstrap credentials aside), so nothing else to ping.
    return database_ok if settings.AUTHENTICATION_TYPE == "Database" else True


def _free_enough(path, threshold):
    usage = shutil.disk_usage(path)
    return usage.total == 0 or usage.free / usage.total >= threshold


def disk_space(settings):
    """As Quay: the volume the server runs from and the temporary directory each keep `threshold` free."""
    threshold = (settings.model_extra or {}).get("DISKSPACE_HEALTH_THRESHOLD", DISK_THRESHOLD)
    try:
        return all(_free_enough(path, threshold) for path in (os.path.dirname(os.path.abspath(__file__)), tempfile.gettempdir()))
    except OSError:
        return False


def instance(db, settings):
    """Quay's /health/instance services."""
    database_ok = database(db)
    return {"auth": auth(settings, database_ok), "database": database_ok, "disk_space": disk_space(settings),
            "registry_gunicorn": True, "service_key": True, "web_gunicorn": True}


def endtoend(db, settings):
    """Quay's /health/endtoend services."""
    database_ok = database(db)
    return {"auth": auth(settings, database_ok), "database": database_ok, "redis": True, "storage": False}
