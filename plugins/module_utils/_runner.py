# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running a module: build the client, do the work, sign out, and end in one result or one failure."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.projectquay.oauth.plugins.module_utils._arguments import argument_spec, connection_checks
from ansible_collections.projectquay.oauth.plugins.module_utils._causes import failure
from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayError, QuayOptionError


def client_from_params(params, credentials_optional=False, credential=True):
    """Build the client; raises QuayOptionError (before any request) on bad connection options.
    ``credentials_optional``: a client without any credential option is built too (its calls fail
    naming the options), for a module that can read with a credential of its own. Without
    ``credential`` the client sends none (the credential options are not read)."""
    if params['timeout'] is not None and params['timeout'] <= 0:
        raise QuayOptionError('timeout', 'must be a positive number of seconds, got %r' % params['timeout'])
    if not credential:
        return QuayClient(params['quay_host'], validate_certs=params['validate_certs'], ca_path=params['ca_path'],
                          timeout=params['timeout'], anonymous=True)
    return QuayClient(
        params['quay_host'],
        token=params['quay_token'],
        username=params['quay_username'],
        password=params['quay_password'],
        oidc_token=params['quay_oidc_token'],
        validate_certs=params['validate_certs'],
        ca_path=params['ca_path'],
        timeout=params['timeout'],
        require_credentials=not credentials_optional,
    )


def error_fields(exc):
    """status/method/path of a failed call, and the option at fault, as fields of the failure."""
    fields = {}
    if isinstance(exc, QuayApiError):
        fields.update(status=exc.status, method=exc.method, path=exc.path)
    if getattr(exc, 'option', None):
        fields.update(option=exc.option)
    return fields


def fail(module, exc, **result):
    """One fail_json per error: the message led by its cause, plus cause, retry_after (when the
    server says how long a lockout lasts) and status/method/path as fields when known."""
    message, fields = failure(exc, module.params)
    module.fail_json(msg=message, **dict(result, **dict(error_fields(exc), **fields)))


def run_module(options, work, diff=False, credentials_optional_with=None, credential=True, **checks):
    """The one epilogue of every module. It builds the AnsibleModule from the connection options
    plus ``options`` (check mode supported, ``checks`` added to the connection's), then the client,
    calls ``work(module, client, params)``, signs the session out (also after a failure) and
    exits with the result or the error. A failed sign-out becomes a warning; it never hides the
    run's own error. With ``diff``, ``work`` returns (result, before, after), and diff mode
    shows before and after; otherwise it returns the result. ``credentials_optional_with`` names
    a bool option of the module that, when true, lets it run without a credential option. Without
    ``credential`` the client sends no credential (``work`` may make one that sends a token of its
    own, with_token)."""
    module = AnsibleModule(argument_spec=argument_spec(**options), supports_check_mode=True,
                           **connection_checks(**checks))
    client = None
    outcome = None
    try:
        optional = bool(credentials_optional_with and module.params.get(credentials_optional_with))
        client = client_from_params(module.params, credentials_optional=optional, credential=credential)
        outcome = work(module, client, module.params)
        if diff:
            outcome, before, after = outcome
            if module._diff:  # pylint: disable=protected-access
                outcome['diff'] = {'before': before, 'after': after}
    except QuayError as exc:
        outcome = exc
    finally:
        problem = client.close() if client is not None else None
        if problem:
            module.warn('Signing out of the Quay session failed: %s' % problem)
    if isinstance(outcome, QuayError):
        fail(module, outcome)
    module.exit_json(**outcome)
