"""quayref's configuration: one typed model of every key the server reads (Quay's key names).

`load_settings` reads config.yaml; `Settings.from_mapping` builds settings in-process.
Both validate, fill the defaults and compute the two defaults that depend on where
config.yaml is (`DB_URI`, `BOOTSTRAP_TOKEN_PATH`). Unknown keys are kept, never refused:
Quay's own config.yaml holds many more. The JSON schema (`quayref config schema`) is
generated from this model, so the schema, the defaults and the validator cannot drift.

A key whose default is None but whose type does not include null means "unset": leaving
it out is fine, writing `null` for it is not (as in the schema before this model).
"""

import os
import re
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from quayref import profiles
from quayref.services.scopes import SCOPES

# A scope string as Quay accepts it: known scopes separated by spaces or commas.
SCOPE_PATTERN = r"^\s*(%s)(\s*[ ,]\s*(%s))*\s*$" % ("|".join(SCOPES), "|".join(SCOPES))
LOGIN_CONFIG_KEY = re.compile(r"^[A-Z0-9_]+_LOGIN_CONFIG$")
# Where the *_LOGIN_CONFIG blocks are gathered during validation; never a key of config.yaml.
LOGINS = "LOGIN_CONFIGS"
# Keys whose default depends on where config.yaml is: file names beside it.
COMPUTED_DEFAULTS = {"DB_URI": "sqlite:///{dir}/quayref.db", "BOOTSTRAP_TOKEN_PATH": "{dir}/bootstrap_token"}
# The environment variable naming config.yaml for `quayref serve`'s uvicorn workers (api.app.app_from_env).
CONFIG_ENV = "QUAYREF_CONFIG"

PositiveInt = Annotated[int, Field(ge=1)]
NonEmpty = Annotated[str, Field(min_length=1)]
Scope = Annotated[str, Field(pattern=SCOPE_PATTERN)]
Names = list[NonEmpty]
# Quay writes a DN or an audience either as a list of parts or as one string.
NamesOrName = Names | NonEmpty
# A Quay duration (convert_to_timedelta): a number and s, m, h, d or w.
Duration = Annotated[str, Field(pattern=r"^[0-9]+[smhdw]$")]


def _key(description, default=None, **kwargs):
    return Field(default, description=description, **kwargs)


class LoginConfig(BaseModel):
    """One `*_LOGIN_CONFIG` block: an OIDC issuer whose JWTs may bootstrap. Other keys are kept."""

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    OIDC_SERVER: Annotated[str, Field(pattern="^https?://")] = _key("The issuer URL; a JWT's iss must equal it.")
    CLIENT_ID: NonEmpty = _key("Quay's client id at the issuer; the audience when OIDC_AUDIENCES is unset.")
    CLIENT_SECRET: str = _key("Quay's client secret, for the UI login; not used by bootstrap.")
    OIDC_AUDIENCES: NamesOrName = _key("Audiences a bootstrap JWT's aud must contain one of.")
    OIDC_ALLOWED_CLIENTS: Names = _key("When set, only JWTs of these client_id (or azp) may bootstrap.")
    SUPERUSER_GROUP: NonEmpty = _key("A principal whose group claim holds this group qualifies.")
    PREFERRED_GROUP_CLAIM_NAME: NonEmpty = _key("The claim that holds the groups.", "groups")

    @property
    def audiences(self):
        value = self.OIDC_AUDIENCES or self.CLIENT_ID
        return [value] if isinstance(value, str) else list(value or [])


