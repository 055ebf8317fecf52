#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start or stop a real, seeded slapd (quaytest.slapd) detached, for molecule and demos.

    scripts/run-slapd.py start STATE_DIR   -> STATE_DIR/slapd.json: uri, passwords, Quay's LDAP keys
    scripts/run-slapd.py stop STATE_DIR
"""

import sys

import _detached  # pylint: disable=import-error
from quaytest import slapd


def describe(server):
    return {
        "uri": server.uri,
        "superuser": slapd.SUPERUSER,
        "plain_user": slapd.PLAIN_USER,
        "passwords": server.passwords,
        "quay_config": server.quay_config(),
    }


if __name__ == "__main__":
    sys.exit(_detached.main("slapd", __file__, slapd.SlapdServer, describe))
