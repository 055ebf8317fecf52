"""Multiple OAuth access tokens per application (PROJQUAY-9856).

Each token has its own uuid, display name, creator, creation and last-use time,
and the way it was minted (auth_method). Only a hash of its secret half is kept.

Revision ID: 0002_multiple_tokens
Revises: 0001_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_multiple_tokens"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "oauth_access_token",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("oauth_application.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("scope", sa.String(255), nullable=False),
        sa.Column("lookup", sa.String(20), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(255)),
        sa.Column("last_accessed", sa.DateTime),
        sa.Column("auth_method", sa.String(16), nullable=False),
    )
    op.create_index("ix_oauth_access_token_app_id_id", "oauth_access_token", ["application_id", "id"])


def downgrade():
    op.drop_index("ix_oauth_access_token_app_id_id", table_name="oauth_access_token")
    op.drop_table("oauth_access_token")
