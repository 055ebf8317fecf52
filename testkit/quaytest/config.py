"""quayref's config.yaml for tests, demos and benchmarks: one composition, every caller's overrides on top."""

import os

import yaml

ADMIN = "admin"
ADMIN_PASSWORD = "correct horse battery staple"
SECRET_KEY = "test-secret-key"


def compose(workdir, **overrides):
    """The base config every quayref under test starts from (superuser `admin`, audit file in `workdir`).

    A key given as None is left out, so a caller can drop a base key."""
    config = {
        "SUPER_USERS": [ADMIN],
        "SECRET_KEY": SECRET_KEY,
        "AUDIT_LOG_PATH": os.path.join(workdir, "audit.jsonl"),
    }
    config.update(overrides)
    return {key: value for key, value in config.items() if value is not None}


def write(path, config):
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle)
