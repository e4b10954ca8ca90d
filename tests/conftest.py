"""Fixtures: a fresh app and database per test, on SQLite and on PostgreSQL.

Every test that uses ``app`` (or ``client``) runs twice: once on a new SQLite file
and once on PostgreSQL. Where PostgreSQL can't be reached the PostgreSQL runs skip
with one line saying so, unless FORUM_REQUIRE_POSTGRES=1 (as in CI), which turns
that skip into a failure.
"""

import functools
import os
import re
from contextlib import contextmanager

import psycopg
import pytest
import redis
import sqlalchemy as sa

from forum import create_app
from forum.extensions import db

POSTGRES_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("FORUM_REQUIRE_POSTGRES") == "1"
PASSWORD = "correct horse battery"


def _postgres_reachable() -> str | None:
    """Return why PostgreSQL can't be used for tests, or None if it can."""
    url = sa.make_url(POSTGRES_URL)
    try:
        with psycopg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            dbname=url.database,
            password=url.password,
            connect_timeout=3,
        ):
            return None
    except psycopg.OperationalError as error:
        return f"PostgreSQL not reachable at {url.render_as_string(hide_password=True)}: {error}"


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def need_redis() -> str:
    """Return the test Redis's URL; without Redis, skip saying why (fail if CI requires it).

    CI sets FORUM_REQUIRE_REDIS=1, which turns the skip into a failure.
    """
    problem = _redis_problem()
    if problem:
        if os.environ.get("FORUM_REQUIRE_REDIS") == "1":
            pytest.fail(f"{problem} (FORUM_REQUIRE_REDIS=1 forbids skipping)")
        pytest.skip(problem)
    return REDIS_URL


@functools.cache
def _redis_problem() -> str | None:
    """Return why Redis can't be used for tests, or None if it can."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis not reachable at {REDIS_URL}: {error}"
    finally:
        client.close()
    return None


@pytest.fixture(scope="session")
def postgres_url():
    """Give a PostgreSQL URL whose tables live in a schema of this test run alone.

    Each run gets its own schema, so two runs at once (a developer's and CI's)
    never touch each other's tables; the schema is dropped at the end.
    """
    problem = _postgres_reachable()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(f"{problem} (FORUM_REQUIRE_POSTGRES=1 forbids skipping)")
        pytest.skip(problem)
    schema = f"forum_test_{os.getpid()}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    url = url.render_as_string(hide_password=False)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def _empty_postgres(app) -> None:
    """Empty every table and restart ids, so each test starts from nothing."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (the npm package oidc-provider) on 127.0.0.1.

    Started once per run, when a test first needs it. It never skips: it needs Node.js
    and ``npm ci``, which the README's test command runs.
    """
    from tests.auth.social import OIDC_CLIENTS
    from tests.providers.oidc import OIDCProvider

    with OIDCProvider(OIDC_CLIENTS) as provider:
        yield provider


@pytest.fixture(scope="session")
def standin_server():
    """Stand-ins for GitHub, Facebook, X, WordPress.com and a fake OpenID Connect issuer."""
    from tests.providers.standin import StandIn

    with StandIn() as server:
        yield server


@pytest.fixture
def standin(standin_server):
    """The stand-ins, reset to their defaults for each test."""
    standin_server.reset()
    return standin_server


@pytest.fixture
def app_config(request) -> dict:
    """Extra configuration for the app under test.

    A test module may override this fixture, or a test set it with
    ``@pytest.mark.parametrize("app_config", [{...}], indirect=True)``.
    """
    return dict(getattr(request, "param", {}))


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path, app_config):
    """Create an app with an empty database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'forum.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, **app_config})
    if request.param == "sqlite":
        with app.app_context():
            db.create_all()
    else:
        _empty_postgres(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


@pytest.fixture
def site(app):
    """A small summit: two workstreams with facilitators, people of each role, propositions."""
    from tests import factories

    with app.app_context():
        world = factories.small_summit()
        db.session.commit()
        return world


CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_from(html: str) -> str:
    """Return the CSRF token from a page's form."""
    match = CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1) or match.group(2)


def post_form(client, page_url: str, action_url: str, data: dict, **kwargs):
    """Open a page, take its form's CSRF token, and post the form as a browser would."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    token = csrf_from(page.get_data(as_text=True))
    return client.post(action_url, data={"csrf_token": token, **data}, **kwargs)


def person_in_header(page: str) -> str | None:
    """Return the name the header shows as signed in (a link to their profile), if any."""
    match = re.search(r'class="govuk-service-navigation__link forum-person"[^>]*>([^<]*)<', page)
    return match.group(1) if match else None


def sign_in(client, email: str, password: str = PASSWORD, remember: bool = False):
    """Sign in through the real sign-in form."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = post_form(client, "/login", "/login", data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response


@contextmanager
def count_queries(app):
    """Count the SQL statements run inside the block: ``with count_queries(app) as n: ... n()``."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
