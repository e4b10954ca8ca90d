"""Every change a page shows reaches readers of its cached copy at once.

Each change is made the way people make it, through the forum's own forms: a reader
whose last view came from the cache then gets the page rendered again, showing it.
"""

import json
from datetime import timedelta

import pytest

from forum import models
from forum.models import CommentStatus
from tests.admin.test_settings import BLANK
from tests.conftest import post_form, sign_in
from tests.manage.conftest import Clock
from tests.manage.support import edit_url, form, proposition_row
from tests.pagecache.support import (
    add_comment,
    cached_reader,
    fresh_view,
    served,
    text,
    thread_url,
)

PAT_SAYS = "Pat thinks Sundays suit families"
GUEST_SAYS = "A guest would rather have Mondays"
HELD_SAYS = "Held for a facilitator to read"
FACILITATOR_TAG = 'govuk-tag--purple">Facilitator</strong>'


@pytest.fixture
def discussion(app, site):
    """Proposition A's discussion: Pat's comment, a guest's, and a guest's held one."""
    return {
        "pat": add_comment(app, site.prop_a_id, PAT_SAYS, user=site.participant),
        "guest": add_comment(app, site.prop_a_id, GUEST_SAYS, name="Gus Guest"),
        "held": add_comment(
            app, site.prop_a_id, HELD_SAYS, name="Hal Held", status=CommentStatus.PENDING
        ),
    }


def signed_in(app, email: str):
    """Return a browser signed in as this person."""
    browser = app.test_client()
    sign_in(browser, email)
    return browser


def edit_proposition_a(app, site, **changes) -> None:
    """Save proposition A in the editor as its facilitator, with these changes."""
    url = edit_url(site.prop_a_id)
    values = {
        "title": "Open every library on Sundays",
        "slug": "open-every-library-on-sundays",
        "body": "We propose **this**.",
        "tags": "Libraries",
        **changes,
    }
    response = post_form(signed_in(app, site.facilitator), url, url, form(**values))
    assert response.status_code == 303, text(response)[:1000]


# Each change below is made through the forum's forms and returns what the page now
# shows and what it no longer shows (None when there is nothing to look for).


def post_comment_as_participant(app, site, discussion) -> tuple[str | None, str | None]:
    """Pat posts a new comment, published at once."""
    response = post_form(
        signed_in(app, site.participant), site.prop_a_url, site.prop_a_post, {"body": "Brand new"}
    )
    assert response.status_code == 303
    return "Brand new", None


def approve_held_comment(app, site, discussion) -> tuple[str | None, str | None]:
    """The workstream's facilitator approves the held comment."""
    action = f"/moderation/comments/{discussion['held']}/approve"
    response = post_form(signed_in(app, site.facilitator), site.prop_a_url, action, {})
    assert response.status_code == 303
    return HELD_SAYS, None


def remove_guest_comment(app, site, discussion) -> tuple[str | None, str | None]:
    """The facilitator removes the guest's comment as abusive."""
    action = f"/moderation/comments/{discussion['guest']}/remove"
    response = post_form(signed_in(app, site.facilitator), action, action, {"reason": "abusive"})
    assert response.status_code == 303
    return None, GUEST_SAYS


def author_edits_comment(app, site, discussion) -> tuple[str | None, str | None]:
    """Pat edits their own comment."""
    action = f"/comments/{discussion['pat']}/edit"
    response = post_form(
        signed_in(app, site.participant), action, action, {"body": "On second thought"}
    )
    assert response.status_code == 303
    return "On second thought", PAT_SAYS


def facilitator_edits_proposition(app, site, discussion) -> tuple[str | None, str | None]:
    """The facilitator retitles and rewrites the proposition, keeping its address."""
    edit_proposition_a(
        app, site, title="Open every library on Saturdays", body="We propose **Saturdays** instead."
    )
    return "We propose <strong>Saturdays</strong> instead.", "Open every library on Sundays"


def admin_renames_summit(app, site, discussion) -> tuple[str | None, str | None]:
    """An admin changes the summit's name in the site settings."""
    settings = {**BLANK, "name": "Villages Summit 2027"}
    url = "/manage/settings"
    response = post_form(signed_in(app, site.admin), url, url, settings)
    assert response.status_code == 303, text(response)[:1000]
    return "Villages Summit 2027", "Summit Forum"


def participant_renames_themself(app, site, discussion) -> tuple[str | None, str | None]:
    """Pat changes their display name on their profile: their past comments follow."""
    response = post_form(
        signed_in(app, site.participant),
        "/profile/",
        "/profile/",
        {"display_name": "Pat Renamed", "website": ""},
    )
    assert response.status_code == 303
    return "Pat Renamed", "Pat Participant"


