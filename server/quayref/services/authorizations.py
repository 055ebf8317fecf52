"""GET /api/v1/user/authorizations: one entry per token the caller holds, as Quay lists them.

Every token whose user is the caller, in whichever application and namespace, expired ones too
(Quay does not filter them: the recording counts them). The only place the start-up token's
application shows, since it lives in a user namespace, not in an organization.
"""

from sqlalchemy import select

from quayref.db.models import OAuthAccessToken, OAuthApplication, User
from quayref.services import authz, scope_info, users


def view(token, app, namespace):
    return {
        "application": {
            "name": app.name,
            "description": app.description,
            "url": app.application_uri,
            "avatar": users.avatar(app.name, app.avatar_email or namespace.email, "app"),
            # A user namespace is shown as an organization too, with kind "org".
            "organization": {"name": namespace.username, "avatar": users.avatar(namespace.username, namespace.email, "org")},
        },
        "scopes": scope_info.describe(token.scope),
        "uuid": token.uuid,
    }


def list_for_caller(ctx):
    principal = authz.require_user_admin(ctx)
    query = (select(OAuthAccessToken, OAuthApplication, User)
             .join(OAuthApplication, OAuthApplication.id == OAuthAccessToken.application_id)
             .join(User, User.id == OAuthApplication.namespace_id)
             .where(OAuthAccessToken.user_id == principal.user_id)
             .order_by(OAuthAccessToken.id))
    return {"authorizations": [view(token, app, namespace) for token, app, namespace in ctx.db.execute(query)]}
