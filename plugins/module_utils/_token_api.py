# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An application's OAuth tokens: list (every page), create, revoke."""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils._answers import already_gone, bearer_accepted, delete_once, require
from ansible_collections.projectquay.oauth.plugins.module_utils._application_api import Applications, looks_like_client_id
from ansible_collections.projectquay.oauth.plugins.module_utils.client import api_path
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError


class Tokens:
    """The token verbs of one organization's applications over one client."""

    def __init__(self, client, organization):
        self.client = client
        self.organization = organization

    def path(self, client_id, uuid=None):
        parts = ['organization', self.organization, 'applications', client_id, 'tokens']
        if uuid is not None:
            parts.append(uuid)
        return api_path(*parts)

    def list(self, application):
        """(client_id, tokens) of an application given by client_id or name, across every page.

        Something shaped like a client_id is tried as one (one request; a 404 then looks it up
        as a name); any other name is resolved in the organization's listing first, so it costs
        that one listing call more, never a 404 round trip.
        """
        if looks_like_client_id(application):
            path = self.path(application)
            try:
                return application, self.client.paginate(path, 'tokens')
            except QuayApiError as exc:
                if not already_gone(exc, path):
                    raise
        client_id = Applications(self.client, self.organization).client_id(application)
        return client_id, self.listed(client_id)

    def listed(self, client_id):
        """Every token of the application ``client_id``, across every page."""
        return self.client.paginate(self.path(client_id), 'tokens')

    def create(self, client_id, name, scopes, expiration=None):
        """Mint a token: the server's answer, which holds its secret (``token``) and ``uuid``."""
        body = {'name': name, 'scope': ' '.join(scopes)}
        if expiration is not None:
            body['expiration'] = expiration
        created = self.client.post(self.path(client_id), body, create=True)
        return require(created, 'POST', self.path(client_id), 'token', 'uuid')

    def revoke(self, client_id, uuid):
        """Revoke one token: True, or False when it was already gone (revoked or expired meanwhile)."""
        return delete_once(self.client, self.path(client_id, uuid))

    def accepts(self, client_id, secret):
        """Whether Quay accepts ``secret`` as a Bearer token: one GET of this listing made with it.

        The listing, not /api/v1/user/: Quay 3.18 answers /user/ 401 to a live token without
        user:read, while the listing answers 401 only to a dead token and 403 to a live one
        without org:admin (recorded in scenario 5a)."""
        path = self.path(client_id)
        try:
            self.client.with_token(secret).get(path)
        except QuayApiError as exc:
            verdict = bearer_accepted(exc)
            if verdict is None:
                raise
            return verdict
        return True
