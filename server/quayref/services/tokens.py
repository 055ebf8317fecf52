"""OAuth access tokens: mint, list, revoke, and authenticate a Bearer credential."""

import datetime
import uuid as uuid_module

from sqlalchemy import bindparam, func, or_, select, update

from quayref.db.models import OAuthAccessToken, OAuthApplication, User, utcnow
from quayref.security import credentials
from quayref.services import applications, audit, authz, paging, scopes
from quayref.services.errors import InvalidRequest, NotFound, Unauthorized
from quayref.services.principal import Principal

LAST_ACCESSED_GRANULARITY = datetime.timedelta(minutes=1)
INVALID = "Invalid, revoked or expired access token"

# Built once: this lookup runs on every API call, and building a select() per call
# costs more than the indexed SQLite lookup itself.
_BY_LOOKUP = (select(OAuthAccessToken.id, OAuthAccessToken.user_id, OAuthAccessToken.secret_hash, OAuthAccessToken.expires_at,
                     OAuthAccessToken.last_accessed, OAuthAccessToken.scope, User.username, User.federated_superuser)
              .join(User, User.id == OAuthAccessToken.user_id).where(OAuthAccessToken.lookup == bindparam("lookup")))
_TOUCH = update(OAuthAccessToken).where(OAuthAccessToken.id == bindparam("token_id")).values(last_accessed=bindparam("now"))


def view(token):
    return {
        "uuid": token.uuid,
        "name": token.name,
        "scope": token.scope,
        "expires_at": audit.iso(token.expires_at),
        "created": audit.iso(token.created),
        "created_by": token.created_by,
        "last_accessed": audit.iso(token.last_accessed),
        "auth_method": token.auth_method,
    }


def _live(now):
    return or_(OAuthAccessToken.expires_at.is_(None), OAuthAccessToken.expires_at > now)


def mint(db, settings, app, user, *, name, scope_names, expires_in, auth_method, created_by, credential=None):
    """Insert a token (the caller holds the app's lock and commits); returns (row, secret).
    `credential`: a 40-character value made by the caller (Quay's initialize token is [A-Z0-9])."""
    value, lookup, secret = credentials.new_credential()
    if credential is not None:
        value, (lookup, secret) = credential, credentials.split_credential(credential)
    now = utcnow()
    token = OAuthAccessToken(
        uuid=str(uuid_module.uuid4()), application_id=app.id, user_id=user.id, name=name,
        scope=" ".join(scope_names), lookup=lookup, secret_hash=credentials.hash_secret(secret, settings.SECRET_KEY),
        expires_at=now + datetime.timedelta(seconds=expires_in) if expires_in else None,
        created=now, created_by=created_by, auth_method=auth_method)
    db.add(token)
    db.flush()
    return token, value


def lock_application(db, app):
    """Take the app row's write lock so token creators of one app run one at a time.

    A write is the first statement of the transaction: on SQLite it takes the database
    write lock before anything is counted; on PostgreSQL it takes the row lock."""
    if db.in_transaction():
        db.commit()
    db.execute(update(OAuthApplication).where(OAuthApplication.id == app.id)
               .values(token_serial=OAuthApplication.token_serial + 1))


def _check_name(name):
    name = name.strip() if isinstance(name, str) else ""
    if not 1 <= len(name) <= 255:
        raise InvalidRequest("name: must be 1 to 255 characters")
    return name


def _check_expiration(settings, expiration):
    maximum = settings.OAUTH_TOKEN_MAX_EXPIRATION
    if expiration is None:
        return min(settings.OAUTH_TOKEN_DEFAULT_EXPIRATION, maximum)
    if expiration < 1:
        raise InvalidRequest("expiration: must be at least 1 second")
    if expiration > maximum:
        raise InvalidRequest("expiration: must be at most %d seconds (OAUTH_TOKEN_MAX_EXPIRATION)" % maximum)
    return expiration


def create(ctx, org_name, client_id, *, name, scope, expiration):
    org, app = applications.administered(ctx, org_name, client_id)
    db, settings, principal = ctx.db, ctx.settings, ctx.principal
    name = _check_name(name)
    scope_names = scopes.parse(settings.OAUTH_TOKEN_DEFAULT_SCOPE if scope is None else scope)
    authz.require_grant(ctx, scope_names)
    expires_in = _check_expiration(settings, expiration)
    user = db.get(User, principal.user_id)

    lock_application(db, app)
    limit = settings.OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT
    now = utcnow()
    count = db.scalar(select(func.count()).select_from(OAuthAccessToken).where(
        OAuthAccessToken.application_id == app.id, _live(now)))
    if count >= limit:
        db.rollback()
        raise InvalidRequest("The application already has %d live tokens (OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT); revoke one first" % limit)
    token, value = mint(db, settings, app, user, name=name, scope_names=scope_names, expires_in=expires_in,
                        auth_method=principal.auth_method, created_by=principal.username)
    audit.record_for(ctx, "create_oauth_api_token", account=org.username,
                     metadata={"token_uuid": token.uuid, "token_name": name, "scope": token.scope, "client_id": app.client_id,
                               "application_name": app.name, "auth_method": principal.auth_method, "expires_in": expires_in})
    db.commit()
    return token, value, expires_in


def list_page(ctx, org_name, client_id, cursor):
    _org, app = applications.administered(ctx, org_name, client_id)
    query = select(OAuthAccessToken).where(OAuthAccessToken.application_id == app.id, _live(utcnow()))
    rows, next_page = paging.page(ctx.db, query, OAuthAccessToken.id, cursor)
    result = {"tokens": [view(t) for t in rows]}
    if next_page is not None:
        result["next_page"] = next_page
    return result


def revoke(ctx, org_name, client_id, token_uuid):
    org, app = applications.administered(ctx, org_name, client_id)
    token = ctx.db.scalar(select(OAuthAccessToken).where(OAuthAccessToken.uuid == token_uuid,
                                                         OAuthAccessToken.application_id == app.id))
    if token is None:
        raise NotFound("Token %s does not exist in this application" % token_uuid[:64])
    ctx.db.delete(token)
    audit.record_for(ctx, "revoke_oauth_api_token", account=org.username,
                     metadata={"token_uuid": token.uuid, "token_name": token.name, "client_id": app.client_id,
                               "application_name": app.name})
    ctx.db.commit()


def authenticate(db, settings, value):
    """The principal behind a Bearer token; one indexed lookup, constant-time compare."""
    parts = credentials.split_credential(value)
    if parts is None:
        raise Unauthorized(INVALID)
    lookup, secret = parts
    row = db.connection().execute(_BY_LOOKUP, {"lookup": lookup}).first()
    if row is None:
        credentials.verify_secret(secret, credentials.DUMMY_HASH, settings.SECRET_KEY)
        raise Unauthorized(INVALID)
    now = utcnow()
    if not credentials.verify_secret(secret, row.secret_hash, settings.SECRET_KEY):
        raise Unauthorized(INVALID)
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthorized(INVALID)
    if row.last_accessed is None or now - row.last_accessed >= LAST_ACCESSED_GRANULARITY:
        # At most one write a minute per token keeps reads cheap and the column useful.
        db.connection().execute(_TOUCH, {"token_id": row.id, "now": now})
        db.commit()
    return Principal(user_id=row.user_id, username=row.username, auth_method="oauth",
                     is_superuser=authz.is_superuser(settings, row.username, row.federated_superuser),
                     scopes=scopes.expand(row.scope.split()), token_id=row.id)
