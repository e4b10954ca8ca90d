"""Where entries are kept: each worker's memory, Redis shared by every app host, or nowhere.

Two instances of the app on one database stand for two gunicorn workers or two app
hosts: a change made through one shows at once on the other, whatever the store.
"""

import pytest
import redis

from tests.conftest import post_form, sign_in
from tests.pagecache.conftest import REDIS_URL
from tests.pagecache.support import (
    add_comment,
    cached_reader,
    fresh_view,
    served,
    text,
    thread_url,
)

ON_REDIS = [{"PAGE_CACHE": REDIS_URL}]


def post_as_participant(instance, site, body: str) -> None:
    """Post a comment as Pat through one instance of the app (published at once)."""
    browser = instance.test_client()
    sign_in(browser, site.participant)
    response = post_form(browser, site.prop_a_url, site.prop_a_post, {"body": body})
    assert response.status_code == 303


def remove_as_facilitator(instance, site, comment_id: int) -> None:
    """Remove a comment as the workstream's facilitator through one instance of the app."""
    browser = instance.test_client()
    sign_in(browser, site.facilitator)
    action = f"/moderation/comments/{comment_id}/remove"
    assert post_form(browser, action, action, {"reason": "spam"}).status_code == 303


def redis_keys(prefix: str) -> list[bytes]:
    """Return the keys the page cache wrote to Redis under a test's prefix."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        return list(client.scan_iter(match=f"{prefix}*"))
    finally:
        client.close()


def test_two_workers_each_cache_the_page_and_see_each_others_changes(app, other_instance, site):
    one = cached_reader(app, site.prop_a_url)
    two = cached_reader(other_instance, site.prop_a_url)

    post_as_participant(app, site, "Posted through the first worker")
    assert "Posted through the first worker" in fresh_view(two, site.prop_a_url)
    assert "Posted through the first worker" in fresh_view(one, site.prop_a_url)

    comment_id = add_comment(app, site.prop_a_id, "Soon gone", name="Sam Spam")
    assert "Soon gone" in fresh_view(one, site.prop_a_url)
    assert served(one.get(site.prop_a_url)) == "hit"
    remove_as_facilitator(other_instance, site, comment_id)
    assert "Soon gone" not in fresh_view(one, site.prop_a_url)


@pytest.mark.parametrize("app_config", ON_REDIS, indirect=True)
def test_an_entry_one_host_stores_in_redis_is_served_by_another(
    app, site, two_hosts_on_redis, redis_prefix
):
    first, second = two_hosts_on_redis
    first_reader = first.test_client()
    assert served(first_reader.get(site.prop_a_url)) == "miss"
    assert redis_keys(redis_prefix)
    second_reader = second.test_client()
    response = second_reader.get(site.prop_a_url)
    assert served(response) == "hit"
    assert "Open every library on Sundays" in text(response)
    assert 'name="csrf_token"' in text(response) and "session=" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("app_config", ON_REDIS, indirect=True)
def test_a_change_through_one_host_shows_at_once_on_both_with_redis(app, site, two_hosts_on_redis):
    first, second = two_hosts_on_redis
    first_reader = cached_reader(first, site.prop_a_url)
    second_reader = cached_reader(second, site.prop_a_url)
    post_as_participant(first, site, "Shared through Redis")
    for reader in (first_reader, second_reader):
        response = reader.get(site.prop_a_url)
        assert served(response) in ("miss", "hit")
        assert "Shared through Redis" in text(response)
    for reader in (first_reader, second_reader):
        assert served(reader.get(site.prop_a_url)) == "hit"


@pytest.mark.parametrize("app_config", ON_REDIS, indirect=True)
def test_after_a_change_one_host_renders_the_page_again_for_all_hosts(
    app, site, two_hosts_on_redis
):
    first, second = two_hosts_on_redis
    first_reader = cached_reader(first, site.prop_a_url)
    second_reader = cached_reader(second, site.prop_a_url)
    post_as_participant(first, site, "Rendered once for every host")
    assert "Rendered once for every host" in fresh_view(first_reader, site.prop_a_url)
    # The first host has stored the new page in Redis: the second serves it.
    response = second_reader.get(site.prop_a_url)
    assert "Rendered once for every host" in text(response)
    assert served(response) == "hit"


@pytest.mark.parametrize("app_config", ON_REDIS, indirect=True)
def test_the_thread_stored_by_one_host_is_served_by_another(app, site, two_hosts_on_redis):
    first, second = two_hosts_on_redis
    add_comment(first, site.prop_a_id, "In the shared thread", name="Ann Shared")
    url = thread_url(site.prop_a_id)
    stored = first.test_client().get(url)
    assert served(stored) == "miss"
    response = second.test_client().get(url)
    assert served(response) == "hit"
    assert response.json == stored.json and response.headers["ETag"] == stored.headers["ETag"]


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE": "off"}], indirect=True)
def test_with_the_cache_off_every_page_is_rendered(app, site):
    reader = app.test_client()
    for url in (site.prop_a_url, thread_url(site.prop_a_id)) * 3:
        response = reader.get(url)
        assert response.status_code == 200 and served(response) is None
    add_comment(app, site.prop_a_id, "Shown at once", name="Ann Fresh")
    response = reader.get(site.prop_a_url)
    assert served(response) is None and "Shown at once" in text(response)


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE": "redis://127.0.0.1:1"}], indirect=True)
def test_pages_are_still_served_when_redis_does_not_answer(app, site):
    reader = app.test_client()
    # Each worker still keeps its own copy in front of Redis.
    for expected in ("miss", "hit"):
        response = reader.get(site.prop_a_url)
        assert response.status_code == 200 and served(response) == expected
        assert "Open every library on Sundays" in text(response)
    add_comment(app, site.prop_a_id, "Still shown", name="Ann Still")
    assert "Still shown" in fresh_view(reader, site.prop_a_url)
