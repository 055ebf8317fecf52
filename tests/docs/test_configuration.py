"""docs/configuration.md against the server's settings model, and every config.yaml snippet of the docs against it."""

import os
import re

import pytest
import yaml

import docblocks
from quayref.profiles import PROFILES, QUAY_318
from quayref.settings import COMPUTED_DEFAULTS, LOGINS, ConfigError, LoginConfig, Settings

DOC = docblocks.REPO / "docs" / "configuration.md"
LOGIN_MARKER = "<!-- schema: *_LOGIN_CONFIG -->"
SCHEMA = Settings.json_schema()
# The model's keys, their JSON schema (for the types) and their defaults: the server's one source.
KEYS = {name: field for name, field in Settings.model_fields.items() if name != LOGINS}
LOGIN_KEYS = dict(LoginConfig.model_fields)
LOGIN_SCHEMA = LoginConfig.model_json_schema()["properties"]


def problems(data):
    try:
        Settings.from_mapping(data)
    except ConfigError as exc:
        return exc.problems
    return []


def rows(text):
    """{key: {type, default, effect, example, quay}} for the top level and for *_LOGIN_CONFIG (quay: whether
    Project Quay 3.18 reads the key)."""
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
            assert len(cells) == 5, "configuration.md: row %s needs type, default, effect, example, Quay 3.18" % match.group(1)
            assert match.group(1) not in target, "configuration.md documents %s twice" % match.group(1)
            target[match.group(1)] = dict(zip(("type", "default", "effect", "example", "quay"), cells))
    return top, login


TOP, LOGIN = rows(DOC.read_text(encoding="utf-8"))


def type_words(spec):
    if "enum" in spec:
        return "one of " + ", ".join("`%s`" % value for value in spec["enum"])
    if "anyOf" in spec:
        return " or ".join(type_words(option) for option in spec["anyOf"])
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    words = {"array": "list of strings", "null": "null"}
    return " or ".join(words.get(kind, kind) for kind in kinds)


def backticked(cell):
    match = re.match(r"^`([^`]*)`", cell)
    return match.group(1) if match else None


def test_every_setting_is_documented_and_every_documented_key_is_a_setting():
    assert set(TOP) == set(KEYS) == set(SCHEMA["properties"]), (
        "undocumented: %s; unknown to the settings: %s" % (sorted(set(KEYS) - set(TOP)), sorted(set(TOP) - set(KEYS))))
    assert set(LOGIN) == set(LOGIN_KEYS) == set(LOGIN_SCHEMA), (
        "*_LOGIN_CONFIG undocumented: %s; unknown: %s" % (sorted(set(LOGIN_KEYS) - set(LOGIN)), sorted(set(LOGIN) - set(LOGIN_KEYS))))


@pytest.mark.parametrize("key", sorted(TOP) + ["*_LOGIN_CONFIG." + k for k in sorted(LOGIN)])
def test_type_default_and_example_match_the_server(key):
    login = key.startswith("*_LOGIN_CONFIG.")
    name = key.split(".", 1)[1] if login else key
    row = (LOGIN if login else TOP)[name]
    spec = (LOGIN_SCHEMA if login else SCHEMA["properties"])[name]
    assert row["type"] == type_words(spec), "%s: type is %r in the settings" % (key, type_words(spec))
    if not login and name in COMPUTED_DEFAULTS:
        assert "beside `config.yaml`" in row["default"], "%s: default should say it is beside `config.yaml`" % key
        assert os.path.basename(COMPUTED_DEFAULTS[name]) in row["default"], "%s: default should name %s" % (key, COMPUTED_DEFAULTS[name])
    else:
        default = (LOGIN_KEYS if login else KEYS)[name].default
        shown = backticked(row["default"])
        assert shown is not None, "%s: default must be a `value`" % key
        assert yaml.safe_load(shown) == default, "%s: the server's default is %r" % (key, default)
    example = backticked(row["example"])
    assert example is not None and row["effect"], "%s: needs an effect and an example `value`" % key
    # Together with the other examples (a config some key rules look across, e.g. default <= maximum expiration).
    found = problems(example_config())
    assert not [p for p in found if p.startswith((name + ":", "SSO_LOGIN_CONFIG." + name))], (
        "%s: example %r is refused by the settings: %s" % (key, example, found))


def test_every_key_says_whether_quay_318_reads_it():
    for key, row in sorted(TOP.items()) + sorted(LOGIN.items()):
        assert re.match(r"(yes|no: (the proposal|quayref) only)\b", row["quay"]), (
            "%s: the Quay 3.18 column must start with 'yes', 'no: the proposal only' or 'no: quayref only'" % key)
    # The keys the quay-3.18 profile refuses because Quay has none of them: the page must not promise them there.
    for key in PROFILES[QUAY_318].proposal_only_keys:
        assert TOP[key]["quay"].startswith("no: the proposal only"), "%s is proposal-only (profiles.py)" % key


def example_config():
    """A config.yaml made of every example of the page."""
    document = {name: yaml.safe_load(backticked(row["example"]) or "null") for name, row in TOP.items()}
    document["SSO_LOGIN_CONFIG"] = {name: yaml.safe_load(backticked(row["example"]) or "null") for name, row in LOGIN.items()}
    return document


def test_the_examples_together_are_a_valid_config():
    assert problems(example_config()) == []


CONFIG_SNIPPETS = [block for block in docblocks.all_blocks() if block.language == "yaml" and block.text.startswith("# config.yaml")]


def test_config_snippets_were_found():
    assert len(CONFIG_SNIPPETS) >= 5


@pytest.mark.parametrize("block", CONFIG_SNIPPETS, ids=[b.where for b in CONFIG_SNIPPETS])
def test_config_snippet_is_valid(block):
    data = yaml.safe_load(block.text)
    assert problems(data) == [], block.where
    unknown = [key for key in data if key not in KEYS and not key.endswith("_LOGIN_CONFIG")]
    assert not unknown, "%s: keys quayref does not read: %s" % (block.where, unknown)
