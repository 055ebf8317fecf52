"""Fixtures for the bootstrap-authentication tests: a real slapd and a real OpenID provider."""

from bootstrap_support import support_oidc, support_slapd

# Re-exported so that pytest finds the session fixtures.
slapd_server = support_slapd.slapd_server
oidc_provider = support_oidc.oidc_provider
