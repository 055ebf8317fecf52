"""POST /api/v1/user/initialize: the first user of an empty database, with a short-lived token.

quay-3.18 (Profile.quay_initialize), as Quay's web endpoint: its refusals are {"message": ...}
400s, the answer adds `encrypted_password`, the new user is signed in (the route sets the
session cookie and X-Next-CSRF-Token), and the token (40 characters [A-Z0-9], every scope,
150 minutes) belongs to an application named "automation" in the user's namespace.
"""


from sqlalchemy import func, select

from quayref.db.models import OAuthApplication, User
from quayref.security import credentials, sealed
from quayref.services import audit, authz, locks, quay_sessions, tokens, users
from quayref.services.errors import InvalidRequest, NotFound, RequestError
from quayref.services.scopes import SCOPES

INITIAL_TOKEN_SECONDS = 9000  # Quay's 150 minutes
APP_NAME = "__quay_initialize_app"
_LOCK_KEY = 0x5155_4159  # any constant: one advisory lock for "first user"
NON_EMPTY = "Cannot initialize user in a non-empty database"
# Quay's own words and names (endpoints/web.py user_initialize).
NOT_DATABASE = "Cannot initialize user in a non-database auth system"
FAILED = "Failed to initialize user: %s"
QUAY_APP_NAME = "automation"
QUAY_APP_DESCRIPTION = "Application token generated via /api/v1/user/initialize"
# Derived-credential domain: the same SECRET_KEY also seals client secrets.
ENCRYPTED_PASSWORD_INFO = b"quayref encrypted_password v1"


def _namespaces(db):
    """Quay asks whether the database has any namespace at all (users and organizations)."""
    return db.scalar(select(func.count()).select_from(User))


def initialize(ctx, *, username, password, email, access_token):
    """The answer's body; with Profile.quay_initialize also the signed-in session's State
    (as `(body, state)`)."""
    if ctx.settings.profile.quay_initialize:
        return _quay_initialize(ctx, username=username, password=password, email=email, access_token=access_token)
    db, settings, ip = ctx.db, ctx.settings, ctx.ip
    if not settings.FEATURE_USER_INITIALIZE:
        raise NotFound("FEATURE_USER_INITIALIZE is off")
    if users.count_users(db):
        raise InvalidRequest(NON_EMPTY)
    locks.serialize(db, _LOCK_KEY)
    user = users.create(db, settings, username, email, password, ip=ip)
    # Checked after our own insert, inside the transaction: two racing callers cannot both win.
    if users.count_users(db) != 1:
        db.rollback()
        raise InvalidRequest(NON_EMPTY)
    result = {"username": user.username, "email": user.email}
    if access_token:
        secret = credentials.random_string(40)
        app = OAuthApplication(namespace_id=user.id, client_id=credentials.random_string(20),
                               client_secret_hash=credentials.hash_secret(secret, settings.SECRET_KEY),
                               name=APP_NAME, description="Token of the initial user", redirect_uri="",
                               application_uri="", token_serial=0)
        db.add(app)
        db.flush()
        granted = [s for s in SCOPES if s != "super:user" or authz.is_superuser(settings, username)]
        token, value = tokens.mint(db, settings, app, user, name="initial token", scope_names=granted,
                                   expires_in=INITIAL_TOKEN_SECONDS, auth_method="basic", created_by=username)
        _audit_token(ctx, user, app, token, APP_NAME, "basic")
        result["access_token"] = value
    db.commit()
    return result


def _audit_token(ctx, user, app, token, app_name, auth_method):
    audit.record(ctx.db, ctx.settings, "create_oauth_api_token", account=user.username, performer=user.username, ip=ctx.ip,
                 metadata={"token_uuid": token.uuid, "token_name": token.name, "scope": token.scope,
                           "client_id": app.client_id, "application_name": app_name, "auth_method": auth_method,
                           "expires_in": INITIAL_TOKEN_SECONDS})


def encrypted_password(settings, password):
    """Quay's encrypted_password: the password encrypted under SECRET_KEY, which Quay accepts as
    a registry password. quayref serves no registry; it hands out the same kind of value."""
    return sealed.seal(password, settings.SECRET_KEY, info=ENCRYPTED_PASSWORD_INFO)


def _create_user(ctx, username, password, email):
    try:
        return users.create(ctx.db, ctx.settings, username, email, password, ip=ctx.ip)
    except InvalidRequest as exc:
        raise RequestError(FAILED % exc.message) from None


def _quay_initialize(ctx, *, username, password, email, access_token):
    db, settings = ctx.db, ctx.settings
    if not settings.FEATURE_USER_INITIALIZE:
        raise NotFound("FEATURE_USER_INITIALIZE is off")
    if settings.AUTHENTICATION_TYPE != "Database":
        raise RequestError(NOT_DATABASE)
    if _namespaces(db):
        raise RequestError(NON_EMPTY)
    locks.serialize(db, _LOCK_KEY)
    user = _create_user(ctx, username, password, email)
    if _namespaces(db) != 1:
        db.rollback()
        raise RequestError(NON_EMPTY)
    state = quay_sessions.sign_in_user(ctx, user, None)
    result = {"username": user.username, "email": user.email, "encrypted_password": encrypted_password(settings, password)}
    if access_token:
        app = _automation_app(ctx, user)
        token, value = tokens.mint(db, settings, app, user, name=QUAY_APP_NAME, scope_names=list(SCOPES),
                                   expires_in=INITIAL_TOKEN_SECONDS, auth_method="session", created_by=username,
                                   alphabet=credentials.UPPER_ALPHABET)
        _audit_token(ctx, user, app, token, QUAY_APP_NAME, "session")
        result["access_token"] = value
    db.commit()
    return result, state


def _automation_app(ctx, user):
    """Quay's "automation" application, whose client_id is the user's name (when it fits the column)."""
    client_id = user.username
    if len(client_id) > 20 or ctx.db.scalar(select(OAuthApplication.id).where(OAuthApplication.client_id == client_id)):
        client_id = credentials.random_string(20, credentials.UPPER_ALPHABET)
    secret = credentials.random_string(40, credentials.UPPER_ALPHABET)
    app = OAuthApplication(namespace_id=user.id, client_id=client_id,
                           client_secret_hash=credentials.hash_secret(secret, ctx.settings.SECRET_KEY),
                           name=QUAY_APP_NAME, description=QUAY_APP_DESCRIPTION, redirect_uri="", application_uri="",
                           token_serial=0)
    ctx.db.add(app)
    ctx.db.flush()
    return app
