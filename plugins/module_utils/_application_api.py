# -*- coding: utf-8 -*-
# Copyright: (c) 2026, projectquay.oauth contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An organization's OAuth applications: list, create, update, delete, and finding one by name."""

from __future__ import annotations

import re

from ansible_collections.projectquay.oauth.plugins.module_utils._answers import (
    already_gone, delete_once, may_hide_absence, require, require_list,
)
from ansible_collections.projectquay.oauth.plugins.module_utils._organization_api import Organizations
from ansible_collections.projectquay.oauth.plugins.module_utils.client import api_path
from ansible_collections.projectquay.oauth.plugins.module_utils.errors import (
    QuayApiError, QuayError, QuayNotYet, QuayOptionError, QuayOrganizationMissing, QuayReadRefused,
)

# The fields of an application besides its name, all free text that Quay stores as given.
FIELDS = ('description', 'redirect_uri', 'application_uri', 'avatar_email')

_CLIENT_ID = re.compile(r'^[A-Za-z0-9]{20}$')


def looks_like_client_id(value):
    """Quay's client_ids are 20 letters and digits; a name of another shape cannot be one."""
    return bool(_CLIENT_ID.match(value or ''))


class Applications:
    """The application verbs of one organization over one client."""

    def __init__(self, client, organization):
        self.client = client
        self.organization = organization

    def path(self, *more):
        return api_path('organization', self.organization, 'applications', *more)

    def list(self):
        """Every application of the organization (Quay lists them on one page)."""
        path = self.path()
        try:
            body = self.client.get(path)
        except QuayReadRefused:
            raise
        except QuayApiError as exc:
            if self._organization_missing(exc, path):
                raise QuayOrganizationMissing(exc, self.organization) from None
            raise
        return require_list(body, 'GET', path, 'applications')

    def _organization_missing(self, exc, path):
        if already_gone(exc, path):
            return True
        if not may_hide_absence(exc, path):
            return False
        try:
            return Organizations(self.client).get(self.organization) is None
        except QuayError:
            return False

    def named(self, name):
        """Applications whose name is ``name`` (Quay does not keep names unique)."""
        return [app for app in self.list() if app.get('name') == name]

    def find(self, application):
        """Applications whose name or client_id is ``application``."""
        return [app for app in self.list() if application in (app.get('name'), app.get('client_id'))]

    def client_id(self, application):
        """The client_id of ``application`` (a client_id or a name); raise unless exactly one matches."""
        matches = self.find(application)
        by_id = [app for app in matches if app.get('client_id') == application]
        if by_id:
            return by_id[0]['client_id']
        if not matches:
            raise QuayNotYet('application', 'no application with client_id or name %r in organization %r: create it '
                             'first (projectquay.oauth.quay_oauth_application) or correct application'
                             % (application, self.organization),
                             'application %r does not exist yet in organization %r' % (application, self.organization))
        if len(matches) > 1:
            raise QuayOptionError('application', '%d applications are named %r in organization %r; give the client_id '
                                  'instead' % (len(matches), application, self.organization))
        return matches[0]['client_id']

    def create(self, name, fields):
        """Create an application: the server's view of it, with client_id (and client_secret)."""
        created = self.client.post(self.path(), dict(fields, name=name), create=True)
        return require(created, 'POST', self.path(), 'client_id')

    def update(self, client_id, app):
        """Write ``app`` (name and FIELDS): Quay's update takes the whole application, not a patch,
        so an unset field is sent empty. The server's view, or None when it sent none."""
        body = dict((key, app.get(key) or '') for key in ('name',) + FIELDS)
        updated = self.client.put(self.path(client_id), body)
        return updated if isinstance(updated, dict) and updated.get('client_id') else None

    def delete(self, client_id):
        """Delete the application and its tokens: True, or False when it was already gone."""
        return delete_once(self.client, self.path(client_id))
