"""The JSON schemas Quay 3.18 checks request bodies against, one per (method, route path).

Written for quayref from what the recorded answers show: which keys are required, their types,
minimums and lengths. Quay quotes the failing (sub)schema in its 400 ("Failed validating 'minimum'
in schema['properties']['tag_expiration_s']:" and the dump below it), so where the recording shows
a whole dump, the subschema here is that one, key for key; elsewhere the descriptions are quayref's.
`name` is the schema's name in Quay, under which the discovery document lists it.
"""

import dataclasses

ORG = "/api/v1/organization/{org}"
TOKEN_NAME_MAX = 255


@dataclasses.dataclass(frozen=True)
class BodySchema:
    name: str
    schema: dict
    # Quay's plain Flask views (not API resources) answer a bad JSON body with werkzeug's HTML pages.
    plain_view: bool = False


def _string(description, **extra):
    return {"type": "string", "description": description, **extra}


NEW_TOKEN = BodySchema("NewToken", {
    "type": "object",
    "description": "A token to mint for an organization's OAuth application.",
    "required": ["name", "scope"],
    "properties": {
        "name": _string("What the token is for; spaces around it are dropped.", minLength=1, maxLength=TOKEN_NAME_MAX),
        "scope": _string("Scopes separated by spaces or commas."),
        # A number, not an integer: Quay takes 1.5 (and cuts it to 1 s later) and caps very large ones.
        "expiration": {"type": "number", "description": "Lifetime in seconds.", "minimum": 1},
    },
})

NEW_ORG = BodySchema("NewOrg", {
    "type": "object",
    "description": "An organization to create.",
    "required": ["name"],
    "properties": {
        "name": _string("The organization's name."),
        "email": _string("The organization's e-mail address."),
        "contact_email": _string("Where to write to the organization, instead of email."),
        "recaptcha_response": _string("A reCAPTCHA answer, where reCAPTCHA is on."),
    },
})

UPDATE_ORG = BodySchema("UpdateOrg", {
    "type": "object",
    "description": "What to change on an organization.",
    "properties": {
        "email": _string("The organization's e-mail address."),
        "contact_email": {"type": ["string", "null"], "description": "The organization's e-mail address."},
        "invoice_email": {"type": "boolean", "description": "Whether invoices are sent by e-mail."},
        "invoice_email_address": {"type": ["string", "null"], "description": "Where invoices are sent."},
        # Exactly as Quay's 400 quotes it.
        "tag_expiration_s": {"description": "The number of seconds for tag expiration", "minimum": 0, "type": "integer"},
    },
})

_APP_PROPERTIES = {
    "name": _string("The application's name."),
    "redirect_uri": _string("Where the OAuth flow sends the user back to."),
    "application_uri": _string("The application's home page."),
    "description": _string("What the application does."),
    "avatar_email": _string("The e-mail address whose avatar the application shows."),
}

NEW_APP = BodySchema("NewApp", {
    "type": "object",
    "description": "An OAuth application to create in an organization.",
    "required": ["name"],
    "properties": _APP_PROPERTIES,
})

# Quay replaces the application: these three are required, description and avatar_email reset when left out.
UPDATE_APP = BodySchema("UpdateApp", {
    "type": "object",
    "description": "An OAuth application's new settings.",
    "required": ["name", "redirect_uri", "application_uri"],
    "properties": _APP_PROPERTIES,
})

SIGNIN_USER = BodySchema("SigninUser", schema={
    "type": "object",
    "description": "The credentials to sign in with.",
    "required": ["username", "password"],
    "properties": {
        "username": _string("The user's name."),
        "password": _string("The user's password."),
        "invite_code": _string("An invitation code, if there is one."),
    },
})

CREATE_INSTALL_USER = BodySchema("CreateInstallUser", {
    "type": "object",
    "description": "A user for a superuser to create; Quay generates the password.",
    "required": ["username"],
    "properties": {
        "username": _string("The new user's name."),
        "email": _string("The new user's e-mail address."),
    },
})

# Not an API resource in Quay and not checked against a schema: only the JSON itself is.
INITIALIZE_USER = BodySchema("UserInitialize", {}, plain_view=True)

BODIES = {
    ("POST", "/api/v1/organization/"): NEW_ORG,
    ("PUT", ORG): UPDATE_ORG,
    ("POST", ORG + "/applications"): NEW_APP,
    ("PUT", ORG + "/applications/{client_id}"): UPDATE_APP,
    ("POST", ORG + "/applications/{client_id}/tokens"): NEW_TOKEN,
    ("POST", "/api/v1/signin"): SIGNIN_USER,
    ("POST", "/api/v1/superuser/users/"): CREATE_INSTALL_USER,
    ("POST", "/api/v1/user/initialize"): INITIALIZE_USER,
}
