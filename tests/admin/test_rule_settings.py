"""The comment rules an admin sets: held and blocked words, reports, the edit window, and each
workstream's own rules in place of the site's."""

from html import unescape

import pytest

from forum.settings import current_settings
from tests.admin.conftest import audit_log, error_messages, text, workstream
from tests.admin.test_settings import nothing_saved, save, stored
from tests.conftest import post_form

EDIT = "/manage/workstreams/public-services/edit"


def edit_rules(app, admin, **rules):
    """Save workstream A's edit page as it stands, with its comment rules changed."""
    row = workstream(app, "public-services")
    data = {name: str(row[name]) for name in ("title", "number", "slug", "summary", "description")}
    data["is_open"] = "y"
    return post_form(admin, EDIT, EDIT, {**data, **rules})


def guest_posts(app, site, body: str, url: str | None = None, action: str | None = None):
    """Send a guest's comment on proposition A (or another) and return the response."""
    data = {"name": "Jo", "email": "jo@example.org", "body": body}
    return post_form(app.test_client(), url or site.prop_a_url, action or site.prop_a_post, data)


def test_the_settings_page_has_the_new_rules_with_their_defaults(app, admin, site):
    page = unescape(text(admin.get("/manage/settings")))
    assert 'name="held_words"' in page and 'name="blocked_words"' in page
    assert "One word or phrase on each line." in page
    assert "“casino” matches “Casino” but not “casinos”. Leave blank for none." in page
    assert "Reports that hide a comment until a facilitator reviews it" in page
    assert "From 1 to 100. Leave blank to use the default: 3." in page
    assert "From 0 to 1440. Leave blank to use the default: 15." in page


def test_word_lists_are_stored_one_a_line_and_shown_back(app, admin, site):
    response = save(admin, held_words="  Casino \r\n\r\ncasino\r\n free   money ", blocked_words="")
    assert response.status_code == 303
    row = stored(app)
    assert row.held_words == "Casino\nfree money" and row.blocked_words is None
    page = text(admin.get("/manage/settings"))
    assert "Casino\nfree money</textarea>" in page
    entry = audit_log(app)[-1]
    assert entry["summary"] == "Changed the held words"
    assert entry["after"] == {"held_words": "Casino\nfree money"}


def test_a_word_too_long_is_explained_and_the_list_kept(app, admin, site):
    long = "x" * 101
    response = save(admin, blocked_words=f"spam\n{long}")
    assert response.status_code == 422
    page = unescape(text(response))
    [message] = error_messages(page)
    assert message.startswith("Each word or phrase must be 100 characters or fewer.")
    assert f"spam\n{long}</textarea>" in page
    assert nothing_saved(app)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"report_threshold": "0"}, "Enter a whole number from 1 to 100."),
        ({"report_threshold": "101"}, "Enter a whole number from 1 to 100."),
        ({"edit_minutes": "1441"}, "Enter a whole number from 0 to 1440."),
        ({"edit_minutes": "a while"}, "Enter a whole number, like 5."),
    ],
)
def test_numbers_out_of_range_are_explained(app, admin, site, changes, message):
    response = save(admin, **changes)
    assert response.status_code == 422
    assert error_messages(unescape(text(response))) == [message]


def test_reports_and_the_edit_window_come_from_settings_then_configuration(app, admin, site):
    with app.test_request_context():
        assert (current_settings().report_threshold, current_settings().edit_minutes) == (3, 15)
    app.config["COMMENTS_REPORT_THRESHOLD"] = 5
    with app.test_request_context():
        assert current_settings().report_threshold == 5
    save(admin, report_threshold="2", edit_minutes="0")
    row = stored(app)
    assert (row.report_threshold, row.edit_minutes) == (2, 0)
    with app.test_request_context():
        assert (current_settings().report_threshold, current_settings().edit_minutes) == (2, 0)


