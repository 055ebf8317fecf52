"""Quay 3.18's start-up bootstrap token (BOOTSTRAP_TOKEN_OWNER / BOOTSTRAP_TOKEN_PATH)."""


def reconcile(config, make_session):  # pylint: disable=unused-argument
    """Called by `quayref serve` after migrations; not implemented yet."""
    return None
