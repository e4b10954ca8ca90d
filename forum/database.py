"""How the forum uses its database: SQLite's settings, and who takes its write lock when.

SQLite lets one connection write at a time. A request that will write takes the write
lock when its first statement runs (``BEGIN IMMEDIATE``), so that everything it reads
before writing (the rules a comment must meet, a repeat, slow mode) stays true until it
commits, and so that a second writer waits for the lock (``busy_timeout``) instead of
failing halfway with "database is locked". Which transactions take it:

- in a request whose method changes things (anything but GET, HEAD and OPTIONS), and
  in the few GET endpoints that write (``WRITING_GETS``);
- outside requests: commands, migrations and scripts.

Every other transaction begins deferred (``BEGIN``) and only reads; with the write-ahead
log, readers never wait for a writer. Writers hold the lock as briefly as they can:

- a request that reads a good deal before it writes (posting a comment) calls
  :func:`read_first`, reads beside other writers, then :func:`start_writing`;
- a request that has nothing more to write (it shows a form again) calls
  :func:`end_writes`, so the page it renders does not hold the lock.

A writer that still finds the lock taken after the busy timeout raises an
``OperationalError`` that :func:`is_busy` recognises; forum/errors.py answers it with
503 and ``Retry-After``. PostgreSQL needs none of this: it locks rows, not the database.
"""

import sqlite3
import time
from functools import partial

import sqlalchemy as sa
from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from forum.extensions import db

# How long a writer waits for SQLite's write lock, unless SQLITE_BUSY_TIMEOUT_MS says.
DEFAULT_BUSY_TIMEOUT_MS = 5000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# GET endpoints that write: signing in with a provider makes the account on its way back.
WRITING_GETS = frozenset({"social.callback"})
# PostgreSQL's "try again" answers: serialization failure, deadlock, lock not available.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# How often a writer looks again for the write lock while another holds it. SQLite's own
# busy handler sleeps 1, 2, 5, 10… ms between looks, which leaves a worker idle for
# milliseconds after the lock is free; a post holds it for about 3 ms.
LOCK_POLL_SECONDS = 0.0005
# Statistics for SQLite's query planner. Without them it may find a guest's earlier
# comments by reading the whole discussion, or every approved comment, instead of by
# their email. ANALYZE reads at most ANALYSIS_LIMIT rows of each index, so it takes
# milliseconds whatever the size; PRAGMA optimize redoes it when tables have grown.
ANALYSIS_LIMIT = 1000
OPTIMIZE_EVERY_SECONDS = 3600


