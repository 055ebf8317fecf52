# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The start-up token and health verbs against Project Quay 3.18's recorded answers, and against
quayref's where the recording has none (its proposal profile, its error body)."""

from __future__ import annotations

import io
import json
from urllib.error import HTTPError

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils._bootstrap_api import (
    LIVE, REFUSED, RENEWED, StartupToken, read_token_file,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._health_api import Health, wait_healthy
from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import BASE_URL, Replay

LOCAL = 'X-Quay-Bootstrap-Renewal-Location'
# The recorded exchanges these tests replay (test_client_replay.py checks that each one of the
# fixture is replayed somewhere).
REPLAYED = ('6a-bootstrap-token#0', '6a-bootstrap-token#7', '6a-bootstrap-token#14', '6a-bootstrap-token#18',
            '6b-bootstrap-expiry#2', '6b-bootstrap-expiry#5', '6b-bootstrap-expiry#7', '6e-flag-false#0', '6e-flag-false#1',
            '8-discovery-user-health#3')


class HeaderBlindReplay(Replay):
    """Replay for exchanges recorded without the local header whose answer does not depend on
    it: the route is not served at all (flag off), or the token is a live one of another
    application (Quay refuses it before it reads the header; quayref's renew.py likewise)."""

    def open(self, method, url, data=None, headers=None, cookies=None, **kwargs):
        headers = dict((name, value) for name, value in (headers or {}).items() if name != LOCAL)
        return super().open(method, url, data=data, headers=headers, cookies=cookies, **kwargs)


def startup(ref, token_placeholder, replay_class=Replay):
    replay = replay_class([ref])
    client = QuayClient(BASE_URL, anonymous=True, request=replay).with_token(replay.value(token_placeholder))
    return replay, StartupToken(client)


def done(replay):
    assert replay.script == [], 'exchanges the verb did not make: %s' % replay.script


# -- the file ------------------------------------------------------------------------------

def test_the_file_quay_writes_gives_its_token(tmp_path):
    path = tmp_path / 'token.json'
    path.write_text('{"access_token": "%s"}' % ('t' * 40))
    assert read_token_file(str(path)) == 't' * 40


@pytest.mark.parametrize('content', [None, '', 'not json', '["access_token"]', '{"access_token": ""}', '{"token": "x"}',
                                     '{"access_token": 5}', b'\xff\xfe', 'x' * 5000])
def test_a_file_that_is_not_quays_gives_no_token(tmp_path, content):
    path = tmp_path / 'token.json'
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    assert read_token_file(str(path)) is None


def test_an_unreadable_file_gives_no_token(tmp_path):
    assert read_token_file(str(tmp_path)) is None


# -- renewal, Quay 3.18 --------------------------------------------------------------------

@pytest.mark.parametrize('ref, placeholder', [('6a-bootstrap-token#18', '<TOKEN:bootstrap-2>'),
                                              ('6b-bootstrap-expiry#5', '<TOKEN:bootstrap-4>')])
def test_quay_renews_a_live_and_an_expired_start_up_token_with_the_local_header(ref, placeholder):
    replay, token = startup(ref, placeholder)
    assert token.renew() == (RENEWED, None)
    done(replay)


def test_a_token_quay_replaced_since_is_refused_with_the_reason():
    replay, token = startup('6b-bootstrap-expiry#7', '<TOKEN:bootstrap-4>')
    status, reason = token.renew()
    assert status == REFUSED
    assert reason.startswith('an old token') and 'HTTP 401: Requires valid bootstrap bearer token' in reason
    done(replay)


def test_a_token_of_another_application_is_refused_as_not_the_start_up_token():
    replay, token = startup('6a-bootstrap-token#7', '<TOKEN:admin-all>', HeaderBlindReplay)
    status, reason = token.renew()
    assert status == REFUSED and 'not the start-up token' in reason and 'HTTP 403' in reason
    done(replay)


def test_with_the_flag_off_quay_has_no_renewal_endpoint():
    replay, token = startup('6e-flag-false#1', '<TOKEN:bootstrap-7>', HeaderBlindReplay)
    status, reason = token.renew()
    assert status == REFUSED and 'FEATURE_PROGRAMMATIC_BOOTSTRAP is off' in reason and 'HTTP 405' in reason
    assert '<' not in reason, 'the HTML page is not the reason: %s' % reason
    done(replay)


# -- accepted as it is (check mode), Quay 3.18 -----------------------------------------------

def test_a_live_start_up_token_is_live():
    replay, token = startup('6a-bootstrap-token#0', '<TOKEN:bootstrap-1>')
    assert token.check() == (LIVE, None)
    done(replay)


@pytest.mark.parametrize('ref, placeholder', [('6b-bootstrap-expiry#2', '<TOKEN:bootstrap-4>'),
                                              ('6a-bootstrap-token#14', '<TOKEN:bootstrap-1>'),
                                              ('6e-flag-false#0', '<TOKEN:bootstrap-7>')])
def test_an_expired_renewed_or_deleted_token_is_refused_without_renewal(ref, placeholder):
    replay, token = startup(ref, placeholder)
    status, reason = token.check()
    assert status == REFUSED and reason.startswith('Quay does not accept it') and 'HTTP 401' in reason
    done(replay)


# -- quayref's answers (proposal profile), and what is no refusal ------------------------------

class Answers:
    """``Request.open`` answering each call with the next (status, body) of ``answers``."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def open(self, method, url, data=None, headers=None, **_kwargs):
        self.calls.append((method, url, dict(headers or {})))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        raw = json.dumps(body).encode('utf-8')
        if status >= 300:
            raise HTTPError(url, status, 'x', {'Content-Type': 'application/json'}, io.BytesIO(raw))
        return type('R', (), {'status': status, 'headers': {}, 'read': lambda self: raw})()


def quayref_error(status, message):
    return status, {'status': status, 'error_type': 'x', 'error_message': message, 'detail': message, 'title': 'x'}


def test_quayref_proposal_refusals_are_refusals():
    # The proposal renews only live start-up tokens (401 for an expired one) and refuses any
    # other token, or any token with the flag off, with 403.
    answers = Answers(quayref_error(401, 'Requires authentication'),
                      quayref_error(403, 'Only the start-up bootstrap token can renew itself'),
                      quayref_error(404, 'Not Found'))
    token = StartupToken(QuayClient(BASE_URL, token='s' * 40, request=answers))
    assert [token.renew()[0], token.renew()[0], token.renew()[0]] == [REFUSED] * 3
    assert all(call[2][LOCAL] == 'local' and call[2]['Authorization'] == 'Bearer ' + 's' * 40 for call in answers.calls)


@pytest.mark.parametrize('answer', [quayref_error(500, 'boom'), quayref_error(400, 'bad'),
                                    OSError('connection refused')])
def test_any_other_answer_fails_and_never_shows_the_token(answer):
    secret = 'S3CRET' * 7
    token = StartupToken(QuayClient(BASE_URL, token=secret, request=Answers(answer, answer)))
    for verb in (token.renew, token.check):
        with pytest.raises(QuayApiError) as info:
            verb()
        assert secret not in str(info.value)


# -- health --------------------------------------------------------------------------------

def test_a_healthy_quay_answers_its_services_without_a_credential():
    replay = Replay(['8-discovery-user-health#3'])
    healthy, body, reason = Health(QuayClient(BASE_URL, anonymous=True, request=replay)).instance()
    assert healthy and body['data']['services']['database'] is True and reason is None
    done(replay)


def test_an_unhealthy_or_unreachable_quay_is_not_healthy_with_the_reason():
    answers = Answers((503, {'data': {'services': {'database': False}}, 'status_code': 503}), OSError('refused'))
    health = Health(QuayClient(BASE_URL, anonymous=True, request=answers))
    first, second = health.instance(), health.instance()
    assert first[0] is False and 'HTTP 503' in first[2]
    assert second[0] is False and 'cannot reach' in second[2]


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class Script:
    def __init__(self, *healthy):
        self.healthy = list(healthy)

    def instance(self):
        ok = self.healthy.pop(0)
        return ok, {'status_code': 200} if ok else None, None if ok else 'GET /health/instance failed with HTTP 503'


def test_waiting_asks_until_healthy_delay_apart():
    clock = Clock()
    assert wait_healthy(Script(False, False, True), 10, 2, clock, clock.sleep) == (True, {'status_code': 200}, 3, None)
    assert clock.sleeps == [2, 2]


def test_waiting_gives_up_at_the_timeout_and_timeout_zero_asks_once():
    clock = Clock()
    healthy, _body, attempts, reason = wait_healthy(Script(*[False] * 10), 5, 2, clock, clock.sleep)
    assert (healthy, attempts, clock.sleeps) == (False, 3, [2, 2]) and 'HTTP 503' in reason
    clock = Clock()
    assert wait_healthy(Script(False), 0, 2, clock, clock.sleep)[:3] == (False, None, 1) and clock.sleeps == []
