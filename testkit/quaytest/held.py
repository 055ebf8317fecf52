"""What `python -m quaytest _hold NAME` holds open: slapd or the OpenID provider, and how each is described in NAME.json."""


def _describe_slapd(server):
    from quaytest import slapd  # pylint: disable=import-outside-toplevel

    return {"uri": server.uri, "superuser": slapd.SUPERUSER, "plain_user": slapd.PLAIN_USER,
            "passwords": server.passwords, "quay_config": server.quay_config()}


def _describe_oidc(provider):
    from quaytest import oidc_provider  # pylint: disable=import-outside-toplevel

    return {
        "issuer": provider.issuer,
        "token_endpoint": provider.issuer + "/token",
        "audience": provider.audience,
        # Qualifies by name (in SUPER_USERS) and by group, respectively.
        "superuser_client": "quay-bootstrap-svc",
        "group_client": "ci-robot",
        "secrets": provider.secrets,
        "login_config": oidc_provider.login_config(provider),
    }


def make(name):
    """The context manager of `name` (slapd or oidc) and the function that describes it running."""
    if name == "slapd":
        from quaytest.slapd import SlapdServer  # pylint: disable=import-outside-toplevel
        return SlapdServer(), _describe_slapd
    from quaytest.oidc_provider import OIDCProvider  # pylint: disable=import-outside-toplevel
    return OIDCProvider(), _describe_oidc
