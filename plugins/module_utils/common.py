# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: connection options, client construction, error reporting."""

from __future__ import annotations

import os
import re
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

_CLIENT_ID = re.compile(r'^[A-Za-z0-9]{20}$')

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
    module.fail_json(msg=str(exc), **dict(result, **error_fields(exc)))


def error_fields(exc):
    fields = {}
    if isinstance(exc, QuayApiError):
        fields.update(status=exc.status, method=exc.method, path=exc.path)
    if getattr(exc, 'option', None):
        fields.update(option=exc.option)
    return fields


def run_module(module, work):
    """The shared runner of every module: build the client, ``work(module, client, params) ->
    result``, then sign the session out (also after a failure) and exit with the result or
    the error. A failed sign-out becomes a warning; it never hides the run's own error."""
    client = None
    outcome = None
    try:
        client = client_from_params(module.params)
        outcome = work(module, client, module.params)
    except QuayError as exc:
        outcome = exc
    finally:
        problem = client.close() if client is not None else None
        if problem:
            module.warn('Signing out of the Quay session failed: %s' % problem)
    if isinstance(outcome, QuayError):
        fail(module, outcome)
    module.exit_json(**outcome)


def run_with_diff(module, run):
    """run_module for the modules that manage one object: ``run(module, client, params) ->
    (result, before, after)``, the diff shown in diff mode."""
    def work(module, client, params):
        result, before, after = run(module, client, params)
        if module._diff:  # pylint: disable=protected-access
            result['diff'] = {'before': before, 'after': after}
        return result
    run_module(module, work)


def list_applications(client, organization):
    path = api_path('organization', organization, 'applications')
    apps = client.get(path)
    if not isinstance(apps, dict) or not isinstance(apps.get('applications'), list):
        raise QuayApiError('GET', path, detail='the response has no "applications" list')
    return apps['applications']


def find_applications(client, organization, name):
    """Applications of ``organization`` whose name (or client_id) is ``name``."""
    return [app for app in list_applications(client, organization) if name in (app.get('name'), app.get('client_id'))]


def resolve_client_id(client, organization, application):
    """Return the client_id of ``application`` (a client_id or a name); raise if there is not exactly one."""
    matches = find_applications(client, organization, application)
    by_id = [app for app in matches if app.get('client_id') == application]
    if by_id:
        return by_id[0]['client_id']
    if not matches:
        raise QuayOptionError('application', 'no application with client_id or name %r in organization %r' % (application, organization))
    if len(matches) > 1:
        raise QuayOptionError('application', '%d applications are named %r in organization %r; give the client_id instead'
                              % (len(matches), application, organization))
    return matches[0]['client_id']


def looks_like_client_id(value):
    """Quay's client_ids are 20 letters and digits; a name of another shape cannot be one."""
    return bool(_CLIENT_ID.match(value or ''))


def list_app_tokens(client, organization, application):
    """Return (client_id, tokens) for an application given by client_id or name.

    Something shaped like a client_id is tried as one (one request; a 404 then looks it up
    as a name); any other name is resolved in the organization's listing first, so it costs
    that one listing call more, never a 404 round trip.
    """
    if looks_like_client_id(application):
        path = tokens_path(organization, application)
        try:
            return application, client.paginate(path, 'tokens')
        except QuayApiError as exc:
            if not exc.not_found(path):
                raise
    client_id = resolve_client_id(client, organization, application)
    return client_id, client.paginate(tokens_path(organization, client_id), 'tokens')


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
