"""Site settings in the browser: stored in the database, defaults from the configuration."""

from html import unescape
from zoneinfo import ZoneInfo

import pytest

from forum.admin.settings_services import SETTING_NAMES
from forum.extensions import db
from forum.models import SiteSettings
from tests.admin.conftest import audit_log, error_messages, text
from tests.conftest import post_form, sign_in

BLANK = {
    "name": "",
    "tagline": "",
    "dates_and_place": "",
    "intro": "",
    "timezone": "",
    "hold_first_guest": "default",
    "hold_signed_in": "default",
    "max_links": "",
    "max_depth": "",
    "threads_per_page": "",
}


def save(client, follow_redirects: bool = False, **changes):
    """Post the settings form: every field blank (the defaults) but those given."""
    data = {**BLANK, **changes}
    return post_form(
        client, "/manage/settings", "/manage/settings", data, follow_redirects=follow_redirects
    )


def stored(app) -> SiteSettings | None:
    """Return the stored settings row, detached, or None."""
    with app.app_context():
        row = db.session.get(SiteSettings, 1)
        db.session.expunge_all()
        return row


def nothing_saved(app) -> bool:
    """Whether no setting has been saved: no row, or one holding only the page cache's version.

    The page cache (forum/pagecache.py) makes the row to bump the site's version when
    workstreams or people change; every setting in it is then still empty.
    """
    row = stored(app)
    return row is None or all(getattr(row, name) is None for name in SETTING_NAMES)


def site_version(app) -> int:
    """Return the site's version, which every change to the settings bumps (0: no row)."""
    row = stored(app)
    return row.version if row is not None else 0


def test_the_form_shows_the_defaults_in_its_hints(app, admin, site):
    page = unescape(text(admin.get("/manage/settings")))
    assert "Leave blank to use the default: “Summit Forum”." in page
    assert "Leave blank to use the default: “Europe/London”." in page
    assert "From 0 to 50. Leave blank to use the default: 2." in page
    assert "Use the default (Yes)" in page and "Use the default (No)" in page
    assert "Should a guest's first comment wait for a facilitator before it appears?\n" in page
    assert "then add your view.”\n" in page  # no second full stop after the default's own
    version = site_version(app)
    admin.get("/manage/settings")
    assert nothing_saved(app) and site_version(app) == version  # reading writes nothing


def test_an_admin_sets_the_summit_details_and_the_home_page_shows_them(app, admin, site):
    version = site_version(app)
    response = save(
        admin,
        name="Villages Summit 2027",
        tagline="  Small places, big ideas  ",
        dates_and_place="12 to 14 March 2027, Leeds",
        intro="Read the **propositions** <script>alert(1)</script>",
        timezone="america/new_york",
    )
    assert response.status_code == 303
    row = stored(app)
    assert row.name == "Villages Summit 2027" and row.tagline == "Small places, big ideas"
    assert row.timezone == "America/New_York"
    assert row.intro_html == (
        "<p>Read the <strong>propositions</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert row.version > version
    home = text(admin.get("/"))
    assert "<title>Villages Summit 2027</title>" in home
    assert "Small places, big ideas" in home and "12 to 14 March 2027, Leeds" in home
    assert row.intro_html in home
    assert "<script>alert" not in home


def test_saving_shows_the_change_at_once_in_the_same_response(app, admin, site):
    response = save(admin, name="Renamed", follow_redirects=True)
    assert "Renamed" in text(response) and "Saved the settings: changed summit name." in text(
        response
    )


def test_blank_fields_go_back_to_the_defaults(app, admin, site):
    save(admin, name="Renamed", max_links="7", hold_first_guest="no")
    version = site_version(app)
    save(admin)
    row = stored(app)
    assert (row.name, row.max_links, row.hold_first_guest) == (None, None, None)
    assert row.version > version
    assert "<title>Summit Forum</title>" in text(admin.get("/"))


def test_the_form_shows_what_is_stored(app, admin, site):
    save(admin, tagline="Talk together", max_depth="3", hold_signed_in="yes")
    page = text(admin.get("/manage/settings"))
    assert 'value="Talk together"' in page and 'value="3"' in page
    assert 'name="hold_signed_in" type="radio" value="yes" checked' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "Enter a time zone name from the IANA list"),
        ({"max_links": "51"}, "Enter a whole number from 0 to 50."),
        ({"max_links": "-1"}, "Enter a whole number from 0 to 50."),
        ({"max_depth": "0"}, "Enter a whole number from 1 to 10."),
        ({"max_depth": "11"}, "Enter a whole number from 1 to 10."),
        ({"threads_per_page": "4"}, "Enter a whole number from 5 to 200."),
        ({"threads_per_page": "201"}, "Enter a whole number from 5 to 200."),
        ({"threads_per_page": "ten"}, "Enter a whole number, like 5."),
        ({"hold_first_guest": "maybe"}, "Choose yes, no or the default."),
        ({"hold_signed_in": ""}, "Choose yes, no or the default."),
        ({"name": "x" * 121}, "Use 120 characters or fewer."),
    ],
)
def test_bad_values_are_explained_and_kept(app, admin, site, changes, message):
    response = save(admin, tagline="Keep me", **changes)
    assert response.status_code == 422
    page = unescape(text(response))
    [shown] = error_messages(page)
    assert shown.startswith(message)
    assert 'value="Keep me"' in page
    assert nothing_saved(app)


