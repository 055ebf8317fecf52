"""JSON schema for quayref's config.yaml (Quay's key names; unknown keys are kept)."""

SCOPES = (
    "repo:read", "repo:write", "repo:admin", "repo:create",
    "user:read", "user:admin", "org:admin", "super:user",
)

# A scope string as Quay accepts it: known scopes separated by spaces or commas.
SCOPE_PATTERN = r"^\s*(%s)(\s*[ ,]\s*(%s))*\s*$" % ("|".join(SCOPES), "|".join(SCOPES))

POSITIVE_INT = {"type": "integer", "minimum": 1}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "quayref configuration",
    "type": "object",
    "additionalProperties": True,
    "properties": {
        "DB_URI": {"type": "string", "minLength": 1},
        "SECRET_KEY": {"type": "string", "minLength": 1},
        "SUPER_USERS": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "AUTHENTICATION_TYPE": {"enum": ["Database", "LDAP", "OIDC"]},
        "FEATURE_USER_INITIALIZE": {"type": "boolean"},
        "FEATURE_PROGRAMMATIC_BOOTSTRAP": {"type": "boolean"},
        "OAUTH_TOKEN_DEFAULT_SCOPE": {"type": "string", "pattern": SCOPE_PATTERN},
        "OAUTH_TOKEN_DEFAULT_EXPIRATION": POSITIVE_INT,
        "OAUTH_TOKEN_MAX_EXPIRATION": POSITIVE_INT,
        "OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT": POSITIVE_INT,
        "SESSION_LIFETIME": POSITIVE_INT,
        "SESSION_COOKIE_SECURE": {"type": "boolean"},
        "AUDIT_LOG_PATH": {"type": ["string", "null"]},
        "DB_POOL_SIZE": POSITIVE_INT,
    },
}
