"""An organization's tag expiration in seconds (Quay's removed_tag_expiration_s).

Existing namespaces get Quay's default, two weeks (1209600 s); new organizations get
DEFAULT_TAG_EXPIRATION from the config.

Revision ID: 0005_tag_expiration
Revises: 0004_federated_superuser
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_tag_expiration"
down_revision = "0004_federated_superuser"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("tag_expiration_s", sa.Integer, nullable=False, server_default=sa.text("1209600")))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("tag_expiration_s")
