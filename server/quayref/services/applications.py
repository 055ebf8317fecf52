"""OAuth applications of an organization. As in Quay, org admins read the client secret
on every view; it is stored encrypted (quayref.security.sealed) and as a hash."""


from sqlalchemy import select

from quayref.db.models import OAuthApplication
from quayref.security import credentials, sealed
from quayref.services import audit, authz
from quayref.services.errors import InvalidRequest, NotFound

FIELDS = ("name", "description", "redirect_uri", "application_uri", "avatar_email")


def view(app, client_secret=None):
    result = {
        "name": app.name,
        "description": app.description,
        "application_uri": app.application_uri,
        "redirect_uri": app.redirect_uri,
        "client_id": app.client_id,
        "avatar_email": app.avatar_email,
    }
    if client_secret is not None:
        result["client_secret"] = client_secret
    return result


def readable_view(app, settings):
    """The view an org admin reads: with client_secret, null when it cannot be decrypted
    (an application from before migration 0006, or SECRET_KEY changed since)."""
    result = view(app)
    result["client_secret"] = sealed.unseal(app.client_secret_sealed, settings.SECRET_KEY)
    return result


def list_readable(ctx, org_name):
    org = authz.require_org_admin(ctx, org_name)
    apps = ctx.db.scalars(select(OAuthApplication).where(OAuthApplication.namespace_id == org.id).order_by(OAuthApplication.id)).all()
    return [readable_view(app, ctx.settings) for app in apps]


def get_readable(ctx, org_name, client_id):
    return readable_view(administered(ctx, org_name, client_id)[1], ctx.settings)


def reset_client_secret(ctx, org_name, client_id):
    """Quay's POST .../resetclientsecret: a new secret; the old one stops being shown."""
    org, app = administered(ctx, org_name, client_id)
    secret = _random(ctx.settings, 40)
    app.client_secret_hash = credentials.hash_secret(secret, ctx.settings.SECRET_KEY)
    app.client_secret_sealed = sealed.seal(secret, ctx.settings.SECRET_KEY)
    audit.record_for(ctx, "reset_application_client_secret", account=org.username,
                     metadata={"application_name": app.name, "client_id": app.client_id})
    ctx.db.commit()
    return readable_view(app, ctx.settings)


def _random(settings, length):
    """A client_id (20) or client_secret (40) in the profile's characters (Profile.client_credential_alphabet)."""
    return credentials.random_string(length, settings.profile.client_credential_alphabet)


def find(db, org, client_id):
    app = db.scalar(select(OAuthApplication).where(OAuthApplication.client_id == client_id)) if isinstance(client_id, str) else None
    if app is None or app.namespace_id != org.id:
        raise NotFound("Application %s does not exist in organization %s" % (client_id[:64], org.username))
    return app


def _clean(values):
    name = values.get("name")
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= 255:
            raise InvalidRequest("name: must be 1 to 255 characters")
        values["name"] = name
    for field in ("redirect_uri", "application_uri", "avatar_email"):
        if values.get(field) is not None and len(values[field]) > 255:
            raise InvalidRequest("%s: must be at most 255 characters" % field)
    return values


def _replacement(values):
    """Quay's PUT replaces the application: name, redirect_uri and application_uri are required (its
    UpdateApp schema, checked before by the HTTP shell); description and avatar_email left out become "" and null."""
    for field in ("name", "redirect_uri", "application_uri"):
        if values.get(field) is None:
            raise InvalidRequest("'%s' is a required property" % field)
    return {field: values.get(field) for field in FIELDS} | {"description": values.get("description") or ""}


def list_for(ctx, org_name):
    org = authz.require_org_admin(ctx, org_name)
    apps = ctx.db.scalars(select(OAuthApplication).where(OAuthApplication.namespace_id == org.id).order_by(OAuthApplication.id)).all()
    return [view(app) for app in apps]


def create(ctx, org_name, values):
    org = authz.require_org_admin(ctx, org_name)
    values = _clean(dict(values))
    secret = _random(ctx.settings, 40)
    app = OAuthApplication(
        namespace_id=org.id, client_id=_random(ctx.settings, 20),
        client_secret_hash=credentials.hash_secret(secret, ctx.settings.SECRET_KEY),
        client_secret_sealed=sealed.seal(secret, ctx.settings.SECRET_KEY),
        name=values["name"], description=values.get("description") or "",
        redirect_uri=values.get("redirect_uri") or "", application_uri=values.get("application_uri") or "",
        avatar_email=values.get("avatar_email"), token_serial=0)
    ctx.db.add(app)
    ctx.db.flush()
    audit.record_for(ctx, "create_application", account=org.username,
                     metadata={"application_name": app.name, "client_id": app.client_id, "auth_method": ctx.principal.auth_method})
    ctx.db.commit()
    return view(app, client_secret=secret)


def administered(ctx, org_name, client_id):
    """The organization and its application `client_id`, when the caller administers the organization."""
    org = authz.require_org_admin(ctx, org_name)
    return org, find(ctx.db, org, client_id)


def get(ctx, org_name, client_id):
    return view(administered(ctx, org_name, client_id)[1])


def update(ctx, org_name, client_id, values):
    org, app = administered(ctx, org_name, client_id)
    values = _clean(dict(values))
    if ctx.settings.profile.application_update_replaces:
        changes = _replacement(values)
    else:
        changes = {field: value for field, value in values.items() if field in FIELDS and value is not None}
    for field, value in changes.items():
        setattr(app, field, value)
    audit.record_for(ctx, "update_application", account=org.username,
                     metadata={"application_name": app.name, "client_id": app.client_id})
    ctx.db.commit()
    return readable_view(app, ctx.settings)


def delete(ctx, org_name, client_id):
    org, app = administered(ctx, org_name, client_id)
    ctx.db.delete(app)
    audit.record_for(ctx, "delete_application", account=org.username,
                     metadata={"application_name": app.name, "client_id": app.client_id})
    ctx.db.commit()