def admin_names_facilitator(app, site, discussion) -> tuple[str | None, str | None]:
    """An admin makes Pat a facilitator of the workstream: Pat's comment is marked so."""
    url = "/manage/workstreams/public-services/edit"
    action = "/manage/workstreams/public-services/facilitators"
    response = post_form(signed_in(app, site.admin), url, action, {"email": site.participant})
    assert response.status_code == 303
    return FACILITATOR_TAG, None


@pytest.mark.parametrize(
    "change",
    [
        post_comment_as_participant,
        approve_held_comment,
        remove_guest_comment,
        author_edits_comment,
        facilitator_edits_proposition,
        admin_renames_summit,
        participant_renames_themself,
        admin_names_facilitator,
    ],
)
def test_a_change_shows_at_once_to_a_reader_of_the_cached_page(app, site, discussion, change):
    reader = cached_reader(app, site.prop_a_url)
    before = text(reader.get(site.prop_a_url))
    assert HELD_SAYS not in before and FACILITATOR_TAG not in before
    shows, goes = change(app, site, discussion)
    page = fresh_view(reader, site.prop_a_url)
    if shows is not None:
        assert shows not in before and shows in page
    if goes is not None:
        assert goes in before and goes not in page
    assert served(reader.get(site.prop_a_url)) == "hit"


@pytest.mark.parametrize(
    "change", [post_comment_as_participant, approve_held_comment, remove_guest_comment]
)
def test_a_change_to_the_discussion_shows_at_once_in_the_cached_thread(
    app, site, discussion, change
):
    reader = app.test_client()
    url = thread_url(site.prop_a_id)
    reader.get(url)
    before = reader.get(url)
    assert served(before) == "hit"
    shows, goes = change(app, site, discussion)
    after = reader.get(url)
    assert served(after) == "miss"
    assert after.headers["ETag"] != before.headers["ETag"]
    said_before, said_after = json.dumps(before.json), json.dumps(after.json)
    if shows is not None:
        assert shows not in said_before and shows in said_after
    if goes is not None:
        assert goes in said_before and goes not in said_after


def test_a_new_address_sends_readers_of_the_cached_page_to_it(app, site):
    reader = cached_reader(app, site.prop_a_url)
    edit_proposition_a(app, site, slug="sunday-libraries")
    response = reader.get(site.prop_a_url)
    assert response.status_code in (301, 308) and served(response) is None
    new_url = "/workstreams/public-services/sunday-libraries/"
    assert response.headers["Location"].endswith(new_url)
    assert "Open every library on Sundays" in fresh_view(reader, new_url)
    assert served(reader.get(new_url)) == "hit"


def test_a_proposition_taken_back_to_draft_is_gone_at_once(app, site):
    add_comment(app, site.prop_a_id, "Said in public", name="Ann Public")
    reader = cached_reader(app, site.prop_a_url)
    url = thread_url(site.prop_a_id)
    reader.get(url)
    etag = reader.get(url).headers["ETag"]
    edit_proposition_a(app, site, status="draft")
    for response in (
        reader.get(site.prop_a_url),
        reader.get(url),
        reader.get(url, headers={"If-None-Match": etag}),
    ):
        assert response.status_code == 404 and served(response) is None


@pytest.fixture
def clock(monkeypatch):
    """Stop the app's clock: everything that asks forum.models.utcnow gets ``clock.now``."""
    stopped = Clock()
    monkeypatch.setattr(models, "utcnow", stopped)
    return stopped


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SECONDS": 30 * 86400}], indirect=True)
def test_comments_closing_by_themselves_show_however_long_entries_are_kept(app, site, clock):
    # tests/manage/test_public_pages.py covers this with entries kept a minute; here they
    # are kept a month, so only the closing time itself can make the copy stale.
    edit_proposition_a(app, site, close_after_days="3")
    closes = proposition_row(app, id=site.prop_a_id)["published_at"] + timedelta(days=3)
    clock.set(closes - timedelta(hours=1))
    reader = cached_reader(app, site.prop_a_url)
    assert 'name="body"' in text(reader.get(site.prop_a_url))
    clock.set(closes + timedelta(seconds=1))
    page = fresh_view(reader, site.prop_a_url)
    assert "Comments are closed" in page and 'name="body"' not in page
    assert served(reader.get(site.prop_a_url)) == "hit"
