"""Remember that a federated user (LDAP, OIDC) qualified as a superuser at its last login.

Quay treats a user matched by LDAP_SUPERUSER_FILTER (or in an OIDC SUPERUSER_GROUP) as a
superuser everywhere, not only while it signs in; the flag carries that to its tokens.

Revision ID: 0004_federated_superuser
Revises: 0003_bootstrap_lockout
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_federated_superuser"
down_revision = "0003_bootstrap_lockout"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("federated_superuser", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("federated_superuser")
