"""Base tables: namespaces, teams, OAuth applications, sessions, audit log.

Revision ID: 0001_base
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(255), nullable=False, unique=True),
        sa.Column("email", sa.String(255)),
        sa.Column("password_hash", sa.String(255)),
        sa.Column("is_org", sa.Boolean, nullable=False),
        sa.Column("federated_login", sa.String(32)),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.UniqueConstraint("org_id", "name", name="uq_team_org_name"),
    )
    op.create_table(
        "team_member",
        sa.Column("team_id", sa.Integer, sa.ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    )
    op.create_table(
        "oauth_application",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("namespace_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("client_id", sa.String(20), nullable=False, unique=True),
        sa.Column("client_secret_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("redirect_uri", sa.String(255), nullable=False),
        sa.Column("application_uri", sa.String(255), nullable=False),
        sa.Column("avatar_email", sa.String(255)),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("token_serial", sa.Integer, nullable=False),
    )
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lookup", sa.String(20), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "log_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(64), nullable=False, index=True),
        sa.Column("account", sa.String(255), index=True),
        sa.Column("performer", sa.String(255)),
        sa.Column("ip", sa.String(64)),
        sa.Column("datetime", sa.DateTime, nullable=False, index=True),
        sa.Column("metadata_json", sa.Text, nullable=False),
    )


def downgrade():
    for table in ("log_entry", "user_session", "oauth_application", "team_member", "team", "users"):
        op.drop_table(table)
