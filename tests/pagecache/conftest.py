"""Fixtures for the page cache: a second instance of the app, and a Redis to share.

A second instance stands for another worker process or another app host: it has the
same database but its own memory. Redis tests skip with one line saying why when no
Redis answers at TEST_REDIS_URL, unless FORUM_REQUIRE_REDIS=1 (as in CI), which turns
the skip into a failure. Each test's entries live under a key prefix of its own, so no
other test (or another run on the same Redis) can serve them, and they are deleted after.
"""

import uuid

import pytest
import redis

from forum import create_app
from forum.extensions import db
from tests.conftest import REDIS_URL, need_redis


@pytest.fixture
def other_instance(app, app_config):
    """Start a second instance of the app on the same database, with the same settings."""
    other = create_app(
        "testing", {**app_config, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def redis_prefix():
    """Give a Redis key prefix of this test alone; delete its keys afterwards."""
    need_redis()
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
