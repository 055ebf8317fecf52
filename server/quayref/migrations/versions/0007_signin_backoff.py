"""Failed sign-ins per user, for Quay's sign-in back-off (QUAYREF_PROFILE quay-3.18).

Kept on the user row, as Quay does, so that every worker sees the same count.

Revision ID: 0007_signin_backoff
Revises: 0006_client_secret_sealed
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_signin_backoff"
down_revision = "0006_client_secret_sealed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("invalid_login_attempts", sa.Integer, nullable=False, server_default=sa.text("0")))
        batch.add_column(sa.Column("last_invalid_login", sa.DateTime, nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_invalid_login")
        batch.drop_column("invalid_login_attempts")
