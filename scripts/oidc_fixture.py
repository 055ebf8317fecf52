#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Keep a real OpenID provider and a quayref server that trusts it running until SIGTERM.

    oidc_fixture.py --dir DIR --vars FILE --ready FILE

Uses the project's quaytest.oidc_provider (panva's oidc-provider on
Node, installed with npm ci on first use). The server has
FEATURE_PROGRAMMATIC_BOOTSTRAP on and the provider as TESTIDP_LOGIN_CONFIG;
the client ``quay-bootstrap-svc`` is a superuser by name. The vars file gets
the server's connection facts (prefix quay_oidc_) and the client credentials,
so a test fetches a fresh JWT itself; ``--ready`` is written when all is up.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--dir', required=True)
    parser.add_argument('--vars', required=True)
    parser.add_argument('--ready', required=True)
    args = parser.parse_args(argv)
    server = _load('quayref_server', os.path.join(HERE, 'quayref_server.py'))
    from quaytest import oidc_provider as support  # pylint: disable=import-outside-toplevel
    stop = []
    signal.signal(signal.SIGTERM, lambda *_args: stop.append(True))
    with support.OIDCProvider() as provider:
        client_id = 'quay-bootstrap-svc'
        login = {'OIDC_SERVER': provider.issuer + '/', 'CLIENT_ID': 'quayref', 'CLIENT_SECRET': 'unused-for-bootstrap',
                 'OIDC_AUDIENCES': [support.AUDIENCE]}
        state = server.start(args.dir, True, extra={'TESTIDP_LOGIN_CONFIG': login}, super_users=('admin', client_id))
        try:
            server.write_vars(state, args.vars, 'quay_oidc_')
            with open(args.vars, 'a', encoding='utf-8') as stream:
                for key, value in (('token_url', provider.issuer + '/token'), ('client_id', client_id),
                                   ('client_secret', provider.secrets[client_id]), ('audience', support.AUDIENCE)):
                    stream.write('quay_oidc_%s: %s\n' % (key, json.dumps(value)))
            with open(args.ready, 'w', encoding='utf-8') as stream:
                stream.write('ready\n')
            while not stop:
                signal.pause()
        finally:
            server.stop(args.dir)
    return 0


if __name__ == '__main__':
    sys.exit(main())
