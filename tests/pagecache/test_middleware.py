"""Anonymous readers are served a proposition's page from the cache, with a form of their own."""

import time

import pytest
from itsdangerous import TimestampSigner

from forum.comments import guards
from tests.pagecache.support import (
    add_comment,
    cached_reader,
    comment_bodies,
    csrf_secret_of,
    form_time,
    form_values,
    served,
    session_of,
    stored_text,
    text,
    thread_url,
    without_form_values,
)

GUEST = {"name": "Jo Smith", "email": "jo@example.org", "website": "", "body": "From a cached page"}


def post_guest_comment(browser, site, token: str, shown_at: str):
    """Send the guest comment form on proposition A with this token and form time."""
    return browser.post(site.prop_a_post, data={"csrf_token": token, "shown_at": shown_at, **GUEST})


def test_a_second_visit_is_served_from_the_cache_with_the_same_page(app, site):
    reader = app.test_client()
    first = reader.get(site.prop_a_url)
    assert first.status_code == 200 and served(first) == "miss"
    second = reader.get(site.prop_a_url)
    assert second.status_code == 200 and served(second) == "hit"
    assert without_form_values(text(second)) == without_form_values(text(first))
    assert "Open every library on Sundays" in text(second)
    # The reader already has a session: the cache sends no new cookie.
    assert "Set-Cookie" not in second.headers
    token, _ = form_values(text(second))
    assert csrf_secret_of(app, token) == session_of(app, reader)["csrf_token"]


def test_each_browser_gets_its_own_token_and_no_stored_entry_holds_one(app, site):
    first_browser = app.test_client()
    first = text(first_browser.get(site.prop_a_url))
    second_browser = app.test_client()
    response = second_browser.get(site.prop_a_url)
    assert served(response) == "hit"
    assert "session=" in response.headers["Set-Cookie"]
    second = text(response)
    assert without_form_values(second) == without_form_values(first)

    first_token, first_shown_at = form_values(first)
    second_token, second_shown_at = form_values(second)
    first_secret = session_of(app, first_browser)["csrf_token"]
    second_secret = session_of(app, second_browser)["csrf_token"]
    assert second_token != first_token and second_secret != first_secret
    # Each token is made from its own browser's session, as Flask-WTF checks it.
    assert csrf_secret_of(app, first_token) == first_secret
    assert csrf_secret_of(app, second_token) == second_secret

    stored = stored_text(app)
    assert "Open every library on Sundays" in stored
    for private in (first_token, second_token, first_secret, second_secret):
        assert private not in stored
    for browser in (first_browser, second_browser):
        assert browser.get_cookie("session").value not in stored
    assert first_shown_at not in stored and second_shown_at not in stored


@pytest.mark.parametrize(
    "app_config", [{}, {"SESSION_COOKIE_SECURE": True}], ids=["http", "https"], indirect=True
)
def test_the_session_cookie_a_cached_page_sets_is_the_one_flask_would_set(app, site):
    rendered = app.test_client().get(site.prop_a_url)
    from_cache = app.test_client().get(site.prop_a_url)
    assert (served(rendered), served(from_cache)) == ("miss", "hit")
    flask_cookie = rendered.headers["Set-Cookie"].split(";", 1)
    cache_cookie = from_cache.headers["Set-Cookie"].split(";", 1)
    assert cache_cookie[0].startswith("session=") and cache_cookie[1] == flask_cookie[1]
    assert ("Secure" in cache_cookie[1]) == app.config["SESSION_COOKIE_SECURE"]


@pytest.mark.parametrize("app_config", [{"COMMENTS_MIN_SECONDS": 1}], indirect=True)
def test_the_form_on_a_page_from_the_cache_posts_a_guest_comment(app, site):
    cached_reader(app, site.prop_a_url)
    stored_at = time.time()
    time.sleep(1.1)
    browser = app.test_client()  # no cookies yet
    response = browser.get(site.prop_a_url)
    assert served(response) == "hit"
    token, shown_at = form_values(text(response))
    # The form time is when this reader was served the page, not when it was stored.
    assert form_time(app, shown_at) > int(stored_at)

    time.sleep(1.1)  # just over COMMENTS_MIN_SECONDS since the page was shown
    posted = post_guest_comment(browser, site, token, shown_at)
    assert posted.status_code == 303, text(posted)[:500]
    assert comment_bodies(app) == ["From a cached page"]


