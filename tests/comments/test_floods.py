"""Floods: rate limits per person first, per network address only as a high ceiling.

Each test gets a fresh app with the limiter switched on, in memory and in Redis, on
SQLite and on PostgreSQL. Every app gets a key prefix of its own, so no count carries
over from another test (or from another test run sharing the Redis server); the Redis
keys are deleted afterwards. Without a reachable Redis those runs skip with one line
saying so, unless FORUM_REQUIRE_REDIS=1 (as in CI), which turns the skip into a failure.
"""

import re
import uuid

import pytest

from forum.errors import wait_in_words
from forum.extensions import db, limiter
from tests import factories
from tests.comments.support import (
    comment_box,
    error_summary,
    guest,
    open_form,
    stored_comments,
    text,
    words,
)
from tests.conftest import REDIS_URL, csrf_from, need_redis, sign_in

HALL = "198.51.100.7"  # the one address a summit hall's Wi-Fi shows to the forum


@pytest.fixture(params=["memory", "redis"])
def limit_storage(request):
    """Where the limiter keeps its counts: in memory, or in Redis as several app hosts would."""
    if request.param == "memory":
        yield "memory://"
        return
    need_redis()
    yield REDIS_URL


@pytest.fixture
def app_config(limit_storage):
    """Switch the limiter on, with counts of this test alone, and remove them afterwards.

    The storage's key prefix is the test's own: the limiter is one object shared by every
    app in the run, and it keeps some settings (such as RATELIMIT_KEY_PREFIX) from the
    first app it served, but it makes a new storage, with these options, for each app.
    """
    yield {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": limit_storage,
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"forum-test-{uuid.uuid4().hex}"},
    }
    limiter.reset()  # only this test's keys: those under its prefix


def from_hall(client):
    """Make a test client send its requests from the summit hall's one address."""
    client.environ_base["REMOTE_ADDR"] = HALL
    return client


def post(client, site, token: str, **fields):
    """Send the comment form on proposition A with this browser's token."""
    return client.post(site.prop_a_post, data={"csrf_token": token, **fields})


UNITS = {"second": 1, "minute": 60, "hour": 3600}


def wait_seconds(page: str) -> int:
    """Return the wait the page tells the person about ("1 hour and 5 minutes"), in seconds."""
    match = re.search(r"You can post again in ([^.]+)\.", words(page))
    assert match, "the page does not say how long to wait"
    parts = re.findall(r"(\d+) (second|minute|hour)s?", match.group(1))
    assert parts, match.group(1)
    return sum(int(number) * UNITS[unit] for number, unit in parts)


def test_twenty_guests_on_one_address_are_all_accepted(app, site):
    for number in range(20):
        browser = from_hall(app.test_client())
        token = open_form(browser, site.prop_a_url)
        fields = guest(f"Guest {number}", f"guest{number}@example.org", body=f"View {number}")
        response = post(browser, site, token, **fields)
        assert response.status_code == 303, f"guest {number} was refused"
    assert len(stored_comments(app)) == 20


def test_twenty_signed_in_people_on_one_address_are_all_accepted(app, site):
    with app.app_context():
        for number in range(20):
            factories.user(f"member{number}@example.org", f"Member {number}")
        db.session.commit()
    for number in range(20):
        browser = app.test_client()
        # Each signs in from home; the sign-in form has its own, stricter limit per address.
        browser.environ_base["REMOTE_ADDR"] = f"203.0.113.{number + 1}"
        sign_in(browser, f"member{number}@example.org")
        from_hall(browser)
        token = open_form(browser, site.prop_a_url)
        response = post(browser, site, token, body=f"Member view {number}")
        assert response.status_code == 303, f"member {number} was refused"
    assert len(stored_comments(app)) == 20


@pytest.mark.parametrize("who", ["guest", "participant"])
def test_one_person_posting_in_a_loop_is_stopped_and_keeps_their_text(app, site, who):
    browser = from_hall(app.test_client())
    if who == "participant":
        sign_in(browser, site.participant)
    token = open_form(browser, site.prop_a_url)
    fields = guest() if who == "guest" else {}
    statuses = [
        post(browser, site, token, **{**fields, "body": f"Again {n}"}).status_code for n in range(4)
    ]
    assert statuses == [303] * 4  # a burst of 4 is allowed

    response = post(browser, site, token, **{**fields, "body": "The fifth, too soon"})
    assert response.status_code == 429
    page = text(response)
    [message] = error_summary(page)
    assert message.startswith("You have posted several comments in a short time.")
    assert "Your comment is still here, so you can send it then." in message
    assert 0 < wait_seconds(page) <= 60
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert comment_box(page) == "The fifth, too soon"
    if who == "guest":
        assert 'value="Jo Smith"' in page and 'value="jo@example.org"' in page
    assert "<title>Error: " in page
    assert len(stored_comments(app)) == 4

    # Someone else in the same hall is not held back by them.
    neighbour = from_hall(app.test_client())
    other = post(neighbour, site, open_form(neighbour, site.prop_a_url), **guest("Ann", "a@b.org"))
    assert other.status_code == 303


