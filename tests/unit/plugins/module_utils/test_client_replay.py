# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential rule as a table against Project Quay 3.18's recorded answers.

Each row: the credentials given and the calls a module makes -> the exchanges the client
must make, in order (each checked against the recorded request: method, path, query, body,
Authorization, X-CSRF-Token, Content-Type, session cookie), and what each call returns or
the one-line error it raises, and what close() (the sign-out) says.
"""

from __future__ import annotations

import collections

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError, QuayReadRefused
from ansible_collections.projectquay.oauth.tests.unit.plugins.fixtures.extract_quay318 import BEARER_SCENARIOS, bearer_single
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import (
    BASE_URL, EXCHANGES, ORGOWNER, RIGHT, WRONG, Replay,
)

SCENARIOS = dict((ref.split('#')[0].split('-')[0], ref.split('#')[0]) for ref in EXCHANGES)


def x(short, index):
    """x('4c', 5) -> '4c-tokens-other-credentials#5'."""
    return '%s#%d' % (SCENARIOS[short], index)


ADMIN = dict(username='quayadmin', password=RIGHT)
ADMIN_WRONG = dict(username='quayadmin', password=WRONG)
TOKEN = dict(token='<TOKEN:admin-all>')
UNKNOWN_BEARER = 'NOTAREALTOKEN0000000000000000000000000000'
# The sign-out was recorded in scenario 1; its CSRF placeholder is the session's rotated one.
SIGNOUT = x('1', 11)
OK = 'the recorded answer'
CSRF_403 = 'failed with HTTP 403: CSRF token was invalid or missing'
TOKENS_1 = '/api/v1/organization/platform/applications/<CLIENT_ID:1>/tokens'

Row = collections.namedtuple('Row', 'name creds calls served outcomes closed alias given loose')


def row(name, creds, calls, served, outcomes, closed=None, alias=None, given=None, loose=()):
    return Row(name, creds, calls, served, outcomes, closed, alias or {}, given or {}, loose)


def read(ref):
    return (ref, 'read')


def create(ref):
    return (ref, 'create')


def pages(ref):
    return (ref, 'paginate')


ROWS = [
    # -- quay_username / quay_password: a session, with the CSRF token sign-in rotates to -------
    row('password: a read signs in for a session, then close() signs out with the rotated CSRF token',
        ADMIN, [read(x('4c', 5))], [x('4c', 0), x('4c', 1), x('4c', 5), SIGNOUT], [OK],
        alias={'<CSRF:3>': '<CSRF:7>'}),
    row('password: a token create and a delete go over the session with X-Next-CSRF-Token, no HTTP Basic',
        ADMIN, [create(x('4c', 2)), read(x('4c', 8))], [x('4c', 0), x('4c', 1), x('4c', 2), x('4c', 8), SIGNOUT], [OK, None],
        alias={'<CSRF:3>': '<CSRF:7>'}),
    row('password: one sign-in serves every call of a run (creates, delete), one sign-out at the end',
        ADMIN, [create(x('1', 6)), create(x('1', 7)), read(x('1', 9))],
        [x('1', 0), x('1', 2), x('1', 6), x('1', 7), x('1', 9), SIGNOUT], [OK, OK, None]),
    row('password of a non-superuser org admin: its creates work, a scope beyond its rights is a real 403',
        dict(username='orgowner', password=ORGOWNER),
        [create(x('5b', 3)), create(x('5b', 4)), create(x('5b', 5)), create(x('5b', 6))],
        [x('5b', 1), x('5b', 2), x('5b', 3), x('5b', 4), x('5b', 5), x('5b', 6), SIGNOUT],
        [OK, OK, OK,
         'POST /api/v1/organization/userorg/applications/<CLIENT_ID:5>/tokens failed with HTTP 403 '
         '(insufficient_scope): Unauthorized. User orgowner lacks the rights this call needs'],
        alias={'<CSRF:3>': '<CSRF:9>'}),
    row('wrong password: the read names the failed sign-in; a create then tries HTTP Basic, which Quay ignores',
        ADMIN_WRONG, [read(x('4c', 5)), create(x('4c', 12))], [x('1b', 0), x('7', 16), x('4c', 12)],
        ['quay_password: POST /api/v1/signin failed with HTTP 403: Invalid Username or Password. '
         'Sign-in for a session failed: check quay_username and quay_password',
         'POST %s %s. This Quay has no Basic bootstrap; sign-in for a session failed: Invalid Username or Password'
         % (TOKENS_1, CSRF_403)],
        alias={'<CSRF:10>': '<CSRF:4>'}),
    row('throttled sign-in (429 text/html, Retry-After): said as such, and Basic gets no further on Quay',
        ADMIN, [create(x('4c', 9))], [x('1b', 0), x('7', 17), x('4c', 9)],
        ['POST %s %s. This Quay has no Basic bootstrap; sign-in for a session failed: Too many login attempts. Please '
         'reset your Quay password and try again. (Retry-After: 0 s) (Quay throttles sign-in after a failed one)'
         % (TOKENS_1, CSRF_403)],
        alias={'<CSRF:10>': '<CSRF:4>'}),

    # -- quay_token: Bearer on every call, no CSRF, nothing else tried --------------------------
    row('token: create, list, delete; Quay answers 200, the list, 204',
        TOKEN, [create(x('4a', 0)), read(x('4a', 22)), read(x('4a', 24)), read(x('7', 18))],
        [x('4a', 0), x('4a', 22), x('4a', 24), x('7', 18)], [OK, OK, None, OK]),
    row('token: every 4xx shape of the token API becomes one line with the server\'s message',
        TOKEN, [create(x('4a', 1)), create(x('4a', 3)), create(x('4a', 5)), create(x('4a', 6)), create(x('4a', 8)),
                create(x('4a', 10)), read(x('4a', 30)), read(x('4a', 36))],
        [x('4a', 1), x('4a', 3), x('4a', 5), x('4a', 6), x('4a', 8), x('4a', 10), x('4a', 30), x('4a', 36)],
        ["POST %s failed with HTTP 400 (invalid_request): 'scope' is a required property" % TOKENS_1,
         'POST %s failed with HTTP 400: Invalid scope: repo:fly' % TOKENS_1,
         "POST %s failed with HTTP 400 (invalid_request): name: '' is too short" % TOKENS_1,
         "POST %s failed with HTTP 400: 'name' must not be empty" % TOKENS_1,
         'POST %s failed with HTTP 400 (invalid_request): expiration: 0 is less than the minimum of 1' % TOKENS_1,
         "POST %s failed with HTTP 400 (invalid_request): expiration: '3600' is not of type 'number'" % TOKENS_1,
         'GET /api/v1/organization/platform/applications/NOSUCHCLIENTID0000000/tokens failed with HTTP 404 '
         '(not_found): Not Found',
         'PUT %s failed with HTTP 405: The method is not allowed for the requested URL' % TOKENS_1]),
    row('unknown token: GET 401, POST 403 CSRF (Quay takes it for no credential); hints say so',
        dict(token=UNKNOWN_BEARER), [read(x('5a', 0)), create(x('5a', 1))], [x('5a', 0), x('5a', 1)],
        ['GET %s failed with HTTP 401 (invalid_token): Requires authentication. quay_token is invalid, revoked or expired'
         % TOKENS_1,
         'POST %s %s. Quay answers a token it does not know (invalid, revoked or expired) as if none was sent: '
         'quay_token is not valid' % (TOKENS_1, CSRF_403)]),
    row('token without org:admin: 403 insufficient_scope, with a hint about scopes',
        dict(token='<TOKEN_SECRET:15>'), [create(x('5a', 13)), read(x('5a', 14))], [x('5a', 13), x('5a', 14)],
        ['POST %s failed with HTTP 403 (insufficient_scope): Unauthorized. The token lacks a scope or a right this call '
         'needs' % TOKENS_1,
         'DELETE %s/<UUID:64> failed with HTTP 403 (insufficient_scope): Unauthorized. The token lacks a scope or a right '
         'this call needs' % TOKENS_1]),
    row('organization and application calls: 201 "Created", 400 already exists, 400 namespace, 404, 204',
        TOKEN, [create(x('2', 0)), create(x('2', 1)), create(x('2', 3)), read(x('2', 17)), read(x('2', 16)),
                create(x('3', 0)), read(x('3', 4))],
        [x('2', 0), x('2', 1), x('2', 3), x('2', 17), x('2', 16), x('3', 0), x('3', 4)],
        [OK, 'POST /api/v1/organization/ failed with HTTP 400 (invalid_request): A user or organization with this name '
             'already exists',
         'POST /api/v1/organization/ failed with HTTP 400 (invalid_request): Invalid namespace Bad Name!: Namespace must '
         'match expression ^([a-z0-9]+(?:[._-][a-z0-9]+)*)$',
         'GET /api/v1/organization/doomed failed with HTTP 404 (not_found): Not Found', None, OK, OK]),
    row('schema failures inside a property name it; HTML answers say they are not the API',
        TOKEN, [read(x('2', 10)), read(x('2', 11)), create(x('4a', 34)), read(x('4a', 38))],
        [x('2', 10), x('2', 11), x('4a', 34), x('4a', 38)],
        ['PUT /api/v1/organization/platform failed with HTTP 400 (invalid_request): tag_expiration_s: -1 is less than '
         'the minimum of 0',
         "PUT /api/v1/organization/platform failed with HTTP 400 (invalid_request): tag_expiration_s: '1d' is not of "
         "type 'integer'",
         'POST /api/v1/organization/platform/application/<CLIENT_ID:1>/tokens failed with HTTP 405: 405 Method Not '
         'Allowed: The method is not allowed for the requested URL',
         'GET %s/ failed with HTTP 404: an HTML page, not an answer of the Quay API. Check quay_host: it must be the address of Quay itself' % TOKENS_1]),

    # -- paging: bounded ---------------------------------------------------------------------
    row('paging follows next_page to the last page (2 kept of 50, then 3)',
        TOKEN, [pages(x('4b', 2))], [x('4b', 2), x('4b', 3)], [5]),
    row('a next_page Quay cannot read brings the first page back: a repeated uuid ends the loop with an error',
        TOKEN, [pages(x('4b', 2))], [x('4b', 2), x('4b', 7)],
        ['GET /api/v1/organization/platform/applications/<CLIENT_ID:4>/tokens failed: page 2 lists <UUID:10> again, '
         'which an earlier page listed: the server did not follow next_page'],
        alias={'<CURSOR:1-with-last-4-characters-replaced-by-AAAA>': '<CURSOR:1>'}),

    # -- quay_oidc_token: every call until refused, then the session -------------------------
    row('a JWT Quay does not take (no configured issuer) plus a password: refused once per kind, then the session',
        dict(oidc_token=UNKNOWN_BEARER, username='quayadmin', password=RIGHT), [read(x('4c', 5)), create(x('4c', 2))],
        [x('5a', 0), x('4c', 0), x('4c', 1), x('4c', 5), x('5a', 1), x('4c', 2), SIGNOUT], [OK, OK],
        alias={'<CSRF:3>': '<CSRF:7>'}, loose=[x('5a', 1)]),
    row('a JWT alone that Quay does not take: the read is refused, naming quay_oidc_token and what to add',
        dict(oidc_token=UNKNOWN_BEARER), [read(x('5a', 0)), create(x('5a', 1))], [x('5a', 0), x('5a', 1)],
        ['quay_oidc_token: GET %s failed with HTTP 401 (invalid_token): Requires authentication. quay_oidc_token was '
         "refused for reading (quayref's proposal profile accepts it on create calls only); add quay_token, or "
         'quay_username and quay_password, to read' % TOKENS_1,
         'POST %s %s. Quay took quay_oidc_token for no credential (it accepts a JWT only from an issuer in its '
         '*_LOGIN_CONFIG)' % (TOKENS_1, CSRF_403)]),
]


def play(spec):
    replay = Replay(spec.served, alias=spec.alias, given=spec.given, loose_body=spec.loose)
    creds = dict((key, replay.fill(value)) for key, value in spec.creds.items())
    client = QuayClient(BASE_URL, request=replay, **creds)
    outcomes = []
    for ref, kind in spec.calls:
        method, path, body, query = replay.call(ref)
        try:
            if kind == 'paginate':
                outcomes.append(len(client.paginate(path, 'tokens')))
            else:
                outcomes.append(client.request(method, path, body=body, query=query, create=kind == 'create'))
        except QuayApiError as exc:
            outcomes.append(exc)
    return replay, client, outcomes, client.close()


@pytest.mark.parametrize('spec', ROWS, ids=[spec.name for spec in ROWS])
def test_credential_table_against_quay_318(spec):
    replay, client, outcomes, closed = play(spec)
    assert replay.script == [], 'exchanges the client did not make: %s' % replay.script
    for (ref, _kind), wanted, got in zip(spec.calls, spec.outcomes, outcomes):
        if wanted == OK:
            assert got == replay.fill(EXCHANGES[ref]['response']['body'])
        elif isinstance(wanted, str):
            assert isinstance(got, QuayApiError), got
            assert str(got) == replay.fill(wanted)
        else:
            assert got == wanted
    assert closed == spec.closed
    for secret in (RIGHT, WRONG, ORGOWNER, replay.fill('<TOKEN:admin-all>'), replay.fill('<BASIC:quayadmin:right>')):
        assert all(secret not in str(outcome) for outcome in outcomes)


SINGLES = sorted(ref for ref, exchange in EXCHANGES.items()
                 if ref.split('#')[0] in BEARER_SCENARIOS and bearer_single(exchange))
CREATE_PATHS = ('/api/v1/organization/', '/applications', '/tokens')


@pytest.mark.parametrize('ref', SINGLES)
def test_each_bearer_exchange_goes_out_as_recorded_and_its_answer_comes_back(ref):
    """quay_token: the recorded request exactly (one Bearer header, no CSRF, no cookie), and the
    recorded answer: the body on success, else one line with method, path, status and message."""
    replay = Replay([ref])
    method, path, body, query = replay.call(ref)
    token = replay.fill(EXCHANGES[ref]['request']['headers']['Authorization'].split(' ', 1)[1])
    client = QuayClient(BASE_URL, token=token, request=replay)
    answer = EXCHANGES[ref]['response']
    create = method == 'POST' and path.endswith(CREATE_PATHS)
    if answer['status'] < 300:
        assert client.request(method, path, body=body, query=query, create=create) == (replay.fill(answer['body']) or None)
    else:
        with pytest.raises(QuayApiError) as info:
            client.request(method, path, body=body, query=query, create=create)
        text = str(info.value)
        assert info.value.status == answer['status'] and '\n' not in text and token not in text
        assert text.startswith('%s %s failed with HTTP %d' % (method, path, answer['status']))
    assert replay.script == [] and client.close() is None


def test_a_read_refused_for_every_credential_that_may_still_create_is_a_read_refusal():
    _replay, _client, outcomes, _closed = play(ROWS[4])
    assert isinstance(outcomes[0], QuayReadRefused) and outcomes[0].option == 'quay_password'
    assert not isinstance(outcomes[1], QuayReadRefused)


def test_every_exchange_of_the_fixture_is_served_by_a_row_or_the_message_table():
    from ansible_collections.projectquay.oauth.tests.unit.plugins.module_utils.test_bootstrap_health import REPLAYED
    from ansible_collections.projectquay.oauth.tests.unit.plugins.module_utils.test_messages import MESSAGES

    used = set(ref for spec in ROWS for ref in spec.served) | set(MESSAGES) | set(SINGLES) | set(REPLAYED)
    assert sorted(set(EXCHANGES) - used) == []