@pytest.mark.parametrize(
    "app_config",
    [{"COMMENTS_MIN_SECONDS": 1}, {"COMMENTS_MIN_SECONDS": 1, "PAGE_CACHE": "off"}],
    ids=["cache", "no-cache"],
    indirect=True,
)
def test_a_forged_form_time_is_refused_as_without_the_cache(app, site):
    app.test_client().get(site.prop_a_url)  # stores the page, when there is a cache
    browser = app.test_client()
    response = browser.get(site.prop_a_url)
    assert served(response) == ("hit" if app.config["PAGE_CACHE"] == "memory" else None)
    token, shown_at = form_values(text(response))
    another_key = TimestampSigner("another key", salt=guards.FORM_TIME_PURPOSE)
    forged = another_key.sign(b"comment-form").decode()
    spoiled = shown_at.rpartition(".")[0] + ".spoiled"
    time.sleep(1.1)  # each would be old enough, had it been genuine
    for sent in (forged, spoiled, ""):
        posted = post_guest_comment(browser, site, token, sent)
        assert posted.status_code == 422
        assert "That was quick: please check your comment and send it again." in text(posted)
    assert comment_bodies(app) == []


def test_a_page_asking_to_reply_to_a_comment_is_not_cached(app, site):
    comment_id = add_comment(app, site.prop_a_id, "Worth answering", name="Ann Top")
    reader = cached_reader(app, site.prop_a_url)
    url = f"{site.prop_a_url}?reply_to={comment_id}"
    for _ in range(2):
        response = reader.get(url)
        assert response.status_code == 200 and served(response) is None
        assert "Reply to Ann Top" in text(response)
    assert served(reader.get(site.prop_a_url)) == "hit"
    assert "Reply to Ann Top" not in stored_text(app)


def test_each_page_of_a_discussion_is_cached_on_its_own(app, site):
    for number in range(3):
        add_comment(app, site.prop_a_id, f"Thread {number}", name=f"Guest {number}")
    app.config["COMMENTS_THREADS_PER_PAGE"] = 1
    reader = app.test_client()
    pages = {}
    for query in ("", "?page=2", "?page=all"):
        assert served(reader.get(site.prop_a_url + query)) == "miss"
        response = reader.get(site.prop_a_url + query)
        assert served(response) == "hit"
        pages[query] = without_form_values(text(response))
    assert len(set(pages.values())) == 3


def test_the_page_cached_for_one_host_is_not_served_for_another(app, site):
    add_comment(app, site.prop_a_id, "Hosts matter", name="Ann Host")
    local = cached_reader(app, site.prop_a_url)
    elsewhere = "http://forum.example.org"
    response = local.get(site.prop_a_url, base_url=elsewhere)
    assert served(response) == "miss"
    assert f'<link rel="canonical" href="{elsewhere}{site.prop_a_url}">' in text(response)
    response = local.get(site.prop_a_url, base_url=elsewhere)
    assert served(response) == "hit"
    assert f'<link rel="canonical" href="{elsewhere}{site.prop_a_url}">' in text(response)
    response = local.get(site.prop_a_url)
    assert served(response) == "hit"
    assert f'<link rel="canonical" href="http://localhost{site.prop_a_url}">' in text(response)


def test_the_thread_cached_for_one_host_is_not_served_for_another(app, site):
    add_comment(app, site.prop_a_id, "Hosts matter", name="Ann Host")
    reader = app.test_client()
    url = thread_url(site.prop_a_id)
    assert served(reader.get(url)) == "miss"
    local = reader.get(url)
    assert served(local) == "hit"
    assert local.json["comments"][0]["avatar"].startswith("http://localhost/")

    elsewhere = reader.get(url, base_url="https://forum.example.org")
    assert served(elsewhere) == "miss"
    assert elsewhere.json["comments"][0]["avatar"].startswith("https://forum.example.org/")
    again = reader.get(url, base_url="https://forum.example.org")
    assert served(again) == "hit" and again.json == elsewhere.json
    assert reader.get(url).json == local.json


@pytest.mark.parametrize("app_config", [{"PROXY_HOPS": 1}], indirect=True)
def test_behind_a_proxy_pages_are_kept_for_the_host_and_scheme_it_forwards(app, site):
    reader = app.test_client()
    for host, scheme in (
        ("a.example.org", "https"),
        ("b.example.org", "https"),
        ("a.example.org", "http"),
    ):
        headers = {"X-Forwarded-Host": host, "X-Forwarded-Proto": scheme}
        assert served(reader.get(site.prop_a_url, headers=headers)) == "miss"
        response = reader.get(site.prop_a_url, headers=headers)
        assert served(response) == "hit"
        canonical = f'<link rel="canonical" href="{scheme}://{host}{site.prop_a_url}">'
        assert canonical in text(response)
