"""Posting while others write: the write lock, a busy database, and concurrent writers.

SQLite allows one writer at a time (forum/database.py). A post renders its comment
before its first query, runs in one transaction, waits its turn for the lock, and
answers 503 with its text kept when it waited too long; nothing is lost or posted
twice when two people post at once.
"""

import logging
import sqlite3
import threading
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import g

from forum import database, markup
from forum.comments.services import CommentPolicy, Guest, post_comment
from forum.comments.views import BUSY_MESSAGE
from forum.extensions import db
from forum.models import Comment, Proposition, Workstream
from tests.comments.support import comment_box, error_summary, guest, open_form, text
from tests.conftest import count_queries, csrf_from, sign_in

SQLITE_ONLY = pytest.mark.parametrize("app", ["sqlite"], indirect=True)
SHORT_WAIT = pytest.mark.parametrize("app_config", [{"SQLITE_BUSY_TIMEOUT_MS": 200}], indirect=True)


def database_file(app) -> str:
    """Return the path of the app's SQLite database file."""
    return sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database


class HeldWriteLock:
    """Hold SQLite's write lock from a second connection, as another process would."""

    def __init__(self, app):
        self.connection = sqlite3.connect(database_file(app), isolation_level=None)

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.connection.execute("ROLLBACK")
        self.connection.close()


def approved_comment(
    app, proposition_id: int, body: str = "The first comment.", email: str = "sam@example.org"
) -> int:
    """Publish a guest's comment on a proposition and return its id."""
    with app.app_context():
        proposition = db.session.get(Proposition, proposition_id)
        comment = post_comment(
            proposition,
            body,
            CommentPolicy(hold_first_guest=False),
            guest=Guest("Sam Early", email),
        )
        db.session.commit()
        return comment.id


def stored(app, proposition_id: int) -> SimpleNamespace:
    """Return the proposition's comments' bodies and paths, and its and its workstream's totals."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Comment.body, Comment.path).where(Comment.proposition_id == proposition_id)
        ).all()
        proposition = db.session.get(Proposition, proposition_id)
        workstream = db.session.get(Workstream, proposition.workstream_id)
        return SimpleNamespace(
            bodies=[row.body for row in rows],
            paths=[row.path for row in rows],
            proposition_count=proposition.comment_count,
            workstream_count=workstream.comment_count,
        )


@pytest.fixture
def timeline(app, monkeypatch):
    """Record, in order, each comment rendered and each transaction begun ("read" or "write").

    A "write" transaction takes SQLite's write lock as it begins (forum/database.py).
    """
    events: list[str] = []
    render = markup.render_comment

    def recording_render(*args, **kwargs):
        """Render as usual, noting when."""
        events.append("render")
        return render(*args, **kwargs)

    def record_begin(connection):
        """Note a transaction beginning, and whether it takes the write lock."""
        events.append("write" if database.takes_write_lock() else "read")

    monkeypatch.setattr(markup, "render_comment", recording_render)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "begin", record_begin)
    yield events
    sa.event.remove(engine, "begin", record_begin)


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True}], indirect=True)
@pytest.mark.parametrize("who", ["guest", "participant"])
def test_a_post_renders_first_then_runs_in_one_transaction(app, client, site, timeline, who):
    if who == "participant":
        sign_in(client, site.participant)
    token = open_form(client, site.prop_a_url)
    timeline.clear()
    data = guest() if who == "guest" else {"body": "I agree."}
    response = client.post(site.prop_a_post, data={"csrf_token": token, **data})
    assert response.status_code == 303
    # Rendered first; the proposition, the person, the form and the settings are read
    # beside other writers; the rules, the saving and the redirect to the comment's page
    # run in one write transaction.
    assert timeline == ["render", "read", "write"]
    assert stored(app, site.prop_a_id).bodies == ["I agree."]


def test_a_form_with_mistakes_never_takes_the_write_lock(app, client, site, timeline):
    token = open_form(client, site.prop_a_url)
    timeline.clear()
    response = client.post(site.prop_a_post, data={"csrf_token": token, **guest(name="")})
    assert response.status_code == 422
    assert "Enter your name." in error_summary(text(response))
    assert timeline == ["render", "read"]


def test_a_refused_comment_gives_up_the_write_lock_before_its_page_is_rendered(
    app, client, site, timeline
):
    token = open_form(client, site.prop_a_url)
    client.post(site.prop_a_post, data={"csrf_token": token, **guest()})
    timeline.clear()
    response = client.post(site.prop_a_post, data={"csrf_token": token, **guest()})
    assert response.status_code == 422
    assert "You posted this same comment" in error_summary(text(response))[0]
    assert timeline == ["render", "read", "write", "read"]


def test_which_transactions_take_the_write_lock(app):
    with app.app_context():
        assert database.takes_write_lock()  # Commands, migrations and scripts.
    for method, expected in (("GET", False), ("HEAD", False), ("POST", True), ("DELETE", True)):
        with app.test_request_context("/", method=method):
            assert database.takes_write_lock() is expected
    with app.test_request_context("/", method="POST"):
        database.end_writes()
        assert not database.takes_write_lock()
        assert g.database_reads_only
    with app.test_request_context("/", method="POST"):
        database.read_first()
        assert not database.takes_write_lock()
        database.start_writing()
        assert database.takes_write_lock()
    with app.test_request_context("/auth/github/callback"):
        assert database.takes_write_lock()  # Signing in with a provider makes the account.


def sqlite_settings(app) -> tuple:
    """Return a connection's journal mode, synchronous level, busy timeout and foreign keys."""
    with app.app_context(), db.engine.connect() as connection:
        return tuple(
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
        )


