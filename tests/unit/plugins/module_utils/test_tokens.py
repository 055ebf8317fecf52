# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils.durations import parse_duration, parse_timestamp
from ansible_collections.projectquay.oauth.plugins.module_utils.tokens import (
    CREATE, FAIL, KEEP, NO_SECRET, REPLACE, plan_present, public_view, select_tokens, split_scopes, token_diff,
)

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z
DAY = 86400


def tok(uuid, name='ci', scope='repo:read repo:write', expires_in=30 * DAY, created='2026-11-01T00:00:00Z'):
    expires = None
    if expires_in is not None:
        expires = datetime.datetime.fromtimestamp(NOW + expires_in, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    return {'uuid': uuid, 'name': name, 'scope': scope, 'expires_at': expires,
            'created': created, 'created_by': 'admin', 'last_accessed': None, 'auth_method': 'oauth',
            'token': 'NEVER-SHOWN'}


@pytest.mark.parametrize('value, seconds', [
    (3600, 3600), ('3600', 3600), ('15m', 900), ('12h', 43200), ('30d', 2592000), ('1w', 604800), (' 2h ', 7200), ('0', 0),
])
def test_durations(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize('value', ['30x', 'd', '1.5h', '-1', True, None, '', '1h30m'])
def test_bad_durations_are_refused(value):
    with pytest.raises(ValueError):
        parse_duration(value)


@pytest.mark.parametrize('value, seconds', [
    # Quay 3.18: isoformat() of naive UTC plus "Z", 6-digit microseconds, the fraction dropped when zero.
    ('2027-01-15T08:00:00.123456Z', NOW + 0.123456),
    ('2027-01-15T08:00:00Z', NOW),
    ('2027-01-15T08:00:00', NOW),
    ('2027-01-15T09:30:00+01:30', NOW),
    (None, None),
])
def test_timestamps_as_quay_writes_them(value, seconds):
    assert parse_timestamp(value) == pytest.approx(seconds) if seconds else parse_timestamp(value) is None


@pytest.mark.parametrize('value', ['garbage', '', 'Fri, 15 Jan 2027 08:00:00 -0000', '2027-13-01T00:00:00Z', 1800000000])
def test_a_time_that_is_not_iso_8601_is_refused_showing_it(value):
    with pytest.raises(ValueError) as info:
        parse_timestamp(value)
    assert repr(value) in str(info.value)


def test_scopes_split_on_spaces_and_commas_and_deduplicate_in_order():
    assert split_scopes(['repo:write, repo:read', 'repo:write']) == ['repo:write', 'repo:read']
    assert split_scopes('a b,c') == ['a', 'b', 'c']


# (description, tokens, kwargs, expected action, expected revoked uuids, kept uuid)
TABLE = [
    ('none of that name: create', [tok('u1', name='other')], {}, CREATE, [], None),
    ('match, scopes in another order: keep', [tok('u1')], {'scopes': ['repo:write', 'repo:read']}, KEEP, [], 'u1'),
    ('no scopes asked: any scopes do', [tok('u1', scope='org:admin')], {'scopes': None}, KEEP, [], 'u1'),
    ('scopes differ: replace', [tok('u1')], {'scopes': ['repo:read']}, REPLACE, ['u1'], None),
    ('scopes differ, never: fail', [tok('u1')], {'scopes': ['repo:read'], 'recreate': 'never'}, FAIL, [], None),
    ('match, never: keep', [tok('u1')], {'recreate': 'never'}, KEEP, [], 'u1'),
    ('match, always: replace', [tok('u1')], {'recreate': 'always'}, REPLACE, ['u1'], None),
    ('expires within renew_before: replace', [tok('u1', expires_in=DAY)], {'renew_before': 2 * DAY}, REPLACE, ['u1'], None),
    ('expires after renew_before: keep', [tok('u1', expires_in=3 * DAY)], {'renew_before': 2 * DAY}, KEEP, [], 'u1'),
    ('never expires: keep', [tok('u1', expires_in=None)], {'renew_before': 365 * DAY}, KEEP, [], 'u1'),
    ('dest empty: replace', [tok('u1')], {'dest_problem': NO_SECRET}, REPLACE, ['u1'], None),
    ('dest empty, never: fail', [tok('u1')], {'dest_problem': NO_SECRET, 'recreate': 'never'}, FAIL, [], None),
    ('duplicates, one good: keep the newest good one',
     [tok('old', created='2026-01-01T00:00:00Z'), tok('new', created='2026-06-01T00:00:00Z'), tok('bad', scope='x')],
     {}, KEEP, [], 'new'),
    ('duplicates, none good: replace all', [tok('u1', scope='x'), tok('u2', scope='y')], {}, REPLACE, ['u1', 'u2'], None),
    ('uuid narrows: other names ignored', [tok('u1'), tok('u2')], {'uuid': 'u2'}, KEEP, [], 'u2'),
    ('uuid narrows a replace to that token', [tok('u1', scope='x'), tok('u2', scope='x')],
     {'uuid': 'u2'}, REPLACE, ['u2'], None),
    ('uuid not found: fail', [tok('u1')], {'uuid': 'nope'}, FAIL, [], None),
    ('stored uuid live: keep that one, not the newest',
     [tok('mine', created='2026-01-01T00:00:00Z'), tok('newer', created='2026-06-01T00:00:00Z')],
     {'stored_uuid': 'mine'}, KEEP, [], 'mine'),
    ('stored uuid gone, a same-named one live: replace all', [tok('other')], {'stored_uuid': 'mine'},
     REPLACE, ['other'], None),
    ('stored uuid gone, none of the name: create', [], {'stored_uuid': 'mine'}, CREATE, [], None),
    ('stored uuid live with other scopes: replace', [tok('mine', scope='x')], {'stored_uuid': 'mine'},
     REPLACE, ['mine'], None),
    ('stored uuid gone, never: fail', [tok('other')], {'stored_uuid': 'mine', 'recreate': 'never'}, FAIL, [], None),
]


@pytest.mark.parametrize('desc, tokens, kwargs, action, revoked, kept', TABLE, ids=[row[0] for row in TABLE])
def test_present_decision_table(desc, tokens, kwargs, action, revoked, kept):
    args = dict(scopes=['repo:read', 'repo:write'], renew_before=0, now=NOW, recreate='state_change')
    args.update(kwargs)
    plan = plan_present(tokens, 'ci', **args)
    assert plan.action == action, plan
    assert sorted(t['uuid'] for t in plan.revoke) == sorted(revoked)
    assert (plan.keep or {}).get('uuid') == kept
    assert plan.changed == (action in (CREATE, REPLACE))


def test_failure_reasons_say_what_is_wrong_and_which_option_forbids_the_fix():
    plan = plan_present([tok('u1')], 'ci', scopes=['repo:read'], now=NOW, recreate='never')
    assert 'recreate=never' in plan.reason and 'repo:read' in plan.reason
    plan = plan_present([tok('u1')], 'ci', uuid='nope', now=NOW)
    assert plan.reason.startswith('uuid:')


def test_a_stored_token_that_is_gone_is_the_reason_given():
    plan = plan_present([tok('other')], 'ci', scopes=['repo:read', 'repo:write'], now=NOW, stored_uuid='mine')
    assert plan.reason == 'the stored token mine is no longer live'
    plan = plan_present([], 'ci', now=NOW, stored_uuid='mine')
    assert plan.reason == "the stored token mine is no longer live and no token named 'ci' exists"


def test_select_tokens_by_name_or_uuid():
    tokens = [tok('u1'), tok('u2', name='x'), tok('u3')]
    assert [t['uuid'] for t in select_tokens(tokens, name='ci')] == ['u1', 'u3']
    assert [t['uuid'] for t in select_tokens(tokens, uuid='u2')] == ['u2']
    assert [t['uuid'] for t in select_tokens(tokens, name='ci', uuid='u2')] == []


def test_views_and_diffs_never_carry_the_secret():
    view = public_view(tok('u1'))
    assert 'token' not in view and view['uuid'] == 'u1'
    diff = token_diff([tok('u2'), tok('u1')], [])
    assert 'NEVER-SHOWN' not in repr(diff)
    assert [t['uuid'] for t in diff['before']['tokens']] == ['u1', 'u2']
