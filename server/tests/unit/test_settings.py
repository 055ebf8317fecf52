"""quayref.settings in-process: defaults, computed defaults, one problem line per key, the generated schema."""

import os

import pytest

from quayref.settings import ConfigError, Settings, load_settings


def problems(data):
    with pytest.raises(ConfigError) as caught:
        Settings.from_mapping(data)
    return caught.value.problems


def test_defaults_and_unknown_keys_kept(tmp_path):
    settings = Settings.from_mapping({"SOME_QUAY_KEY": "kept"}, base_dir=str(tmp_path))
    assert settings.SOME_QUAY_KEY == "kept"
    assert settings.OAUTH_TOKEN_DEFAULT_SCOPE == "repo:read" and settings.LDAP_UID_ATTR == "uid"
    assert settings.DB_URI == "sqlite:///" + os.path.join(str(tmp_path), "quayref.db")
    assert settings.BOOTSTRAP_TOKEN_PATH == os.path.join(str(tmp_path), "bootstrap_token")


def test_load_settings_computes_paths_beside_the_file(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("SUPER_USERS: [admin]\nSSO_LOGIN_CONFIG: {OIDC_SERVER: 'https://idp.example.org', SERVICE_NAME: x}\n", encoding="utf-8")
    settings = load_settings(str(path))
    assert settings.BOOTSTRAP_TOKEN_PATH == str(tmp_path / "bootstrap_token")
    login = settings.login_configs["SSO_LOGIN_CONFIG"]
    assert login.PREFERRED_GROUP_CLAIM_NAME == "groups" and login.SERVICE_NAME == "x"


@pytest.mark.parametrize("data, line", [
    ({"FEATURE_PROGRAMMATIC_BOOTSTRAP": "yes"}, "FEATURE_PROGRAMMATIC_BOOTSTRAP: "),
    ({"BOOTSTRAP_TOKEN_EXPIRATION": True}, "BOOTSTRAP_TOKEN_EXPIRATION: "),
    ({"LDAP_BASE_DN": 5}, "LDAP_BASE_DN: "),
    ({"TESTIDP_LOGIN_CONFIG": {"OIDC_SERVER": "ftp://idp"}}, "TESTIDP_LOGIN_CONFIG.OIDC_SERVER: "),
    ({"OAUTH_TOKEN_DEFAULT_EXPIRATION": 100, "OAUTH_TOKEN_MAX_EXPIRATION": 10},
     "OAUTH_TOKEN_DEFAULT_EXPIRATION: 100 is more than OAUTH_TOKEN_MAX_EXPIRATION (10)"),
    ([1], "(top level): "),
])
def test_one_line_per_bad_key(data, line):
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(line), found


def test_schema_is_generated_from_the_model():
    schema = Settings.json_schema()
    assert set(schema["properties"]) == set(Settings.model_fields) - {"LOGIN_CONFIGS"}
    assert "default" not in schema["properties"]["DB_URI"]
    assert schema["properties"]["BOOTSTRAP_LOCKOUT_SECONDS"]["default"] == 60
    assert list(schema["patternProperties"]) == ["^[A-Z0-9_]+_LOGIN_CONFIG$"]