class Settings(BaseModel):
    """Every config.yaml key quayref reads, with its type, default and meaning."""

    # strict: YAML's "yes" or "3600" for a boolean or an integer is a mistake to report, not to coerce.
    model_config = ConfigDict(strict=True, extra="allow", frozen=True, title="quayref configuration")

    QUAYREF_PROFILE: Literal["proposal", "quay-3.18"] = _key(
        "How quayref answers: proposal (the feature request PROJQUAY-10436) or quay-3.18 (as Project Quay 3.18).",
        profiles.PROPOSAL)
    FEATURE_PROGRAMMATIC_BOOTSTRAP: bool = _key("Accept bootstrap credentials on the three zero-touch POSTs.", False)
    FEATURE_USER_INITIALIZE: bool = _key("Enable POST /api/v1/user/initialize on an empty database.", False)
    SUPER_USERS: Names = _key("Superusers: may bootstrap, grant super:user, read all logs.", [])
    AUTHENTICATION_TYPE: Literal["Database", "LDAP", "OIDC"] = _key("How passwords are checked.", "Database")
    # Read with QUAYREF_PROFILE quay-3.18 only (the proposal's superusers administer every organization).
    FEATURE_SUPERUSERS_FULL_ACCESS: bool = _key(
        "quay-3.18: superusers may administer organizations they are not members of (Quay's default: false).", False)
    FEATURE_SUPER_USERS: bool = _key("quay-3.18: serve the superuser API (/api/v1/superuser/users/).", True)
    FEATURE_USER_CREATION: bool = _key("quay-3.18: an SSO login may create its user on first use.", True)
    FEATURE_DIRECT_LOGIN: bool = _key(
        "Sign in with a username and password (POST /api/v1/signin); false: tokens, SSO and bootstrap credentials only.", True)

    OAUTH_TOKEN_DEFAULT_SCOPE: Scope = _key("Scope of a token created without scope.", "repo:read")
    OAUTH_TOKEN_DEFAULT_EXPIRATION: PositiveInt = _key("Lifetime in seconds of a token created without expiration.",
                                                       365 * 24 * 3600)
    OAUTH_TOKEN_MAX_EXPIRATION: PositiveInt = _key("Largest expiration accepted, in seconds.", 2 * 365 * 24 * 3600)
    OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT: PositiveInt = _key("Live tokens one application may hold.", 100)

    BOOTSTRAP_TOKEN_OWNER: NonEmpty | None = _key("Superuser owning the start-up token; unset: no start-up token.")
    BOOTSTRAP_TOKEN_PATH: Annotated[str, Field(pattern="^/")] = _key(
        "Absolute path of the start-up token file; default bootstrap_token beside config.yaml.")
    # With QUAYREF_PROFILE quay-3.18 the default is Quay's, an hour (set in _prepare).
    BOOTSTRAP_TOKEN_EXPIRATION: PositiveInt = _key("Lifetime in seconds of the start-up token; quay-3.18: 3600.", 24 * 3600)
    # The owner is a superuser; the token it holds exists to set everything else up.
    BOOTSTRAP_TOKEN_SCOPE: Scope = _key("Scopes of the start-up token.", " ".join(SCOPES))

    BOOTSTRAP_MAX_FAILED_ATTEMPTS: PositiveInt = _key("Failed bootstrap attempts of one identity before a lockout.", 5)
    BOOTSTRAP_LOCKOUT_SECONDS: PositiveInt = _key("The first lock's length in seconds; doubles per failure.", 60)
    BOOTSTRAP_LOCKOUT_MAX_SECONDS: PositiveInt = _key("The cap on a lock's length in seconds.", 3600)
    # So that a typo a day does not add up to a lockout.
    BOOTSTRAP_FAILURE_WINDOW_SECONDS: PositiveInt = _key("Failures older than this many seconds are forgotten.", 3600)

    LDAP_URI: Annotated[str, Field(pattern="^ldaps?://")] = _key("The directory, ldap:// or ldaps://.")
    LDAP_BASE_DN: NamesOrName = _key("Base DN: a list of components, or one string.")
    LDAP_USER_RDN: Names | str = _key("Where users are, relative to the base DN.")
    LDAP_UID_ATTR: NonEmpty = _key("Attribute that holds the user name.", "uid")
    LDAP_EMAIL_ATTR: NonEmpty = _key("Attribute that holds the e-mail address.", "mail")
    LDAP_ADMIN_DN: NonEmpty = _key("DN the server binds as to find users.")
    LDAP_ADMIN_PASSWD: str = _key("The password of LDAP_ADMIN_DN.")
    LDAP_USER_FILTER: str = _key("Extra filter every user must match.")
    LDAP_SUPERUSER_FILTER: str = _key("Filter that makes an LDAP user a superuser.")
    # int | float: an integer stays an integer, which ldap3's socket options need.
    LDAP_TIMEOUT: Annotated[int | float, Field(gt=0), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})] = _key(
        "Seconds to wait for the directory.", 10)

    DB_URI: NonEmpty = _key("Database URL; default SQLite quayref.db beside config.yaml.")
    DB_POOL_SIZE: PositiveInt = _key("PostgreSQL connections per worker.", 5)
    SECRET_KEY: NonEmpty = _key("Key of the HMAC that token and session secrets are stored under.", "")
    SESSION_LIFETIME: PositiveInt = _key("Seconds a sign-in session lasts.", 12 * 3600)
    SESSION_COOKIE_SECURE: bool = _key("Mark the session cookie Secure.", False)
    AUDIT_LOG_PATH: str | None = _key("Also append every audit event as a JSON line to this file.")

    # Quay's time machine: what an organization's tag_expiration_s may be, and where it starts.
    TAG_EXPIRATION_OPTIONS: Annotated[list[Duration], Field(min_length=1)] = _key(
        "The tag expirations an organization may choose.", ["0s", "1d", "1w", "2w", "4w"])
    DEFAULT_TAG_EXPIRATION: Duration = _key("The tag expiration of a new organization; one of TAG_EXPIRATION_OPTIONS.", "2w")

    # Filled from the *_LOGIN_CONFIG keys, so that they are validated as LoginConfig; not a key of its own.
    LOGIN_CONFIGS: dict[str, LoginConfig] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _prepare(cls, data, info: ValidationInfo):
        if not isinstance(data, dict):
            return data
        data = dict(data)
        data[LOGINS] = {key: data.pop(key) for key in list(data) if isinstance(key, str) and LOGIN_CONFIG_KEY.match(key)}
        # Computed here and nowhere else.
        base_dir = os.path.abspath((info.context or {}).get("base_dir") or ".")
        for key, template in COMPUTED_DEFAULTS.items():
            data.setdefault(key, template.format(dir=base_dir))
        profile = profiles.PROFILES.get(data.get("QUAYREF_PROFILE", profiles.PROPOSAL))
        if profile is not None and profile.bootstrap_token_expiration:
            data.setdefault("BOOTSTRAP_TOKEN_EXPIRATION", profile.bootstrap_token_expiration)
        return data

    @model_validator(mode="after")
    def _cross_key_rules(self):
        refused = sorted(key for key in self.profile.proposal_only_keys if key in self.model_fields_set)
        if refused:
            raise PydanticCustomError(
                "cross_key", "{keys}: not read by Quay 3.18; remove with QUAYREF_PROFILE quay-3.18",
                {"keys": ", ".join(refused)})
        if self.OAUTH_TOKEN_DEFAULT_EXPIRATION > self.OAUTH_TOKEN_MAX_EXPIRATION:
            raise PydanticCustomError(
                "cross_key", "OAUTH_TOKEN_DEFAULT_EXPIRATION: {default} is more than OAUTH_TOKEN_MAX_EXPIRATION ({maximum})",
                {"default": self.OAUTH_TOKEN_DEFAULT_EXPIRATION, "maximum": self.OAUTH_TOKEN_MAX_EXPIRATION})
        # As Quay's validator: the default tag expiration must be one of the options.
        if self.DEFAULT_TAG_EXPIRATION not in self.TAG_EXPIRATION_OPTIONS:
            raise PydanticCustomError(
                "cross_key", "DEFAULT_TAG_EXPIRATION: {default} is not one of TAG_EXPIRATION_OPTIONS",
                {"default": self.DEFAULT_TAG_EXPIRATION})
        return self

    @classmethod
    def from_mapping(cls, data: dict, base_dir: str | None = None) -> "Settings":
        """Validated settings from a mapping (config.yaml's content); `base_dir` is where
        config.yaml is (default: the working directory). Raises ConfigError."""
        if not isinstance(data, dict):
            raise ConfigError(["(top level): the configuration must be a mapping of keys to values"])
        try:
            return cls.model_validate(data, context={"base_dir": base_dir})
        except ValidationError as exc:
            raise ConfigError(_problems(exc)) from None

    @classmethod
    def json_schema(cls) -> dict:
        """The JSON schema of config.yaml: the model's, with the login blocks as pattern properties."""
        schema = cls.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        logins = schema["properties"].pop(LOGINS)
        schema["patternProperties"] = {LOGIN_CONFIG_KEY.pattern: logins["additionalProperties"]}
        for name in COMPUTED_DEFAULTS:
            schema["properties"][name].pop("default", None)
        return schema

    @property
    def profile(self) -> profiles.Profile:
        return profiles.PROFILES[self.QUAYREF_PROFILE]

    @property
    def login_configs(self) -> dict[str, LoginConfig]:
        """The OIDC issuers: every *_LOGIN_CONFIG block that names an OIDC_SERVER."""
        return {key: login for key, login in self.LOGIN_CONFIGS.items() if login.OIDC_SERVER}


