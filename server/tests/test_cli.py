"""The quayref command line: config validation names the bad key; users from stdin only."""

import subprocess

import pytest

from quaytest.server import QUAYREF


def run(*args, stdin=None):
    return subprocess.run([QUAYREF, *args], input=stdin, capture_output=True, text=True, check=False)


def write(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_valid_config_with_unknown_keys_is_accepted(tmp_path):
    result = run("config", "validate", write(tmp_path, "SUPER_USERS: [admin]\nSOME_QUAY_KEY: kept\nFEATURE_PROGRAMMATIC_BOOTSTRAP: false\n"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("text, key", [
    ("FEATURE_PROGRAMMATIC_BOOTSTRAP: 'yes'\n", "FEATURE_PROGRAMMATIC_BOOTSTRAP"),
    ("SUPER_USERS: admin\n", "SUPER_USERS"),
    ("OAUTH_TOKEN_DEFAULT_SCOPE: 'repo:read bogus'\n", "OAUTH_TOKEN_DEFAULT_SCOPE"),
    ("OAUTH_TOKEN_MAX_EXPIRATION: 0\n", "OAUTH_TOKEN_MAX_EXPIRATION"),
    ("OAUTH_TOKEN_DEFAULT_EXPIRATION: 100\nOAUTH_TOKEN_MAX_EXPIRATION: 10\n", "OAUTH_TOKEN_DEFAULT_EXPIRATION"),
    ("AUTHENTICATION_TYPE: Kerberos\n", "AUTHENTICATION_TYPE"),
    ("- a list\n", "top level"),
    ("key: [unclosed\n", "not valid YAML"),
])
def test_invalid_config_names_the_key(tmp_path, text, key):
    result = run("config", "validate", write(tmp_path, text))
    assert result.returncode != 0
    assert key in result.stderr


def test_missing_file_is_reported(tmp_path):
    result = run("config", "validate", str(tmp_path / "absent.yaml"))
    assert result.returncode != 0 and "cannot read" in result.stderr


def test_serve_refuses_an_invalid_config(tmp_path):
    result = run("serve", "--config", write(tmp_path, "SUPER_USERS: 5\n"), "--port", "1")
    assert result.returncode == 2 and "SUPER_USERS" in result.stderr


def test_user_create_reads_the_password_from_stdin_only(tmp_path):
    config = write(tmp_path, "SUPER_USERS: [admin]\n")
    assert run("user", "create", "--config", config, "admin", "--email", "a@example.com").returncode == 2
    created = run("user", "create", "--config", config, "admin", "--email", "a@example.com", "--password-stdin", stdin="pw-123\n")
    assert created.returncode == 0, created.stderr
    again = run("user", "create", "--config", config, "admin", "--email", "a@example.com", "--password-stdin", stdin="pw-123\n")
    assert again.returncode == 1 and "already taken" in again.stderr
    assert (tmp_path / "quayref.db").exists()  # SQLite beside the config by default
