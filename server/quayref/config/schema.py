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

# Organization tag expiration (Quay's time machine): durations such as 2w.
DURATION = {"type": "string", "pattern": r"^[0-9]+[smhdw]$"}
SCHEMA["properties"].update({
    "TAG_EXPIRATION_OPTIONS": {"type": "array", "items": DURATION, "minItems": 1},
    "DEFAULT_TAG_EXPIRATION": DURATION,
})

# Bootstrap authentication (issue 3): the start-up token, the lockout, and Quay's LDAP and
# OIDC keys that the bootstrap methods read.
STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
SCHEMA["properties"].update({
    "BOOTSTRAP_TOKEN_OWNER": {"type": ["string", "null"], "minLength": 1},
    "BOOTSTRAP_TOKEN_PATH": {"type": "string", "pattern": "^/", "description": "an absolute path"},
    "BOOTSTRAP_TOKEN_EXPIRATION": POSITIVE_INT,
    "BOOTSTRAP_TOKEN_SCOPE": {"type": "string", "pattern": SCOPE_PATTERN},
    "BOOTSTRAP_MAX_FAILED_ATTEMPTS": POSITIVE_INT,
    "BOOTSTRAP_LOCKOUT_SECONDS": POSITIVE_INT,
    "BOOTSTRAP_LOCKOUT_MAX_SECONDS": POSITIVE_INT,
    "BOOTSTRAP_FAILURE_WINDOW_SECONDS": POSITIVE_INT,
    "LDAP_URI": {"type": "string", "pattern": "^ldaps?://"},
    "LDAP_BASE_DN": {"oneOf": [STRINGS, {"type": "string", "minLength": 1}]},
    "LDAP_USER_RDN": {"oneOf": [STRINGS, {"type": "string"}]},
    "LDAP_UID_ATTR": {"type": "string", "minLength": 1},
    "LDAP_EMAIL_ATTR": {"type": "string", "minLength": 1},
    "LDAP_ADMIN_DN": {"type": "string", "minLength": 1},
    "LDAP_ADMIN_PASSWD": {"type": "string"},
    "LDAP_USER_FILTER": {"type": "string"},
    "LDAP_SUPERUSER_FILTER": {"type": "string"},
    "LDAP_TIMEOUT": {"type": "number", "exclusiveMinimum": 0},
})
SCHEMA["patternProperties"] = {
    "^[A-Z0-9_]+_LOGIN_CONFIG$": {
        "type": "object",
        "properties": {
            "OIDC_SERVER": {"type": "string", "pattern": "^https?://"},
            "CLIENT_ID": {"type": "string", "minLength": 1},
            "CLIENT_SECRET": {"type": "string"},
            "OIDC_AUDIENCES": {"oneOf": [STRINGS, {"type": "string", "minLength": 1}]},
            "OIDC_ALLOWED_CLIENTS": STRINGS,
            "SUPERUSER_GROUP": {"type": "string", "minLength": 1},
            "PREFERRED_GROUP_CLAIM_NAME": {"type": "string", "minLength": 1},
        },
    },
}
