# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quay's organizations: get, create, update, delete, each with its path, body and accepted answers."""

from __future__ import annotations

from ansible_collections.projectquay.oauth.plugins.module_utils._answers import absent_is_none, already_exists, delete_once, require
from ansible_collections.projectquay.oauth.plugins.module_utils.client import api_path
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import QuayApiError


class Organizations:
    """The organization verbs over one client."""

    def __init__(self, client):
        self.client = client

    @staticmethod
    def path(name):
        return api_path('organization', name)

    def get(self, name):
        """The organization's view, or None if there is none of that name."""
        path = self.path(name)
        found = absent_is_none(self.client.get, path)
        return None if found is None else require(found, 'GET', path)

    def create(self, name, email=None, exist_ok=False):
        """Create the organization: True when created, False when the name was taken and
        ``exist_ok`` (the server says so the same way for a user of that name)."""
        body = {'name': name}
        if email:
            body['email'] = email
        try:
            self.client.post(api_path('organization', trailing_slash=True), body, create=True)
        except QuayApiError as exc:
            if exist_ok and already_exists(exc):
                return False
            raise
        return True

    def update(self, name, email):
        """Set the organization's email (the one field this collection manages)."""
        return self.client.put(self.path(name), {'email': email})

    def delete(self, name):
        """Delete it with everything in it: True, or False when it was already gone."""
        return delete_once(self.client, self.path(name))
