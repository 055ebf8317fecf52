"""ORM models. Alembic migrations in quayref/migrations own the schema; these mirror it."""

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow():
    """Naive UTC: SQLite keeps no zone, so every timestamp is stored and compared as UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    """A namespace: a user, or an organization when is_org is true (as in Quay)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    email: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_org: Mapped[bool] = mapped_column(Boolean, default=False)
    federated_login: Mapped[str | None] = mapped_column(String(32))
    # Set when an LDAP or OIDC login last qualified through LDAP_SUPERUSER_FILTER or SUPERUSER_GROUP.
    federated_superuser: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Quay's removed_tag_expiration_s; organizations start with DEFAULT_TAG_EXPIRATION.
    tag_expiration_s: Mapped[int] = mapped_column(Integer, default=1209600, server_default=text("1209600"))
    # Quay's sign-in back-off (services/signin_backoff.py): failures since the last success.
    invalid_login_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_invalid_login: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))


class TeamMember(Base):
    __tablename__ = "team_member"

    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class OAuthApplication(Base):
    __tablename__ = "oauth_application"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    namespace_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(20), unique=True)
    client_secret_hash: Mapped[str] = mapped_column(String(64))
    # Fernet under a key derived from SECRET_KEY (quayref.security.sealed); null for rows
    # created before 0006 and for the initialize and start-up applications.
    client_secret_sealed: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    redirect_uri: Mapped[str] = mapped_column(String(255), default="")
    application_uri: Mapped[str] = mapped_column(String(255), default="")
    avatar_email: Mapped[str | None] = mapped_column(String(255))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Bumped by every token creation: the row lock it takes serialises creators of one
    # application, so the token count limit holds under concurrent POSTs.
    token_serial: Mapped[int] = mapped_column(Integer, default=0)

    namespace: Mapped[User] = relationship()


class OAuthAccessToken(Base):
    """One of many tokens of an application (PROJQUAY-9856)."""

    __tablename__ = "oauth_access_token"
    __table_args__ = (Index("ix_oauth_access_token_app_id_id", "application_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("oauth_application.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    scope: Mapped[str] = mapped_column(String(255))
    lookup: Mapped[str] = mapped_column(String(20), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(255))
    last_accessed: Mapped[dt.datetime | None] = mapped_column(DateTime)
    auth_method: Mapped[str] = mapped_column(String(16))

    application: Mapped[OAuthApplication] = relationship()
    user: Mapped[User] = relationship()


class UserSession(Base):
    """A browser-style session: the cookie carries lookup + secret, only the hash is stored."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lookup: Mapped[str] = mapped_column(String(20), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)

    user: Mapped[User | None] = relationship()


IDENTITY_LENGTH = 320


class BootstrapLockout(Base):
    """Failed bootstrap attempts of one identity (method and claimed name); see services/bootstrap/lockout.py."""

    __tablename__ = "bootstrap_lockout"

    identity: Mapped[str] = mapped_column(String(IDENTITY_LENGTH), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[dt.datetime] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LogEntry(Base):
    """An audit row. Names, not foreign keys: a row outlives the namespace it speaks of."""

    __tablename__ = "log_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    account: Mapped[str | None] = mapped_column(String(255), index=True)
    performer: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    datetime: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    metadata_json: Mapped[str] = mapped_column(Text, default="{}")
