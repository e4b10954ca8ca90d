"""Fixtures for the page cache: a second instance of the app, and a Redis to share.

A second instance stands for another worker process or another app host: it has the
same database but its own memory. Redis tests skip with one line saying why when no
Redis answers at TEST_REDIS_URL, unless FORUM_REQUIRE_REDIS=1 (as in CI), which turns
the skip into a failure. Each test's entries live under a key prefix of its own, so no
other test (or another run on the same Redis) can serve them, and they are deleted after.
"""

import functools
import os
import uuid

import pytest
import redis

from forum import create_app
from forum.extensions import db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
REQUIRE_REDIS = os.environ.get("FORUM_REQUIRE_REDIS") == "1"


@pytest.fixture
def other_instance(app, app_config):
    """Start a second instance of the app on the same database, with the same settings."""
    other = create_app(
        "testing", {**app_config, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    yield other
    with other.app_context():
        db.engine.dispose()


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


@pytest.fixture
def redis_prefix():
    """Give a Redis key prefix of this test alone; delete its keys afterwards."""
    problem = _redis_problem()
    if problem:
        if REQUIRE_REDIS:
            pytest.fail(f"{problem} (FORUM_REQUIRE_REDIS=1 forbids skipping)")
        pytest.skip(problem)
    prefix = f"forum-test-{uuid.uuid4().hex}:page:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def two_hosts_on_redis(app, other_instance, redis_prefix):
    """The app and a second instance sharing entries in Redis, under this test's prefix.

    The tests using it set ``PAGE_CACHE`` to ``REDIS_URL`` through ``app_config``.
    """
    stores = [instance.extensions["forum_pagecache"].store for instance in (app, other_instance)]
    for store in stores:
        store.PREFIX = redis_prefix
    yield app, other_instance
    for store in stores:
        store.client.close()