def test_starting_to_write_refuses_to_commit_what_was_changed_while_reading(app, site):
    with app.test_request_context("/", method="POST"):
        database.read_first()
        db.session.get(Proposition, site.prop_a_id).title = "Changed while only reading"
        with pytest.raises(RuntimeError):
            database.start_writing()
        db.session.rollback()


def statements_for_post(app, client, page_url: str, action_url: str, body: str) -> int:
    """Post a guest's comment and return how many SQL statements the post ran."""
    token = open_form(client, page_url)
    with count_queries(app) as statements:
        response = client.post(action_url, data={"csrf_token": token, **guest(body=body)})
    assert response.status_code == 303
    return len(statements)


def test_posting_runs_as_many_statements_whatever_the_discussion_size(app, client, site):
    for n in range(60):
        approved_comment(app, site.prop_b_id, f"Comment number {n}.")
    small = statements_for_post(app, client, site.prop_a_url, site.prop_a_post, "Small.")
    large = statements_for_post(app, client, site.prop_b_url, site.prop_b_post, "Large.")
    assert small == large


@SQLITE_ONLY
def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(app):
    assert sqlite_settings(app) == ("wal", 1, database.DEFAULT_BUSY_TIMEOUT_MS, 1)  # 1: NORMAL


@SQLITE_ONLY
@SHORT_WAIT
def test_the_busy_timeout_comes_from_the_configuration(app):
    assert sqlite_settings(app) == ("wal", 1, 200, 1)


@SQLITE_ONLY
def test_an_autocommit_connection_runs_outside_any_transaction(app):
    with app.app_context():
        autocommit = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with autocommit as connection:
            # Inside a transaction SQLite would answer "database table is locked".
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            assert busy == 0
        with db.engine.connect() as connection:  # The same pooled connection, reset.
            connection.exec_driver_sql("SELECT 1")
            driver_connection = connection.connection.dbapi_connection
            assert driver_connection.in_transaction
            assert driver_connection.isolation_level is None


@SQLITE_ONLY
def test_the_rules_find_a_guests_comments_by_email_not_by_reading_the_discussion(app, client, site):
    for n in range(40):
        approved_comment(app, site.prop_a_id, f"Comment {n}.", email=f"person{n}@example.org")
    with app.app_context():
        db.engine.dispose()  # New connections gather the planner's statistics.
    token = open_form(client, site.prop_a_url)
    by_author: list[tuple] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        """Keep the statements that look up comments by their author's email."""
        if statement.startswith("SELECT") and "comments.author_email = ?" in statement:
            by_author.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        client.post(site.prop_a_post, data={"csrf_token": token, **guest()})
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(by_author) == 2  # Posted before (a repeat)? Ever approved (held or not)?
    with app.app_context(), db.engine.connect() as connection:
        for statement, parameters in by_author:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            assert "USING INDEX ix_comments_author_email" in plan.one()[-1], statement