def test_only_comments_posted_count_so_mistakes_cost_nothing(app, site):
    browser = from_hall(app.test_client())
    token = open_form(browser, site.prop_a_url)
    for _ in range(5):
        assert post(browser, site, token, **guest(name="")).status_code == 422
    statuses = [
        post(browser, site, token, **guest(body=f"Fixed {n}")).status_code for n in range(4)
    ]
    assert statuses == [303] * 4


def test_the_limit_per_person_is_a_setting(app, site):
    app.config["COMMENTS_RATE_LIMIT"] = "2 per hour"
    browser = from_hall(app.test_client())
    token = open_form(browser, site.prop_a_url)
    statuses = [post(browser, site, token, **guest(body=f"Note {n}")).status_code for n in range(3)]
    assert statuses == [303, 303, 429]
    later = text(post(browser, site, token, **guest(body="Later")))
    assert "You can post again in 1 hour." in words(later)
    assert wait_seconds(later) == 3600


def test_the_ceiling_per_address_stops_a_flood_from_many_browsers(app, site):
    app.config["COMMENTS_IP_RATE_LIMIT"] = "5 per 10 minutes"
    statuses = []
    for number in range(6):
        bot = from_hall(app.test_client())
        token = open_form(bot, site.prop_a_url)
        response = post(bot, site, token, **guest(f"Bot {number}", f"bot{number}@example.org"))
        statuses.append(response.status_code)
    assert statuses == [303] * 5 + [429]
    page = text(response)
    assert "sent from your network (perhaps a shared Wi-Fi)" in error_summary(page)[0]
    assert comment_box(page) == "I agree."
    # Another address is not affected.
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    token = open_form(elsewhere, site.prop_a_url)
    assert post(elsewhere, site, token, **guest("Kim", "kim@example.org")).status_code == 303


def test_previews_are_not_limited_like_posts(app, site):
    app.config["COMMENTS_RATE_LIMIT"] = "1 per hour"
    browser = from_hall(app.test_client())
    token = open_form(browser, site.prop_a_url)
    assert post(browser, site, token, **guest(body="First")).status_code == 303
    for number in range(10):
        preview = browser.post(
            f"{site.prop_a_post}/preview",
            data={"csrf_token": token, **guest(body=f"Draft {number}")},
            headers={"Accept": "application/json"},
        )
        assert preview.status_code == 200
        assert preview.get_json() == {"html": f"<p>Draft {number}</p>"}
    assert post(browser, site, token, **guest(body="Second")).status_code == 429


def test_a_bot_that_drops_its_cookies_meets_the_ceiling_per_address(app, site):
    # Without its cookies a bot is a new guest each time: the ceiling is what stops it.
    app.config["COMMENTS_IP_RATE_LIMIT"] = "3 per 10 minutes"
    bot = app.test_client(use_cookies=False)
    page = bot.get(site.prop_a_url)
    token = csrf_from(text(page))
    session_cookie = page.headers["Set-Cookie"].split(";", 1)[0]  # holds the CSRF secret
    statuses = []
    for number in range(4):
        response = bot.post(
            site.prop_a_post,
            data={"csrf_token": token, **guest(body=f"Spam {number}")},
            headers={"Cookie": session_cookie},
        )
        statuses.append(response.status_code)
    assert statuses == [303, 303, 303, 429]


def test_other_limits_show_a_page_that_says_how_long_to_wait(app, site):
    browser = app.test_client()
    token = csrf_from(text(browser.get("/login")))
    data = {"email": "nobody@example.org", "password": "wrong password", "csrf_token": token}
    statuses = [browser.post("/login", data=data).status_code for _ in range(11)]
    assert statuses[-1] == 429
    response = browser.post("/login", data=data)
    page = words(text(response))
    assert "Too many tries" in page
    match = re.search(r"You can try again in (\d+) seconds?\.", page)
    assert match and 0 < int(match.group(1)) <= 60
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_an_admin_posting_quickly_is_limited_like_anyone(app, site):
    # Limits protect the site, not a rule of discussion: nobody is exempt from them.
    browser = from_hall(app.test_client())
    sign_in(browser, site.admin)
    token = open_form(browser, site.prop_a_url)
    statuses = [post(browser, site, token, body=f"Admin {n}").status_code for n in range(5)]
    assert statuses == [303] * 4 + [429]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.2, "1 second"),
        (40, "40 seconds"),
        (99, "99 seconds"),
        (100, "2 minutes"),
        (600, "10 minutes"),
        (3599.5, "1 hour"),
        (3900, "1 hour and 5 minutes"),
        (7260, "2 hours and 1 minute"),
    ],
)
def test_waits_are_said_in_plain_words_and_rounded_up(seconds, said):
    assert wait_in_words(seconds) == said
