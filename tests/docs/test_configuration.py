"""docs/configuration.md against the server's config schema, and every config.yaml snippet of the docs against the schema."""

import re

import pytest
import yaml

import docblocks
from quayref import config as quay_config
from quayref.config.schema import SCHEMA
from quayref.services.bootstrap import ldap, lockout, startup

DOC = docblocks.REPO / "docs" / "configuration.md"
LOGIN_MARKER = "<!-- schema: *_LOGIN_CONFIG -->"
LOGIN_SCHEMA = SCHEMA["patternProperties"]["^[A-Z0-9_]+_LOGIN_CONFIG$"]["properties"]

# Defaults the server applies, from where it applies them.
KNOWN_DEFAULTS = dict(quay_config.DEFAULTS)
KNOWN_DEFAULTS.update({
    "BOOTSTRAP_MAX_FAILED_ATTEMPTS": lockout.DEFAULT_MAX_FAILED_ATTEMPTS,
    "BOOTSTRAP_LOCKOUT_SECONDS": lockout.DEFAULT_LOCKOUT_SECONDS,
    "BOOTSTRAP_LOCKOUT_MAX_SECONDS": lockout.DEFAULT_LOCKOUT_MAX_SECONDS,
    "BOOTSTRAP_FAILURE_WINDOW_SECONDS": lockout.DEFAULT_FAILURE_WINDOW_SECONDS,
    "BOOTSTRAP_TOKEN_EXPIRATION": startup.DEFAULT_EXPIRATION,
    "BOOTSTRAP_TOKEN_SCOPE": startup.DEFAULT_SCOPE,
    "LDAP_TIMEOUT": ldap.DEFAULT_TIMEOUT,
    # Inline fallbacks in quayref/services/bootstrap/ldap.py and oidc.py.
    "LDAP_UID_ATTR": "uid",
    "LDAP_EMAIL_ATTR": "mail",
    "PREFERRED_GROUP_CLAIM_NAME": "groups",
})
# Computed from where config.yaml is; the doc says so in words.
COMPUTED = {"DB_URI": "beside `config.yaml`", "BOOTSTRAP_TOKEN_PATH": "beside `config.yaml`"}


def rows(text):
    """{key: {type, default, effect, example}} for the top level and for *_LOGIN_CONFIG."""
    top, login = {}, {}
    target = top
    for line in text.splitlines():
        if line.strip() == LOGIN_MARKER:
            target = login
        elif line.startswith("## ") and target is login:
            target = top
        match = re.match(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|(.*)\|\s*$", line)
        if match:
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(2))]
            assert len(cells) == 4, "configuration.md: row %s needs type, default, effect, example" % match.group(1)
            assert match.group(1) not in target, "configuration.md documents %s twice" % match.group(1)
            target[match.group(1)] = dict(zip(("type", "default", "effect", "example"), cells))
    return top, login


TOP, LOGIN = rows(DOC.read_text(encoding="utf-8"))


def type_words(spec):
    if "enum" in spec:
        return "one of " + ", ".join("`%s`" % value for value in spec["enum"])
    if "oneOf" in spec:
        return " or ".join(type_words(option) for option in spec["oneOf"])
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    words = {"array": "list of strings", "null": "null"}
    return " or ".join(words.get(kind, kind) for kind in kinds)


def backticked(cell):
    match = re.match(r"^`([^`]*)`", cell)
    return match.group(1) if match else None


def test_every_schema_key_is_documented_and_every_documented_key_is_in_the_schema():
    assert set(TOP) == set(SCHEMA["properties"]), (
        "undocumented: %s; unknown to the schema: %s" % (sorted(set(SCHEMA["properties"]) - set(TOP)), sorted(set(TOP) - set(SCHEMA["properties"]))))
    assert set(LOGIN) == set(LOGIN_SCHEMA), (
        "*_LOGIN_CONFIG undocumented: %s; unknown: %s" % (sorted(set(LOGIN_SCHEMA) - set(LOGIN)), sorted(set(LOGIN) - set(LOGIN_SCHEMA))))


@pytest.mark.parametrize("key", sorted(TOP) + ["*_LOGIN_CONFIG." + k for k in sorted(LOGIN)])
def test_type_default_and_example_match_the_server(key):
    login = key.startswith("*_LOGIN_CONFIG.")
    name = key.split(".", 1)[1] if login else key
    row = (LOGIN if login else TOP)[name]
    spec = (LOGIN_SCHEMA if login else SCHEMA["properties"])[name]
    assert row["type"] == type_words(spec), "%s: type is %r in the schema" % (key, type_words(spec))
    if name in COMPUTED:
        assert COMPUTED[name] in row["default"], "%s: default should say it is %s" % (key, COMPUTED[name])
    else:
        shown = backticked(row["default"])
        assert shown is not None, "%s: default must be a `value`" % key
        assert yaml.safe_load(shown) == KNOWN_DEFAULTS.get(name), "%s: the server's default is %r" % (key, KNOWN_DEFAULTS.get(name))
    example = backticked(row["example"])
    assert example is not None and row["effect"], "%s: needs an effect and an example `value`" % key
    # Together with the other examples (a config some key rules look across, e.g. default <= maximum expiration).
    problems = quay_config.validate(example_config())
    assert not [p for p in problems if p.startswith((name + ":", "SSO_LOGIN_CONFIG." + name))], (
        "%s: example %r is refused by the schema: %s" % (key, example, problems))


def example_config():
    """A config.yaml made of every example of the page."""
    document = {name: yaml.safe_load(backticked(row["example"]) or "null") for name, row in TOP.items()}
    document["SSO_LOGIN_CONFIG"] = {name: yaml.safe_load(backticked(row["example"]) or "null") for name, row in LOGIN.items()}
    return document


def test_the_examples_together_are_a_valid_config():
    assert quay_config.validate(example_config()) == []


CONFIG_SNIPPETS = [block for block in docblocks.all_blocks() if block.language == "yaml" and block.text.startswith("# config.yaml")]


def test_config_snippets_were_found():
    assert len(CONFIG_SNIPPETS) >= 5


@pytest.mark.parametrize("block", CONFIG_SNIPPETS, ids=[b.where for b in CONFIG_SNIPPETS])
def test_config_snippet_is_valid(block):
    data = yaml.safe_load(block.text)
    assert quay_config.validate(data) == [], block.where
    unknown = [key for key in data if key not in SCHEMA["properties"] and not key.endswith("_LOGIN_CONFIG")]
    assert not unknown, "%s: keys quayref does not read: %s" % (block.where, unknown)
