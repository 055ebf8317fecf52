# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: connection options, client construction, error reporting."""

from __future__ import annotations

import os
import tempfile

from ansible.module_utils.basic import env_fallback

from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient, api_path
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayError, QuayOptionError

# Names, env variables and default match infra.quay_configuration so that one
# module_defaults block (action group) serves both collections.
CONNECTION_SPEC = dict(
    quay_host=dict(type='str', default='http://127.0.0.1', fallback=(env_fallback, ['QUAY_HOST'])),
    quay_token=dict(type='str', no_log=True, fallback=(env_fallback, ['QUAY_TOKEN'])),
    quay_username=dict(type='str', fallback=(env_fallback, ['QUAY_USERNAME'])),
    quay_password=dict(type='str', no_log=True, fallback=(env_fallback, ['QUAY_PASSWORD'])),
    quay_oidc_token=dict(type='str', no_log=True, fallback=(env_fallback, ['QUAY_OIDC_TOKEN'])),
    validate_certs=dict(type='bool', default=True, aliases=['verify_ssl'], fallback=(env_fallback, ['QUAY_VERIFY_SSL'])),
    ca_path=dict(type='path'),
    timeout=dict(type='int', default=30),
)

CONNECTION_CHECKS = dict(
    required_together=[('quay_username', 'quay_password')],
)


def argument_spec(**module_options):
    spec = dict((key, dict(value)) for key, value in CONNECTION_SPEC.items())
    spec.update(module_options)
    return spec


def client_from_params(params):
    """Build the client; raises QuayOptionError (before any request) on bad connection options."""
    if params['timeout'] is not None and params['timeout'] <= 0:
        raise QuayOptionError('timeout', 'must be a positive number of seconds, got %r' % params['timeout'])
    return QuayClient(
        params['quay_host'],
        token=params['quay_token'],
        username=params['quay_username'],
        password=params['quay_password'],
        oidc_token=params['quay_oidc_token'],
        validate_certs=params['validate_certs'],
        ca_path=params['ca_path'],
        timeout=params['timeout'],
    )


def fail(module, exc, **result):
    """One fail_json per error: the message, plus status/method/path as fields when known."""
    if isinstance(exc, QuayApiError):
        result.update(status=exc.status, method=exc.method, path=exc.path)
    elif getattr(exc, 'option', None):
        result.update(option=exc.option)
    module.fail_json(msg=str(exc), **result)


def run_with_diff(module, run):
    """Run `run(module, client, params) -> (result, before, after)` and exit: the shared
    epilogue of the modules that manage one object and show it before and after."""
    try:
        client = client_from_params(module.params)
        result, before, after = run(module, client, module.params)
    except QuayError as exc:
        fail(module, exc)
    if module._diff:  # pylint: disable=protected-access
        result['diff'] = {'before': before, 'after': after}
    module.exit_json(**result)


def find_applications(client, organization, name):
    """Applications of ``organization`` whose name (or client_id) is ``name``."""
    apps = client.get(api_path('organization', organization, 'applications'))
    if not isinstance(apps, dict) or not isinstance(apps.get('applications'), list):
        raise QuayApiError('GET', api_path('organization', organization, 'applications'),
                           detail='the response has no "applications" list')
    return [app for app in apps['applications'] if name in (app.get('name'), app.get('client_id'))]


def resolve_client_id(client, organization, application):
    """Return the client_id of ``application`` (a client_id or a name); raise if there is not exactly one."""
    matches = find_applications(client, organization, application)
    by_id = [app for app in matches if app.get('client_id') == application]
    if by_id:
        return by_id[0]['client_id']
    if not matches:
        raise QuayError('application: no application with client_id or name %r in organization %r' % (application, organization))
    if len(matches) > 1:
        raise QuayError('application: %d applications are named %r in organization %r; give the client_id instead'
                        % (len(matches), application, organization))
    return matches[0]['client_id']


def list_app_tokens(client, organization, application):
    """Return (client_id, tokens) for an application given by client_id or name.

    The token list is asked for first with ``application`` as a client_id, so
    the common case costs one request; only a 404 leads to looking the name up.
    """
    path = api_path('organization', organization, 'applications', application, 'tokens')
    try:
        return application, client.paginate(path, 'tokens')
    except QuayApiError as exc:
        if exc.status != 404:
            raise
    client_id = resolve_client_id(client, organization, application)
    return client_id, client.paginate(api_path('organization', organization, 'applications', client_id, 'tokens'), 'tokens')


def tokens_path(organization, client_id, uuid=None):
    parts = ['organization', organization, 'applications', client_id, 'tokens']
    if uuid is not None:
        parts.append(uuid)
    return api_path(*parts)


def write_secret_file(dest, secret):
    """Write ``secret`` to ``dest`` atomically with mode 0600.

    mkstemp creates the file 0600 in the target directory, so the secret is
    never readable by others, and os.replace makes the switch atomic: a reader
    sees the old secret or the new one, never half of one.
    """
    directory = os.path.dirname(os.path.abspath(dest))
    handle, temp = tempfile.mkstemp(prefix='.quay-oauth-', dir=directory)
    try:
        with os.fdopen(handle, 'w') as stream:
            stream.write(secret + '\n')
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, dest)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def check_dest(dest):
    """Fail before any request if ``dest`` cannot receive a secret; return True if it holds none yet."""
    if not dest:
        return False
    directory = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(directory):
        raise QuayOptionError('dest', 'directory %s does not exist' % directory)
    if not os.access(directory, os.W_OK):
        raise QuayOptionError('dest', 'directory %s is not writable' % directory)
    if os.path.isdir(dest):
        raise QuayOptionError('dest', '%s is a directory' % dest)
    return not os.path.exists(dest) or os.path.getsize(dest) == 0
