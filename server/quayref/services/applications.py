"""OAuth applications of an organization. As in Quay, org admins read the client secret
on every view; it is stored encrypted (quayref.security.sealed) and as a hash."""

from sqlalchemy import select

from quayref.db.models import OAuthApplication
from quayref.security import credentials, sealed
from quayref.services import audit, orgs
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


def readable_view(app, config):
    """The view an org admin reads: with client_secret, null when it cannot be decrypted
    (an application from before migration 0006, or SECRET_KEY changed since)."""
    result = view(app)
    result["client_secret"] = sealed.unseal(app.client_secret_sealed, config["SECRET_KEY"])
    return result


def list_readable(db, config, principal, org_name):
    org = orgs.require_admin(db, principal, org_name)
    apps = db.scalars(select(OAuthApplication).where(OAuthApplication.namespace_id == org.id).order_by(OAuthApplication.id)).all()
    return [readable_view(app, config) for app in apps]


def _set_secret(app, config, secret):
    app.client_secret_hash = credentials.hash_secret(secret, config["SECRET_KEY"])
    app.client_secret_sealed = sealed.seal(secret, config["SECRET_KEY"])


def reset_client_secret(db, config, principal, org_name, client_id, ip):
    """Quay's POST .../resetclientsecret: a new secret; the old one stops being shown."""
    org = orgs.require_admin(db, principal, org_name)
    app = find(db, org, client_id)
    _set_secret(app, config, credentials.random_string(40))
    audit.record(db, config, "reset_application_client_secret", account=org.username, performer=principal.username, ip=ip,
                 metadata={"application_name": app.name, "client_id": app.client_id})
    db.commit()
    return readable_view(app, config)


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


def list_for(db, principal, org_name):
    org = orgs.require_admin(db, principal, org_name)
    apps = db.scalars(select(OAuthApplication).where(OAuthApplication.namespace_id == org.id).order_by(OAuthApplication.id)).all()
    return [view(app) for app in apps]


def create(db, config, principal, org_name, values, ip):
    org = orgs.require_admin(db, principal, org_name)
    values = _clean(dict(values))
    secret = credentials.random_string(40)
    app = OAuthApplication(
        namespace_id=org.id, client_id=credentials.random_string(20),
        client_secret_hash=credentials.hash_secret(secret, config["SECRET_KEY"]),
        client_secret_sealed=sealed.seal(secret, config["SECRET_KEY"]),
        name=values["name"], description=values.get("description") or "",
        redirect_uri=values.get("redirect_uri") or "", application_uri=values.get("application_uri") or "",
        avatar_email=values.get("avatar_email"), token_serial=0)
    db.add(app)
    db.flush()
    audit.record(db, config, "create_application", account=org.username, performer=principal.username, ip=ip,
                 metadata={"application_name": app.name, "client_id": app.client_id, "auth_method": principal.auth_method})
    db.commit()
    return view(app, client_secret=secret)


def get(db, principal, org_name, client_id):
    org = orgs.require_admin(db, principal, org_name)
    return find(db, org, client_id)


def update(db, config, principal, org_name, client_id, values, ip):
    org = orgs.require_admin(db, principal, org_name)
    app = find(db, org, client_id)
    for field, value in _clean(dict(values)).items():
        if field in FIELDS and value is not None:
            setattr(app, field, value)
    audit.record(db, config, "update_application", account=org.username, performer=principal.username, ip=ip,
                 metadata={"application_name": app.name, "client_id": app.client_id})
    db.commit()
    return readable_view(app, config)


def delete(db, config, principal, org_name, client_id, ip):
    org = orgs.require_admin(db, principal, org_name)
    app = find(db, org, client_id)
    db.delete(app)
    audit.record(db, config, "delete_application", account=org.username, performer=principal.username, ip=ip,
                 metadata={"application_name": app.name, "client_id": app.client_id})
    db.commit()
