"""Load and validate quayref's YAML configuration."""

import os

import jsonschema
import yaml

from quayref.config.schema import SCHEMA

DEFAULTS = {
    "AUTHENTICATION_TYPE": "Database",
    "SUPER_USERS": [],
    "FEATURE_USER_INITIALIZE": False,
    "FEATURE_PROGRAMMATIC_BOOTSTRAP": False,
    "OAUTH_TOKEN_DEFAULT_SCOPE": "repo:read",
    "OAUTH_TOKEN_DEFAULT_EXPIRATION": 365 * 24 * 3600,
    "OAUTH_TOKEN_MAX_EXPIRATION": 2 * 365 * 24 * 3600,
    "OAUTH_APPLICATION_MAXIMUM_TOKEN_COUNT": 100,
    "SESSION_LIFETIME": 12 * 3600,
    "SESSION_COOKIE_SECURE": False,
    "AUDIT_LOG_PATH": None,
    "DB_POOL_SIZE": 5,
    "SECRET_KEY": "",
    "TAG_EXPIRATION_OPTIONS": ["0s", "1d", "1w", "2w", "4w"],
    "DEFAULT_TAG_EXPIRATION": "2w",
}


class ConfigError(Exception):
    """The configuration file is unreadable or breaks the schema; `problems` has one line per key."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _location(error):
    path = ".".join(str(part) for part in error.absolute_path)
    return path or "(top level)"


def validate(data):
    """Return a list of problems, one per offending key; empty when the data is valid."""
    if not isinstance(data, dict):
        return ["(top level): the configuration must be a mapping of keys to values"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        problems.append("%s: %s" % (_location(error), error.message))
    # Cross-key rules the schema cannot express.
    default = data.get("OAUTH_TOKEN_DEFAULT_EXPIRATION", DEFAULTS["OAUTH_TOKEN_DEFAULT_EXPIRATION"])
    maximum = data.get("OAUTH_TOKEN_MAX_EXPIRATION", DEFAULTS["OAUTH_TOKEN_MAX_EXPIRATION"])
    if isinstance(default, int) and isinstance(maximum, int) and default > maximum:
        problems.append("OAUTH_TOKEN_DEFAULT_EXPIRATION: %d is more than OAUTH_TOKEN_MAX_EXPIRATION (%d)" % (default, maximum))
    # As Quay's validator: the default tag expiration must be one of the options.
    tag_default = data.get("DEFAULT_TAG_EXPIRATION", DEFAULTS["DEFAULT_TAG_EXPIRATION"])
    tag_options = data.get("TAG_EXPIRATION_OPTIONS", DEFAULTS["TAG_EXPIRATION_OPTIONS"])
    if isinstance(tag_default, str) and isinstance(tag_options, list) and tag_default not in tag_options:
        problems.append("DEFAULT_TAG_EXPIRATION: %s is not one of TAG_EXPIRATION_OPTIONS" % tag_default)
    return problems


def read_file(path):
    """Parse the YAML file at `path`; raise ConfigError naming what is wrong."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        raise ConfigError(["%s: cannot read: %s" % (path, exc.strerror)]) from None
    except yaml.YAMLError as exc:
        raise ConfigError(["%s: not valid YAML: %s" % (path, exc)]) from None
    return {} if data is None else data


def load(path):
    """Read, validate and complete the configuration with defaults."""
    data = read_file(path)
    problems = validate(data)
    if problems:
        raise ConfigError(problems)
    config = dict(DEFAULTS)
    config.update(data)
    if not config.get("DB_URI"):
        directory = os.path.dirname(os.path.abspath(path))
        config["DB_URI"] = "sqlite:///" + os.path.join(directory, "quayref.db")
    config["CONFIG_PATH"] = os.path.abspath(path)
    return config
