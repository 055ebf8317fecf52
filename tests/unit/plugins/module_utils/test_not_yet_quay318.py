# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A missing organization in Project Quay 3.18's recorded answers: what check mode predicts from,
and what is still a refusal (a 403 of an organization that exists)."""

from __future__ import annotations

import pytest

from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import Applications
from ansible_collections.projectquay.oauth.plugins.module_utils._token_api import Tokens
from ansible_collections.projectquay.oauth.plugins.module_utils.client import QuayClient
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import (
    NOT_YET, QuayApiError, QuayOrganizationMissing,
)
from ansible_collections.projectquay.oauth.tests.unit.plugins.replay import BASE_URL, Replay


def replayed(*refs):
    replay = Replay(refs)
    return replay, QuayClient(BASE_URL, token=replay.fill('<TOKEN:admin-all>'), request=replay)


def test_the_applications_of_a_missing_organization_are_its_absence():
    replay, client = replayed('3-applications#13')
    with pytest.raises(QuayOrganizationMissing) as info:
        Applications(client, 'nosuchorg').list()
    assert replay.script == []
    assert info.value.option == 'organization' and info.value.status == 404
    assert info.value.reason == "organization 'nosuchorg' does not exist yet"
    assert str(info.value).startswith('GET /api/v1/organization/nosuchorg/applications failed with HTTP 404')
    assert 'create it first (projectquay.oauth.quay_organization)' in str(info.value)


def test_the_tokens_of_a_client_id_in_a_missing_organization_end_at_its_absence():
    replay, client = replayed('4a-tokens-bearer#32', '3-applications#13')
    with pytest.raises(NOT_YET) as info:
        Tokens(client, 'nosuchorg').list(replay.fill('<CLIENT_ID:1>'))
    assert replay.script == [] and info.value.reason == "organization 'nosuchorg' does not exist yet"


def test_a_403_of_an_organization_whose_view_answers_is_the_refusal_not_an_absence():
    # A superuser that is no member, FEATURE_SUPERUSERS_FULL_ACCESS false: the organization exists.
    replay = Replay(['5d-superuser-nonmember-fullaccess-false#1', '5d-superuser-nonmember-fullaccess-false#0'])
    client = QuayClient(BASE_URL, token=replay.fill('<TOKEN:admin-all>'), request=replay)
    with pytest.raises(QuayApiError) as info:
        Applications(client, 'userorg').list()
    assert replay.script == []
    assert not isinstance(info.value, NOT_YET) and info.value.status == 403
