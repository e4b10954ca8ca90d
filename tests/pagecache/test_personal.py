"""Nothing personal is served from the cache, and nothing personal goes into it."""

import re
from html import unescape

from werkzeug.http import parse_cookie

from tests.conftest import csrf_from, person_in_header, post_form, sign_in
from tests.pagecache.support import cached_reader, served, stored_text, text

HELD = "Held until a facilitator reads it"
FLASH = "Your comment is awaiting moderation. A facilitator will check it soon."
GUEST = {"name": "Jo Smith", "email": "jo.saved@example.org", "website": "", "body": HELD}


def filled_in(page: str, field: str) -> str | None:
    """Return the value a form field is filled in with, if any."""
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def test_a_signed_in_reader_is_never_served_from_the_cache_and_sees_their_name(app, site):
    cached_reader(app, site.prop_a_url)
    admin = app.test_client()
    sign_in(admin, site.admin)
    for _ in range(2):
        response = admin.get(site.prop_a_url)
        assert response.status_code == 200 and served(response) is None
        page = text(response)
        assert person_in_header(page) == "Ada Admin"
        assert "You are commenting as <strong>Ada Admin</strong>" in page
    stored = stored_text(app)
    assert person_in_header(stored) is None and "Ada Admin" not in stored
    assert served(app.test_client().get(site.prop_a_url)) == "hit"


def test_a_guest_sees_their_held_comment_while_other_readers_get_the_cached_page(app, site):
    reader = cached_reader(app, site.prop_a_url)
    guest = app.test_client()
    response = post_form(guest, site.prop_a_url, site.prop_a_post, GUEST)
    assert response.status_code == 303
    own = guest.get(response.headers["Location"])
    assert served(own) is None
    assert FLASH in text(own) and HELD in text(own)
    again = guest.get(site.prop_a_url)
    assert served(again) is None and HELD in text(again) and FLASH not in text(again)

    after = reader.get(site.prop_a_url)
    assert served(after) == "miss" and HELD not in text(after)
    stranger = app.test_client().get(site.prop_a_url)
    assert served(stranger) == "hit" and HELD not in text(stranger)
    assert HELD not in stored_text(app)


def test_saved_guest_details_are_filled_in_and_never_cached(app, site):
    cached_reader(app, site.prop_a_url)
    guest = app.test_client()
    posted = post_form(guest, site.prop_a_url, site.prop_a_post, {**GUEST, "remember": "y"})
    assert posted.status_code == 303
    saved = guest.get_cookie("comment_author")
    assert saved is not None
    # The next day: the browser's session is gone, the saved details (kept a year) are not.
    returning = app.test_client()
    returning.set_cookie("comment_author", parse_cookie(f"v={saved.value}")["v"])
    for _ in range(2):
        response = returning.get(site.prop_a_url)
        assert response.status_code == 200 and served(response) is None
        page = text(response)
        assert filled_in(page, "name") == "Jo Smith"
        assert filled_in(page, "email") == "jo.saved@example.org"
    assert "jo.saved@example.org" not in stored_text(app)
    assert not filled_in(text(app.test_client().get(site.prop_a_url)), "email")


def test_a_reader_remembered_by_their_cookie_alone_is_never_served_from_the_cache(app, site):
    cached_reader(app, site.prop_a_url)
    browser = app.test_client()
    sign_in(browser, site.participant, remember=True)
    remembered = browser.get_cookie("remember_token")
    assert remembered is not None
    # The browser was closed: its session is gone, the remember-me cookie is not.
    returning = app.test_client()
    returning.set_cookie("remember_token", parse_cookie(f"v={remembered.value}")["v"])
    for _ in range(2):
        response = returning.get(site.prop_a_url)
        assert response.status_code == 200 and served(response) is None
        assert person_in_header(text(response)) == "Pat Participant"
    assert person_in_header(stored_text(app)) is None


def test_after_signing_out_the_reader_is_told_then_served_the_cached_page(app, site):
    cached_reader(app, site.prop_a_url)
    browser = app.test_client()
    sign_in(browser, site.participant)
    page = text(browser.get(site.prop_a_url))
    sign_out = unescape(re.search(r'formaction="(/logout[^"]*)"', page).group(1))
    response = browser.post(sign_out, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    told = browser.get(site.prop_a_url)
    assert served(told) is None and "You have signed out." in text(told)
    assert person_in_header(text(told)) is None
    response = browser.get(site.prop_a_url)
    assert served(response) == "hit" and person_in_header(text(response)) is None
    assert "You have signed out." not in text(response)


def test_a_guest_sees_the_edit_link_of_their_published_comment_and_others_do_not(app, site):
    app.config["COMMENTS_HOLD_FIRST_GUEST"] = False
    reader = cached_reader(app, site.prop_a_url)
    guest = app.test_client()
    posted = post_form(guest, site.prop_a_url, site.prop_a_post, {**GUEST, "body": "Out at once"})
    assert posted.status_code == 303
    comment_id = int(posted.headers["Location"].rpartition("#comment-")[2])
    edit_link = f'href="/comments/{comment_id}/edit"'
    own = guest.get(site.prop_a_url)
    assert served(own) is None and edit_link in text(own)
    rendered, from_cache = reader.get(site.prop_a_url), reader.get(site.prop_a_url)
    assert (served(rendered), served(from_cache)) == ("miss", "hit")
    for response in (rendered, from_cache):
        assert "Out at once" in text(response) and edit_link not in text(response)
    assert edit_link not in stored_text(app)
