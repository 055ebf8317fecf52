# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's main() as Ansible would, with HTTP answered by FakeQuay."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common import warnings as warnings_module
from ansible.module_utils.testing import patch_module_args

from ansible_collections.projectquay.oauth.plugins.module_utils import client as client_module
from ansible_collections.projectquay.oauth.tests.unit.plugins.fakequay import ADMIN_TOKEN, FakeQuay


class _Done(Exception):
    def __init__(self, result):
        super().__init__(result)
        self.result = result


def _exit(self, **kwargs):
    raise _Done(dict(kwargs, failed=False, warnings=list(warnings_module.get_warning_messages())))


def _fail(self, msg, **kwargs):
    raise _Done(dict(kwargs, msg=msg, failed=True))


@pytest.fixture
def fake():
    quay = FakeQuay()
    quay.add_org('org1')
    return quay


@pytest.fixture
def run(fake):
    """run(module, args, check_mode=False, diff=False, auth=None) -> result dict (failed True/False)."""

    def _run(module, args, check_mode=False, diff=False, auth=None):
        params = dict(quay_host='http://quay.test')
        params.update(auth if auth is not None else {'quay_token': ADMIN_TOKEN})
        params.update(args)
        if check_mode:
            params['_ansible_check_mode'] = True
        if diff:
            params['_ansible_diff'] = True
        warnings_module._global_warnings.clear()  # pylint: disable=protected-access
        with patch_module_args(params), \
                patch.object(client_module, 'Request', lambda **kwargs: fake), \
                patch.object(AnsibleModule, 'exit_json', _exit), \
                patch.object(AnsibleModule, 'fail_json', _fail):
            with pytest.raises(_Done) as info:
                module.main()
        return info.value.result

    return _run
