"""Run Alembic migrations programmatically (quayref serve upgrades before it listens)."""

import os

from alembic import command
from alembic.config import Config

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def alembic_config(db_uri):
    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS)
    # ConfigParser interpolation would eat a '%' in a password.
    cfg.set_main_option("sqlalchemy.url", db_uri.replace("%", "%%"))
    return cfg


def upgrade(db_uri, revision="head"):
    command.upgrade(alembic_config(db_uri), revision)
