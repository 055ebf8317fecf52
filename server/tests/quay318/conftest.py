"""The quay-3.18 resource tests' app (one per module, as theirs alone) and its signed-in admin.

Other quay-3.18 tests name their own apps (`quay`), with the config their subject needs."""

import pytest
from resources_helpers import quay_app

from quaytest.api import Setup, signed_in


@pytest.fixture(scope="module")
def server(shared_app_factory):
    return quay_app(shared_app_factory)


@pytest.fixture(scope="module")
def admin(server):
    client = signed_in(server)
    yield client
    client.close()


@pytest.fixture
def setup(admin):
    return Setup(admin)