def test_the_edges_of_each_range_are_accepted(app, admin, site):
    save(admin, max_links="0", max_depth="10", threads_per_page="5")
    row = stored(app)
    assert (row.max_links, row.max_depth, row.threads_per_page) == (0, 10, 5)


def test_comment_rules_take_effect(app, admin, client, site):
    save(admin, hold_first_guest="no", max_depth="2", threads_per_page="5")
    guest = app.test_client()
    data = {"name": "Jo", "email": "jo@example.org", "body": "Hello"}
    response = post_form(guest, site.prop_a_url, site.prop_a_post, data)
    assert "Your comment has been published." in text(guest.get(response.headers["Location"]))


def test_the_time_zone_setting_changes_how_times_are_shown(app, admin, site):
    save(admin, timezone="Pacific/Auckland")
    page = text(admin.get("/manage/audit"))
    entry = audit_log(app)[-1]
    local = entry["created_at"].astimezone(ZoneInfo("Pacific/Auckland"))
    hour = local.hour % 12 or 12
    assert f"{local.day} {local:%B %Y} at {hour}:{local:%M}" in page


def test_changes_are_audited_with_before_and_after(app, admin, site):
    save(admin, name="New name", max_links="5")
    entry = audit_log(app)[-1]
    assert entry["action"] == "settings.update" and entry["actor"] == site.admin
    assert entry["before"] == {"name": None, "max_links": None}
    assert entry["after"] == {"name": "New name", "max_links": 5}
    assert entry["summary"] == "Changed the summit name, links allowed"


def test_saving_without_changes_records_nothing(app, admin, site):
    save(admin, name="Once")
    before, version = len(audit_log(app)), site_version(app)
    response = save(admin, name="Once", follow_redirects=True)
    assert "You made no changes to the settings" in text(response)
    assert len(audit_log(app)) == before and site_version(app) == version


def test_an_expired_settings_form_is_shown_again_filled_in(app, admin, site):
    admin.get("/manage/settings")
    response = admin.post("/manage/settings", data={**BLANK, "tagline": "Mine", "csrf_token": "x"})
    assert response.status_code == 400
    page = text(response)
    assert "This form had expired" in page and 'value="Mine"' in page
    assert nothing_saved(app)


def test_an_expired_form_from_a_non_admin_is_refused(app, client, site):
    sign_in(client, site.participant)
    response = client.post("/manage/settings", data={**BLANK, "csrf_token": "x"})
    assert response.status_code == 403
    visitor = app.test_client()
    response = visitor.post("/manage/settings", data={**BLANK, "csrf_token": "x"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
