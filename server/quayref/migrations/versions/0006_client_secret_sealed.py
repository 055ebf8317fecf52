"""An OAuth application's client_secret, encrypted at rest so org admins can read it back
(Quay's app view shows it on every read).

Rows created before this revision kept only a hash of their secret: it cannot be
recovered, so their client_secret reads as null until POST .../resetclientsecret.

Revision ID: 0006_client_secret_sealed
Revises: 0005_tag_expiration
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_client_secret_sealed"
down_revision = "0005_tag_expiration"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("oauth_application") as batch:
        batch.add_column(sa.Column("client_secret_sealed", sa.Text, nullable=True))


def downgrade():
    with op.batch_alter_table("oauth_application") as batch:
        batch.drop_column("client_secret_sealed")
