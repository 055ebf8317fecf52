#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start or stop a real OpenID provider (quaytest.oidc_provider) detached, for molecule and demos.

    scripts/run-oidc.py start STATE_DIR   -> STATE_DIR/oidc.json: issuer, audience, client secrets,
                                              and the *_LOGIN_CONFIG block for Quay's config.yaml
    scripts/run-oidc.py stop STATE_DIR

A caller gets a JWT from the real token endpoint with the client_credentials
grant: POST {issuer}/token, HTTP Basic client_id:secret,
grant_type=client_credentials&scope=quay&resource={audience}.
"""

import sys

import _detached  # pylint: disable=import-error
from quaytest import oidc_provider


def describe(provider):
    return {
        "issuer": provider.issuer,
        "token_endpoint": provider.issuer + "/token",
        "audience": provider.audience,
        # Qualifies by name (put it in SUPER_USERS) and by group, respectively.
        "superuser_client": "quay-bootstrap-svc",
        "group_client": "ci-robot",
        "secrets": provider.secrets,
        "login_config": {
            "OIDC_SERVER": provider.issuer + "/",
            "CLIENT_ID": "quayref",
            "CLIENT_SECRET": "unused-for-bootstrap",
            "OIDC_AUDIENCES": [provider.audience],
            "SUPERUSER_GROUP": oidc_provider.SUPERUSER_GROUP,
            "PREFERRED_GROUP_CLAIM_NAME": oidc_provider.GROUP_CLAIM,
            "SERVICE_NAME": "Test IdP",
        },
    }


if __name__ == "__main__":
    sys.exit(_detached.main("oidc", __file__, oidc_provider.OIDCProvider, describe))
