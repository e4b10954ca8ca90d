"""The Alembic migrations build exactly the schema the models describe, and undo it."""

import logging
import os
import uuid

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forum import create_app
from forum.extensions import db


@pytest.fixture(autouse=True)
def keep_logging():
    """Undo the logging setup that migrations/env.py applies with fileConfig.

    fileConfig disables every logger it does not name, which would silence the
    app's loggers for the tests that run after this file.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = {
        name: (logger.disabled, logger.level, logger.handlers[:], logger.propagate)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.handlers[:], root.level = handlers, level
    for name, logger in logging.root.manager.loggerDict.items():
        if not isinstance(logger, logging.Logger):
            continue
        # A logger first made during the test starts as a fresh one would.
        disabled, level, handlers, propagate = loggers.get(name, (False, logging.NOTSET, [], True))
        logger.disabled, logger.level, logger.propagate = disabled, level, propagate
        logger.handlers[:] = handlers


def _schema_differences(app) -> list:
    """Return how the database's schema differs from the models' metadata."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _table_names(app) -> set[str]:
    """Return the tables the database holds."""
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def _check_migrations(app) -> None:
    """Upgrade an empty database, compare it with the models, then downgrade to nothing."""
    assert _table_names(app) == set()
    with app.app_context():
        flask_migrate.upgrade()
    # Every model's table exists, so an empty comparison means something.
    assert _table_names(app) == {*db.metadata.tables, "alembic_version"}
    assert _schema_differences(app) == []

    with app.app_context():
        flask_migrate.downgrade(revision="base")
    assert _table_names(app) == {"alembic_version"}

    # And back up again, as a deploy after a rollback would.
    with app.app_context():
        flask_migrate.upgrade()
    assert _schema_differences(app) == []


def test_migrations_match_the_models_on_sqlite(tmp_path):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'new.sqlite'}"})
    try:
        _check_migrations(app)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_migrations_match_the_models_on_postgresql(postgres_url):
    # A schema of its own, so the tables the other tests use are left alone.
    schema = f"migration_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    app = create_app(
        "testing", {"SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False)}
    )
    try:
        with app.app_context(), db.engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT current_schema()")) == schema
        _check_migrations(app)
    finally:
        with app.app_context():
            db.engine.dispose()
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
