"""Bootstrap authentication lockout: failed attempts per identity, shared by all workers.

Revision ID: 0003_bootstrap_lockout
Revises: 0002_multiple_tokens
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_bootstrap_lockout"
down_revision = "0002_multiple_tokens"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bootstrap_lockout",
        sa.Column("identity", sa.String(320), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure", sa.DateTime, nullable=False),
        sa.Column("locked_until", sa.DateTime),
    )


def downgrade():
    op.drop_table("bootstrap_lockout")