def init_app(app: Flask) -> None:
    """Tune each SQLite engine of this app: its settings, and how its transactions begin."""
    busy_timeout_ms = int(app.config.get("SQLITE_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite" and engine.dialect.driver == "pysqlite":
            event.listen(engine, "connect", partial(_tune_sqlite, busy_timeout_ms=busy_timeout_ms))
            event.listen(engine, "begin", partial(_begin, busy_timeout_ms=busy_timeout_ms))


def _tune_sqlite(dbapi_connection, connection_record, busy_timeout_ms: int) -> None:
    """Turn on WAL, foreign keys, planner statistics and a busy timeout; leave BEGIN to us.

    sqlite3 would otherwise begin a transaction only before its first INSERT, UPDATE or
    DELETE (SQLAlchemy's documented recipe for SQLite transactions switches that off).
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    cursor.execute("PRAGMA busy_timeout=0")
    _gather_statistics(cursor)
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.close()
    connection_record.info["optimized_at"] = time.monotonic()


def _gather_statistics(cursor: sqlite3.Cursor) -> None:
    """Analyse the tables that have no statistics yet (empty ones stay without: it is quick).

    Runs without a busy timeout, so a new connection never waits for another writer:
    if one holds the lock, the next connection tries again.
    """
    try:
        for table in _tables_without_statistics(cursor):
            cursor.execute(f'ANALYZE "{table}"')
    except sqlite3.OperationalError as error:
        if not _sqlite_busy(error):
            raise


def _tables_without_statistics(cursor: sqlite3.Cursor) -> list[str]:
    """Return the names of the tables ANALYZE has not described (all of them, at first)."""
    tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    has_statistics = cursor.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).fetchone()
    if has_statistics:
        tables += " AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
    return [name for (name,) in cursor.execute(tables).fetchall()]


def _begin(connection: sa.Connection, busy_timeout_ms: int) -> None:
    """Begin a transaction: with the write lock if it will write, deferred if it only reads.

    Sent through the driver, as psycopg sends PostgreSQL's BEGIN, so that counting a
    page's statements gives the same number on both databases. A failure is wrapped as
    SQLAlchemy wraps any other ("database is locked": ``OperationalError``).
    """
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return  # Asked for no transaction (PRAGMA wal_checkpoint, VACUUM).
    driver_connection = connection.connection.dbapi_connection
    if driver_connection.isolation_level is not None:
        # SQLAlchemy hands sqlite3 its BEGIN again when it resets a pooled connection's
        # isolation level (after AUTOCOMMIT); no transaction is open at this point.
        driver_connection.isolation_level = None
    writes = takes_write_lock()
    try:
        if writes:
            _take_write_lock(driver_connection, busy_timeout_ms)
            _optimize_now_and_then(driver_connection, connection.connection.info)
        else:
            driver_connection.execute("BEGIN")
    except sqlite3.Error as error:
        statement = "BEGIN IMMEDIATE" if writes else "BEGIN"
        raise DBAPIError.instance(statement, (), error, sqlite3.Error) from error


def _optimize_now_and_then(driver_connection: sqlite3.Connection, info: dict) -> None:
    """Once an hour per connection, holding the write lock, let SQLite refresh its statistics.

    ``PRAGMA optimize`` does nothing unless the tables this connection used have
    changed enough since they were last analysed.
    """
    now = time.monotonic()
    if now - info.get("optimized_at", now) < OPTIMIZE_EVERY_SECONDS:
        return
    info["optimized_at"] = now
    driver_connection.execute("PRAGMA optimize")


def _take_write_lock(driver_connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """Begin with the write lock, looking again every ``LOCK_POLL_SECONDS`` until the timeout.

    :raises sqlite3.OperationalError: "database is locked" once the busy timeout has passed.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    driver_connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                driver_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _sqlite_busy(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(LOCK_POLL_SECONDS)
    finally:
        driver_connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")


def takes_write_lock() -> bool:
    """Whether a transaction beginning now should take SQLite's write lock at once."""
    if not has_request_context():
        return True
    if g.get("database_reads_only"):
        return False
    return request.method not in SAFE_METHODS or request.endpoint in WRITING_GETS


def read_first() -> None:
    """Let this request read before it writes, without the write lock, until :func:`start_writing`.

    Until then it must only read: loading what it needs and checking the form's shape
    then happens beside other writers instead of one after another.
    """
    g.database_reads_only = True


def start_writing() -> None:
    """End this request's reading, keeping the rows it loaded; the next statement takes the lock.

    The rows stay as they were read, a moment before: what must not change between the
    check and the write is checked again inside the write transaction.

    :raises RuntimeError: if anything waits to be saved (ending the reading would commit it).
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("start_writing() would commit changes made while only reading.")
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    g.database_reads_only = False


def end_writes() -> None:
    """Roll back what this request has not committed; from now on it only reads.

    Its next transactions begin deferred, so rendering a page after a refusal never
    holds SQLite's write lock. A request that has only read so far (:func:`read_first`)
    keeps its transaction and the rows it loaded. On PostgreSQL, only the rollback.
    """
    if not g.get("database_reads_only"):
        db.session.rollback()
    g.database_reads_only = True


def lock_row(model, row_id: int) -> None:
    """Hold one row against other writers until the transaction ends.

    On PostgreSQL, ``SELECT … FOR NO KEY UPDATE``: concurrent writers to the same row
    queue here, so what one checked before writing still holds when it writes. SQLite
    needs nothing: the write transaction already holds the whole database.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return
    query = sa.select(model.id).where(model.id == row_id).with_for_update(key_share=True)
    db.session.execute(query)


def is_busy(error: DBAPIError) -> bool:
    """Whether a database error means "others hold the lock: try again in a moment"."""
    cause = error.orig
    if isinstance(cause, sqlite3.Error):
        return _sqlite_busy(cause)
    return getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


def _sqlite_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite said another connection holds the lock (SQLITE_BUSY)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_BUSY
    message = str(error).lower()
    return "database is locked" in message or "database is busy" in message
