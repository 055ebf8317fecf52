"""POST /api/v1/user/initialize: the first user of an empty database, with a short-lived token."""

from quayref.db.models import OAuthApplication
from quayref.security import credentials
from quayref.services import audit, authz, locks, tokens, users
from quayref.services.errors import InvalidRequest, NotFound
from quayref.services.scopes import SCOPES

INITIAL_TOKEN_SECONDS = 9000  # Quay's 150 minutes
APP_NAME = "__quay_initialize_app"
_LOCK_KEY = 0x5155_4159  # any constant: one advisory lock for "first user"
NON_EMPTY = "Cannot initialize user in a non-empty database"


def initialize(ctx, *, username, password, email, access_token):
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
        audit.record(db, settings, "create_oauth_api_token", account=username, performer=username, ip=ip,
                     metadata={"token_uuid": token.uuid, "token_name": token.name, "scope": token.scope,
                               "client_id": app.client_id, "application_name": APP_NAME, "auth_method": "basic",
                               "expires_in": INITIAL_TOKEN_SECONDS})
        result["access_token"] = value
    db.commit()
    return result
