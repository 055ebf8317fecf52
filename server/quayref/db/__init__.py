"""Engine and session factory for SQLite (default) or PostgreSQL."""

from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker


def make_engine(settings):
    uri = settings.DB_URI
    if uri.startswith("sqlite"):
        # timeout is SQLite's busy timeout: writers from other workers wait instead of failing.
        # A pool as large as the server's concurrency: overflow connections would be opened
        # (three PRAGMAs each) and closed on every burst.
        engine = create_engine(uri, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=20, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(uri, pool_size=settings.DB_POOL_SIZE, max_overflow=10, pool_pre_ping=True)


def make_sessionmaker(engine):
    return sessionmaker(bind=engine, expire_on_commit=False)