class ConfigError(Exception):
    """The configuration is unreadable or invalid; `problems` has one line per offending key."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _key_path(loc):
    """The config keys of an error's location, without pydantic's union branch tags."""
    parts = []
    for part in loc:
        if part == LOGINS and not parts:
            continue
        if isinstance(part, int) or (isinstance(part, str) and re.match(r"^[A-Z0-9_]+$", part)):
            parts.append(str(part))
        else:
            break
    return ".".join(parts)


def _problems(exc: ValidationError):
    """One line per offending key, `KEY: what is wrong`; the branches of a union share one line."""
    messages: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        path = _key_path(error["loc"])
        if error["type"] == "string_pattern_mismatch" and error["ctx"]["pattern"] == SCOPE_PATTERN:
            error["msg"] = "%r is not scopes separated by spaces or commas; known scopes: %s" % (error["input"], " ".join(SCOPES))
        if not path:  # a rule across keys names its key in its message
            messages.setdefault(error["msg"], [])
            continue
        seen = messages.setdefault(path, [])
        if error["msg"] not in seen:
            seen.append(error["msg"])
    return ["%s: %s" % (path, " or ".join(msgs)) if msgs else path for path, msgs in sorted(messages.items())]


def read_mapping(path) -> Any:
    """The parsed YAML of the file at `path` ({} when empty); raise ConfigError naming what is wrong."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        raise ConfigError(["%s: cannot read: %s" % (path, exc.strerror)]) from None
    except yaml.YAMLError as exc:
        raise ConfigError(["%s: not valid YAML: %s" % (path, exc)]) from None
    return {} if data is None else data


def load_settings(path) -> Settings:
    """Read, validate and complete config.yaml; raise ConfigError with one problem per line."""
    return Settings.from_mapping(read_mapping(path), base_dir=os.path.dirname(os.path.abspath(path)))
