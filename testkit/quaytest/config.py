"""quayref's config.yaml for tests, demos and benchmarks: one composition, every caller's overrides on top."""

import os
import secrets

import yaml

ADMIN = "admin"
# The pytest suites' admin password; the servers of `python -m quaytest up` get new_password() instead.
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


def new_password(user):
    """A fresh password for `user` on a server that outlives the caller (its state.json keeps it)."""
    return "%s-%s" % (user, secrets.token_urlsafe(12))


def write(path, config, header=None):
    """config.yaml at `path`, owner-only (it may hold passwords); `header` becomes comment lines on top."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        for line in (header or "").splitlines():
            handle.write("# %s\n" % line if line else "#\n")
        yaml.safe_dump(config, handle)