def test_words_saved_by_an_admin_take_effect_at_once(app, admin, site):
    save(admin, blocked_words="lottery")
    response = guest_posts(app, site, "Win the Lottery")
    assert response.status_code == 422
    assert "Your comment contains “lottery”" in unescape(text(response))


def test_the_workstream_page_offers_its_own_rules_over_the_sites(app, admin, site):
    save(admin, held_words="casino", hold_signed_in="yes", max_links="4")
    page = unescape(text(admin.get(EDIT)))
    assert "Comment rules for this workstream" in page
    assert "Leave blank to use the site's list: “casino”." in page
    assert "Leave blank to use the site's list, which is empty." in page
    assert "From 0 to 50. Leave blank to use the site's setting: 4." in page
    assert "Use the site's setting (Yes)" in page
    assert 'name="hold_signed_in" type="radio" value="default" checked' in page


def test_an_admin_sets_a_workstreams_own_rules_and_they_apply_there_only(app, admin, site):
    response = edit_rules(
        app,
        admin,
        held_words="raffle\n\nRaffle",
        blocked_words="swindle",
        max_links="0",
        hold_signed_in="no",
    )
    assert response.status_code == 303
    stored_ws = workstream(app, "public-services")
    assert (stored_ws["held_words"], stored_ws["blocked_words"]) == ("raffle", "swindle")
    assert (stored_ws["max_links"], stored_ws["hold_signed_in"]) == (0, False)
    page = text(admin.get(response.headers["Location"]))
    assert "held words for this workstream" in page
    entry = audit_log(app)[-1]
    assert entry["before"] == {
        "held_words": None,
        "blocked_words": None,
        "max_links": None,
        "hold_signed_in": None,
    }
    assert entry["after"]["hold_signed_in"] is False

    form = unescape(text(admin.get(EDIT)))
    assert "raffle</textarea>" in form and "swindle</textarea>" in form
    assert 'name="hold_signed_in" type="radio" value="no" checked' in form

    refused = guest_posts(app, site, "What a swindle")
    assert refused.status_code == 422
    elsewhere = guest_posts(app, site, "What a swindle", site.prop_b_url, site.prop_b_post)
    assert elsewhere.status_code == 303


def test_blank_rules_go_back_to_the_sites(app, admin, site):
    edit_rules(app, admin, held_words="raffle", max_links="3", hold_signed_in="yes")
    edit_rules(app, admin, held_words="", max_links="", hold_signed_in="default")
    stored_ws = workstream(app, "public-services")
    assert (stored_ws["held_words"], stored_ws["max_links"], stored_ws["hold_signed_in"]) == (
        None,
        None,
        None,
    )


def test_saving_the_workstream_without_the_rules_leaves_them_as_they_are(app, admin, site):
    edit_rules(app, admin, held_words="raffle", hold_signed_in="yes", max_links="1")
    row = workstream(app, "public-services")
    data = {name: str(row[name]) for name in ("title", "number", "slug", "summary", "description")}
    post_form(admin, EDIT, EDIT, {**data, "is_open": "y", "title": "Renamed"})
    stored_ws = workstream(app, "public-services")
    assert stored_ws["title"] == "Renamed"
    assert (stored_ws["held_words"], stored_ws["hold_signed_in"], stored_ws["max_links"]) == (
        "raffle",
        True,
        1,
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"max_links": "51"}, "Enter a whole number from 0 to 50."),
        ({"max_links": "many"}, "Enter a whole number, like 5."),
        ({"hold_signed_in": "maybe"}, "Choose the site's setting, yes or no."),
        ({"held_words": "y" * 101}, "Each word or phrase must be 100 characters or fewer."),
    ],
)
def test_bad_workstream_rules_are_explained_and_kept(app, admin, site, rules, message):
    response = edit_rules(app, admin, blocked_words="keep me", **rules)
    assert response.status_code == 422
    page = unescape(text(response))
    [shown] = error_messages(page)
    assert shown.startswith(message)
    assert "keep me</textarea>" in page
    assert workstream(app, "public-services")["blocked_words"] is None
