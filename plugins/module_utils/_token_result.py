# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""quay_oauth_token's result: the token metadata it returns, its diff, and the prediction of
check mode on a Quay that lacks the organization or the application."""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils._stored_token import dest_after, dest_before
from ansible_collections.projectquay.oauth.plugins.module_utils.tokens import token_diff

METADATA = ('uuid', 'name', 'scope', 'expires_at', 'created', 'created_by', 'auth_method')


def metadata(view):
    return dict((key, view.get(key)) for key in METADATA)


def predicted(name, scopes):
    """The metadata of a token check mode predicts: only what the run knows, the rest null."""
    new = dict((key, None) for key in METADATA)
    new.update(name=name, scope=' '.join(scopes) if scopes else None)
    return new


def with_diff(module, result, params, before_tokens, after_tokens, before_dest, after_dest):
    if module._diff:  # pylint: disable=protected-access
        result['diff'] = token_diff(before_tokens, after_tokens)
        if params['dest']:
            result['diff']['before']['dest'] = before_dest
            result['diff']['after']['dest'] = after_dest
    return result


def not_yet(module, params, checked, missing):
    """Check mode on a Quay that lacks the organization or the application (an earlier task of the
    play creates it): the token is predicted, as a run after that task would create it."""
    new = predicted(params['name'], checked['scopes'])
    result = dict(changed=True, revoked=[], token_kept=False, reason=missing.reason, **new)
    after_dest = dest_after(params, None) if params['dest'] else None
    return with_diff(module, result, params, [], [new], dest_before(params, checked['stored']), after_dest)
