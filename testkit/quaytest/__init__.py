"""Test support for projectquay.oauth: the one way to start quayref, slapd, an OpenID provider and PostgreSQL."""
