# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_startup_token and quay_health_info as a task sees them: the file, the status, the
token, changed, check mode, and the failures; HTTP answered as Quay 3.18 answers (its
recording, test_bootstrap_health.py) by a Quay that rewrites the file when it renews."""

from __future__ import annotations

import io
import json
from urllib.error import HTTPError

import pytest

from ansible_collections.projectquay.oauth.plugins.modules import quay_health_info, quay_startup_token

OLD = 'O' * 40
NEW = 'N' * 40


class StartupQuay:
    """Quay 3.18's renewal: the start-up token in the file renews (live or expired, with the
    local header) and Quay rewrites the file; any other token gets 401; flag off: 405."""

    def __init__(self, path, token=OLD, live=True, flag=True, writes=True):
        self.path, self.token, self.live, self.flag, self.writes = path, token, live, flag, writes
        self.calls = []

    def open(self, method, url, data=None, headers=None, **_kwargs):
        headers = headers or {}
        path = url.split('quay.test', 1)[1]
        self.calls.append((method, path, headers.get('Authorization')))
        bearer = headers.get('Authorization', '')[len('Bearer '):]
        if path == '/health/instance':
            return self._ok({'data': {'services': {'database': True}}, 'status_code': 200})
        if path == '/api/v1/bootstrap/renew' and method == 'POST':
            if not self.flag:
                raise HTTPError(url, 405, 'x', {'Content-Type': 'text/html'}, io.BytesIO(b'<h1>Method Not Allowed</h1>'))
            if bearer != self.token or headers.get('X-Quay-Bootstrap-Renewal-Location') != 'local':
                raise self._error(url, 401, 'Requires valid bootstrap bearer token')
            self.token, self.live = NEW, True
            if self.writes:
                with open(self.path, 'w', encoding='utf-8') as handle:
                    handle.write(json.dumps({'access_token': NEW}))
            return self._ok({'status': 'rotated'})
        if path == '/api/v1/user/' and method == 'GET':
            if bearer == self.token and self.live and self.flag:
                return self._ok({'username': 'quayadmin'})
            raise self._error(url, 401, 'Requires authentication')
        raise self._error(url, 404, 'Not Found')

    @staticmethod
    def _ok(body):
        raw = json.dumps(body).encode('utf-8')
        return type('R', (), {'status': 200, 'headers': {}, 'read': lambda self: raw})()

    @staticmethod
    def _error(url, status, message):
        body = json.dumps({'status': status, 'error_type': 'invalid_token', 'detail': message, 'error_message': message})
        return HTTPError(url, status, 'x', {'Content-Type': 'application/json'}, io.BytesIO(body.encode('utf-8')))


@pytest.fixture
def token_file(tmp_path):
    path = tmp_path / 'bootstrap-token.json'
    path.write_text(json.dumps({'access_token': OLD}))
    return str(path)


@pytest.fixture
def fake(token_file):
    return StartupQuay(token_file)


def test_renew_returns_the_new_token_from_the_file_and_reports_changed(run, fake, token_file):
    result = run(quay_startup_token, {'path': token_file})
    assert (result['failed'], result['changed'], result['status'], result['token']) == (False, True, 'renewed', NEW)
    # The token comes from the file: a quay_token of module_defaults is not sent.
    assert fake.calls == [('POST', '/api/v1/bootstrap/renew', 'Bearer ' + OLD)]


def test_an_expired_start_up_token_renews_too(run, fake, token_file):
    fake.live = False
    assert run(quay_startup_token, {'path': token_file})['status'] == 'renewed'


def test_a_missing_or_foreign_file_is_reported_not_failed(run, fake, tmp_path):
    missing = run(quay_startup_token, {'path': str(tmp_path / 'nope.json')})
    assert (missing['failed'], missing['changed'], missing['status']) == (False, False, 'missing')
    assert missing['cause'] == 'startup_token_missing'
    assert 'token' not in missing and 'nope.json' in missing['reason'] and fake.calls == []


def test_a_token_quay_will_not_renew_is_refused_with_the_reason(run, fake, token_file):
    fake.token = 'someone-else'
    result = run(quay_startup_token, {'path': token_file})
    assert (result['failed'], result['changed'], result['status']) == (False, False, 'refused')
    assert result['cause'] == 'credentials_refused'
    assert 'HTTP 401' in result['reason'] and 'token' not in result and OLD not in json.dumps(result)


def test_with_the_flag_off_the_token_is_refused(run, fake, token_file):
    fake.flag = False
    result = run(quay_startup_token, {'path': token_file})
    assert result['status'] == 'refused' and 'FEATURE_PROGRAMMATIC_BOOTSTRAP is off' in result['reason']
    assert result['cause'] == 'flag_off'


def test_a_renewal_the_file_does_not_show_fails_naming_path(run, fake, token_file):
    fake.writes = False
    result = run(quay_startup_token, {'path': token_file})
    assert result['failed'] and result['option'] == 'path'
    assert 'does not hold the new one' in result['msg'] and 'BOOTSTRAP_TOKEN_PATH' in result['msg']
    assert OLD not in result['msg'] and NEW not in result['msg']


@pytest.mark.parametrize('check_mode, renew', [(True, True), (False, False)])
def test_check_mode_and_renew_false_only_ask_whether_the_token_is_live(run, fake, token_file, check_mode, renew):
    live = run(quay_startup_token, {'path': token_file, 'renew': renew}, check_mode=check_mode)
    assert (live['status'], live['token'], live['changed']) == ('live', OLD, check_mode)
    fake.live = False
    dead = run(quay_startup_token, {'path': token_file, 'renew': renew}, check_mode=check_mode)
    assert (dead['status'], dead['changed']) == ('refused', False) and 'token' not in dead
    assert [call[:2] for call in fake.calls] == [('GET', '/api/v1/user/')] * 2
    assert fake.token == OLD


def test_health_once_and_waiting(run, fake):
    result = run(quay_health_info, {})
    assert (result['failed'], result['changed'], result['healthy'], result['attempts']) == (False, False, True, 1)
    assert result['health']['status_code'] == 200 and fake.calls[0][2] is None
    assert run(quay_health_info, {'wait_timeout': 5, 'wait_delay': 1}, check_mode=True)['healthy'] is True


def test_health_of_a_quay_that_is_not_there(run, fake, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError('connection refused')
    monkeypatch.setattr(fake, 'open', refuse)
    once = run(quay_health_info, {})
    assert (once['failed'], once['healthy'], once['attempts']) == (False, False, 1) and 'cannot reach' in once['reason']
    waited = run(quay_health_info, {'wait_timeout': 1, 'wait_delay': 1})
    assert waited['failed'] and waited['msg'].startswith('Quay at http://quay.test did not answer healthy within wait_timeout=1 s')
    assert waited['cause'] == 'unreachable'


@pytest.mark.parametrize('args, option', [({'wait_timeout': -1}, 'wait_timeout'), ({'wait_delay': 0}, 'wait_delay')])
def test_health_bad_wait_options_fail_naming_them(run, args, option):
    result = run(quay_health_info, args)
    assert result['failed'] and result['option'] == option
