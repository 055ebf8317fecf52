"""Quay 3.18's start-up bootstrap token (BOOTSTRAP_TOKEN_OWNER / BOOTSTRAP_TOKEN_PATH).

`quayref serve` calls `reconcile` after migrations. With the flag on and an owner
set, it ensures the application ``__quay_bootstrap_app`` in the owner's namespace
and a token for it, written atomically, mode 0600, as ``{"access_token": …}``.
When a start provisions depends on the profile (Profile.startup_*): the proposal
makes every start leave a live token in the file; Quay provisions once, when the
owner exists and the application does not. Flag off (or no owner): the bootstrap
applications, their tokens and the file are removed. Renewal is in `renew`.
"""

import json
import logging
import os
import tempfile

from sqlalchemy import delete, select

from quayref.db.models import OAuthAccessToken, OAuthApplication, utcnow
from quayref.security import credentials
from quayref.services import audit, authz, locks, scopes, tokens, users

LOG = logging.getLogger("quayref.bootstrap.startup")
APP_NAME = "__quay_bootstrap_app"
TOKEN_NAME = "bootstrap"
_LOCK_KEY = 0x71756179  # any constant: one advisory lock for start-up reconciliation


class StartupError(Exception):
    """The start-up token cannot be provisioned; `quayref serve` reports it and exits 2."""


def enabled(settings):
    return bool(settings.FEATURE_PROGRAMMATIC_BOOTSTRAP and settings.BOOTSTRAP_TOKEN_OWNER)


def is_startup_app(settings, app):
    """The bootstrap application of BOOTSTRAP_TOKEN_OWNER: its name alone is not enough, an
    organization's admin may give an application that name."""
    namespace = app.namespace
    return app.name == APP_NAME and not namespace.is_org and namespace.username == settings.BOOTSTRAP_TOKEN_OWNER


def write_token_file(path, value, newline=True):
    """Atomic: the file is either the old token or the new one, never half of one; 0600 from creation."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".bootstrap-token-", dir=directory)  # mkstemp creates with mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"access_token": value}, handle)
            if newline:
                handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _read_token_file(path):
    try:
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle).get("access_token")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _is_live(db, settings, app, value):
    parts = credentials.split_credential(value or "")
    if parts is None:
        return False
    token = db.scalar(select(OAuthAccessToken).where(OAuthAccessToken.lookup == parts[0], OAuthAccessToken.application_id == app.id))
    if token is None or not credentials.verify_secret(parts[1], token.secret_hash, settings.SECRET_KEY):
        return False
    return token.expires_at is None or token.expires_at > utcnow()


def _owner(db, settings):
    """The owner; None when it does not exist yet and the profile lets quayref start without it."""
    name = settings.BOOTSTRAP_TOKEN_OWNER
    owner = users.by_name(db, name)
    if owner is None or owner.is_org:
        if not settings.profile.startup_owner_required:
            return None
        raise StartupError("BOOTSTRAP_TOKEN_OWNER: user %s does not exist" % name)
    if not authz.is_superuser(settings, name):
        raise StartupError("BOOTSTRAP_TOKEN_OWNER: user %s is not in SUPER_USERS" % name)
    return owner


def _find_app(db, owner):
    return db.scalar(select(OAuthApplication).where(OAuthApplication.namespace_id == owner.id, OAuthApplication.name == APP_NAME))


def _create_app(db, settings, owner):
    app = OAuthApplication(namespace_id=owner.id, client_id=credentials.random_string(20),
                           client_secret_hash=credentials.hash_secret(credentials.random_string(40), settings.SECRET_KEY),
                           name=APP_NAME, description=settings.profile.startup_app_description, redirect_uri="",
                           application_uri="", token_serial=0)
    db.add(app)
    db.flush()
    audit.record(db, settings, "create_application", account=owner.username, performer=owner.username,
                 metadata={"application_name": APP_NAME, "client_id": app.client_id, "auth_method": "startup"})
    return app


def rotate(db, settings, app, owner, *, kind="create_oauth_api_token", ip=None):
    """Replace every token of the bootstrap app with a fresh one and rewrite the file; the caller commits."""
    scope_names = scopes.parse(settings.BOOTSTRAP_TOKEN_SCOPE)
    expires_in = settings.BOOTSTRAP_TOKEN_EXPIRATION
    db.execute(delete(OAuthAccessToken).where(OAuthAccessToken.application_id == app.id))
    alphabet = credentials.UPPER_ALPHABET if settings.profile.startup_token_upper_case else credentials.ALPHABET
    token, value = tokens.mint(db, settings, app, owner, name=TOKEN_NAME, scope_names=scope_names, expires_in=expires_in,
                               auth_method="startup", created_by=owner.username, alphabet=alphabet)
    audit.record(db, settings, kind, account=owner.username, performer=owner.username, ip=ip,
                 metadata={"token_uuid": token.uuid, "token_name": TOKEN_NAME, "scope": token.scope, "client_id": app.client_id,
                           "application_name": APP_NAME, "auth_method": "startup", "expires_in": expires_in})
    # File first, then commit: a crash between them leaves a file whose token is not live (the
    # proposal's next start replaces it; a first provisioning is redone, its app never committed).
    # The other order could leave a live token nobody holds.
    write_token_file(settings.BOOTSTRAP_TOKEN_PATH, value, newline=settings.profile.startup_file_newline)
    return token


def _remove(db, settings):
    apps = db.scalars(select(OAuthApplication).where(OAuthApplication.name == APP_NAME)).all()
    for app in apps:
        db.delete(app)
    path = settings.BOOTSTRAP_TOKEN_PATH
    if apps or os.path.exists(path):
        LOG.info("start-up bootstrap token disabled: removing %d bootstrap application(s) and %s", len(apps), path)
    db.commit()
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _nothing_to_do(db, message, *args):
    db.commit()
    LOG.info(message, *args)
    return False


def ensure(db, settings):
    """Provision the start-up token if this start must; True when a token was written."""
    path = settings.BOOTSTRAP_TOKEN_PATH
    locks.serialize(db, _LOCK_KEY)
    owner = _owner(db, settings)
    if owner is None:
        # Quay's first start, before initialize: the next start after the owner exists provisions.
        return _nothing_to_do(db, "BOOTSTRAP_TOKEN_OWNER %s does not exist yet: no start-up token", settings.BOOTSTRAP_TOKEN_OWNER)
    app = _find_app(db, owner)
    if app is None:
        app = _create_app(db, settings, owner)
    elif not settings.profile.startup_token_reissued:
        return _nothing_to_do(db, "the bootstrap application exists: no new start-up token (renew it to replace it)")
    elif _is_live(db, settings, app, _read_token_file(path)):
        return _nothing_to_do(db, "start-up bootstrap token in %s is live: nothing to do", path)
    try:
        rotate(db, settings, app, owner)
    except OSError as exc:
        raise StartupError("BOOTSTRAP_TOKEN_PATH: cannot write %s: %s" % (path, exc.strerror)) from None
    db.commit()
    LOG.info("start-up bootstrap token written to %s", path)
    return True


def reconcile(settings, make_session):
    """Called by `quayref serve` after migrations; raises StartupError when the token cannot be provisioned."""
    db = make_session()
    try:
        if enabled(settings):
            ensure(db, settings)
        else:
            _remove(db, settings)
    except StartupError:
        db.rollback()
        raise
    finally:
        db.close()