@SQLITE_ONLY
@SHORT_WAIT
def test_a_comment_that_cannot_get_the_lock_answers_503_and_keeps_everything_typed(
    app, client, site, caplog
):
    answered = approved_comment(app, site.prop_a_id)
    token = open_form(client, site.prop_a_url)
    typed = guest(
        name="Jo Smith",
        email="jo@example.org",
        body="My **reply**, kept.",
        parent_id=str(answered),
    )
    with HeldWriteLock(app), caplog.at_level(logging.WARNING, logger="forum.errors"):
        response = client.post(site.prop_a_post, data={"csrf_token": token, **typed})
        page = text(response)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert error_summary(page) == [BUSY_MESSAGE]
    assert comment_box(page) == "My **reply**, kept."
    assert 'value="Jo Smith"' in page and 'value="jo@example.org"' in page
    assert f'name="parent_id" type="hidden" value="{answered}"' in page
    assert "Reply to Sam Early" in page
    assert any("Database busy" in record.getMessage() for record in caplog.records)
    assert stored(app, site.prop_a_id).bodies == ["The first comment."]

    # Sent again once the lock is free, it is posted, once.
    response = client.post(site.prop_a_post, data={"csrf_token": csrf_from(page), **typed})
    assert response.status_code == 303
    assert stored(app, site.prop_a_id).bodies == ["The first comment.", "My **reply**, kept."]


@SQLITE_ONLY
@SHORT_WAIT
def test_other_writes_that_cannot_get_the_lock_answer_a_plain_503(app, client, site):
    sign_in(client, site.participant)
    token = csrf_from(text(client.get(site.prop_a_url)))
    with HeldWriteLock(app):
        response = client.post("/logout", data={"csrf_token": token})
        page = text(response)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "The forum is busy" in page
    assert "Sign out" in text(client.get(site.prop_a_url))  # Still signed in.


@SQLITE_ONLY
@SHORT_WAIT
def test_reading_goes_on_while_another_connection_writes(app, client, site):
    with HeldWriteLock(app):
        assert client.get(site.prop_a_url).status_code == 200
        assert client.get(f"/api/v1/propositions/{site.prop_a_id}/comments").status_code == 200


def test_only_lock_errors_count_as_busy():
    def wrapped(cause):
        """Wrap a driver's error as SQLAlchemy does."""
        return sa.exc.OperationalError("BEGIN IMMEDIATE", (), cause)

    assert database.is_busy(wrapped(sqlite3.OperationalError("database is locked")))
    assert database.is_busy(wrapped(sqlite3.OperationalError("database is busy")))
    assert not database.is_busy(wrapped(sqlite3.OperationalError("no such table: comments")))
    assert database.is_busy(wrapped(SimpleNamespace(sqlstate="40P01")))  # A deadlock.
    assert not database.is_busy(wrapped(SimpleNamespace(sqlstate="08006")))  # Connection lost.


@pytest.mark.parametrize("app_config", [{"COMMENTS_HOLD_FIRST_GUEST": False}], indirect=True)
def test_two_people_posting_at_once_lose_nothing_and_post_nothing_twice(app, site):
    answered = approved_comment(app, site.prop_a_id)
    each = 12
    start = threading.Barrier(2)
    statuses: dict[str, list[int]] = {}

    def post_many(name: str) -> None:
        """Post comments and replies as one guest, as fast as the forum answers."""
        client = app.test_client()
        token = open_form(client, site.prop_a_url)
        start.wait()
        sent = []
        for n in range(each):
            data = guest(name=name, email=f"{name}@example.org", body=f"{name} says {n}.")
            if n % 2:
                data["parent_id"] = str(answered)
            sent.append(client.post(site.prop_a_post, data={"csrf_token": token, **data}))
        statuses[name] = [response.status_code for response in sent]

    writers = [threading.Thread(target=post_many, args=(name,)) for name in ("ann", "bob")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert statuses == {"ann": [303] * each, "bob": [303] * each}
    after = stored(app, site.prop_a_id)
    expected = {f"{name} says {n}." for name in ("ann", "bob") for n in range(each)}
    assert sorted(after.bodies) == sorted([*expected, "The first comment."])
    assert len(set(after.paths)) == len(after.paths)
    assert after.proposition_count == after.workstream_count == 2 * each + 1
