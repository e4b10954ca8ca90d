"""The workspace pages through the real client: dashboard, editor, preview, publish, archive."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from forum.errors import CSRF_MESSAGE
from forum.extensions import db
from forum.models import CommentStatus, Proposition, PropositionStatus, utcnow
from tests import factories
from tests.conftest import csrf_from, post_form, sign_in
from tests.manage.support import (
    NEW_A,
    audit_log,
    edit_url,
    form,
    old_slugs,
    person,
    proposition_row,
    text,
    workstream,
)


def create(client, **changes):
    """Post the new-proposition form in workstream A."""
    return post_form(client, NEW_A, NEW_A, form(**changes))


def test_signing_in_is_needed_and_participants_are_refused(client, site):
    for url in ("/manage/", NEW_A, edit_url(site.prop_a_id)):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    sign_in(client, site.participant)
    for url in ("/manage/", NEW_A, edit_url(site.prop_a_id)):
        assert client.get(url).status_code == 403


def test_dashboard_shows_a_facilitators_own_work_by_stage(app, client, site):
    with app.app_context():
        ws_a, fiona = workstream(site.ws_a), person(site.facilitator)
        factories.proposition(ws_a, fiona, "Half-written idea", status=PropositionStatus.DRAFT)
        factories.proposition(
            ws_a,
            fiona,
            "Coming on Monday",
            status=PropositionStatus.SCHEDULED,
            published_at=utcnow() + timedelta(days=3),
        )
        prop_a = db.session.get(Proposition, site.prop_a_id)
        factories.comment(prop_a, "Held", status=CommentStatus.PENDING)
        db.session.commit()
    sign_in(client, site.facilitator)
    page = text(client.get("/manage/"))
    assert '<h1 class="govuk-heading-xl">Your workspace</h1>' in page
    assert page.index("Drafts (1)") < page.index("Half-written idea") < page.index("Scheduled (1)")
    assert page.index("Coming on Monday") < page.index("Published (1)")
    assert "Open every library on Sundays" in page and "Plant a tree" not in page
    assert f'href="{site.prop_a_url}#comments">1 comment awaiting moderation' in page
    assert f'href="{NEW_A}"' in page and "/manage/workstreams/climate/" not in page


def test_admins_see_every_workstream(client, site):
    sign_in(client, site.admin)
    page = text(client.get("/manage/"))
    assert "Open every library on Sundays" in page and "Plant a tree for every child" in page
    assert 'href="/manage/workstreams/climate/propositions/new"' in page


def test_writing_a_proposition(app, client, site):
    sign_in(client, site.facilitator)
    page = text(client.get(NEW_A))
    assert "Write a proposition" in page and "Proposition 1: Public services" in page
    assert 'name="workstream' not in page
    response = create(client)
    row = proposition_row(app, slug="free-buses-for-everyone")
    assert response.status_code == 303
    assert response.headers["Location"] == edit_url(row["id"])
    assert row["status"] == PropositionStatus.PUBLISHED and row["tags"] == [
        "Libraries",
        "Transport",
    ]
    assert row["workstream_id"] == proposition_row(app, id=site.prop_a_id)["workstream_id"]
    edit = text(client.get(response.headers["Location"]))
    assert "“Free buses for everyone” was saved and is published." in edit
    assert 'href="/workstreams/public-services/free-buses-for-everyone/"' in edit
    assert (
        app.test_client().get("/workstreams/public-services/free-buses-for-everyone/").status_code
        == 200
    )
    [entry] = audit_log(app)
    assert (entry.action, entry.target_id) == ("proposition.create", row["id"])


def test_mistakes_are_listed_and_nothing_typed_is_lost(app, client, site):
    sign_in(client, site.facilitator)
    response = create(
        client,
        title="",
        body="Keep <this> & that",
        tags="Mine, Yours",
        status="scheduled",
        publish_date=["31", "2", "2027"],
        publish_time="9.75",
        close_after_days="soon",
    )
    assert response.status_code == 422
    page = text(response)
    assert "<title>Error: Write a proposition" in page and "There is a problem" in page
    for anchor, message in [
        ("title", "Enter a title."),
        ("publish_date-day", "The date must be a real date, like 27 11 2026."),
        ("publish_time", "Enter a real time, like 14:30."),
        ("close_after_days", "Enter the number of days as a whole number"),
    ]:
        assert re.search(rf'<a href="#{anchor}">{re.escape(message)}', page), anchor
    assert ">Keep &lt;this&gt; &amp; that</textarea>" in page
    assert 'value="Mine, Yours"' in page and 'value="9.75"' in page and 'value="soon"' in page
    assert 'id="publish_date-day" name="publish_date" type="text" value="31"' in page
    assert 'value="scheduled" checked' in page
    assert proposition_row(app, title="") is None and audit_log(app) == []


def test_a_slug_clash_and_a_past_date_get_clear_messages(app, client, site):
    sign_in(client, site.facilitator)
    clash = create(client, title="Open every library on Sundays")
    assert clash.status_code == 409
    assert (
        '<a href="#slug">Another proposition in this workstream uses the web address '
        "“open-every-library-on-sundays”. Enter a different one.</a>" in text(clash)
    )
    yesterday = datetime.now(ZoneInfo("Europe/London")) - timedelta(days=1)
    past = create(
        client,
        status="scheduled",
        publish_date=[str(yesterday.day), str(yesterday.month), str(yesterday.year)],
        publish_time="10:00",
    )
    assert past.status_code == 422
    assert '<a href="#publish_date-day">The time to publish must be in the future.' in text(past)
    assert 'value="Free buses for everyone"' in text(past)
    assert proposition_row(app, slug="free-buses-for-everyone") is None


def test_scheduling_reads_and_shows_the_time_in_the_summits_time_zone(app, client, site):
    sign_in(client, site.facilitator)
    day = date(utcnow().year + 1, 7, 1)  # British Summer Time: UTC+1
    response = create(
        client,
        status="scheduled",
        publish_date=[str(day.day), str(day.month), str(day.year)],
        publish_time="14:30",
    )
    assert response.status_code == 303
    row = proposition_row(app, slug="free-buses-for-everyone")
    assert row["published_at"] == datetime.combine(day, time(13, 30), tzinfo=ZoneInfo("UTC"))
    page = text(client.get(edit_url(row["id"])))
    assert 'value="scheduled" checked' in page
    assert f'id="publish_date-year" name="publish_date" type="text" value="{day.year}"' in page
    assert 'id="publish_time" name="publish_time" type="text" value="14:30"' in page
    assert f"(to be published 1 July {day.year} at 2:30pm)" in page
    assert (
        app.test_client().get("/workstreams/public-services/free-buses-for-everyone/").status_code
        == 404
    )
    assert [entry.action for entry in audit_log(app)] == ["proposition.create"]


def test_editing_shows_the_saved_values_and_saves_changes(app, client, site):
    sign_in(client, site.facilitator)
    url = edit_url(site.prop_a_id)
    page = text(client.get(url))
    assert 'value="Open every library on Sundays"' in page and 'value="Libraries"' in page
    assert 'value="published" checked' in page
    response = post_form(
        client,
        url,
        url,
        form(
            title="Open libraries on Sundays", slug="sunday-libraries", tags="", comments_open=None
        ),
    )
    assert response.status_code == 303 and response.headers["Location"] == url
    row = proposition_row(app, id=site.prop_a_id)
    assert (row["slug"], row["tags"], row["comments_open"]) == ("sunday-libraries", [], False)
    assert old_slugs(app, site.prop_a_id) == ["open-every-library-on-sundays"]
    [entry] = audit_log(app)
    assert entry.action == "proposition.update"
    assert entry.before["slug"] == "open-every-library-on-sundays"
    assert entry.after["slug"] == "sunday-libraries" and entry.after["comments_open"] is False


def test_preview_shows_the_rendered_text_and_saves_nothing(app, client, site):
    sign_in(client, site.facilitator)
    body = "## Why\n\nBecause <script>alert(1)</script> **we can**."
    response = post_form(client, NEW_A, f"{NEW_A}/preview", form(title="", body=body))
    assert response.status_code == 200
    page = text(response)
    assert '<h2 class="govuk-heading-l" id="preview-title">Preview</h2>' in page
    assert "<h2>Why</h2>" in page and "<strong>we can</strong>" in page
    assert "<script>alert" not in page and "There is a problem" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # what was typed, in the textarea
    url = edit_url(site.prop_a_id)
    edited = post_form(client, url, f"{url}/preview", form(body="Only *this*"))
    assert "<p>Only <em>this</em></p>" in text(edited)
    assert proposition_row(app, id=site.prop_a_id)["body"] == "We propose **this**."
    empty = post_form(client, NEW_A, f"{NEW_A}/preview", form(body=""))
    assert empty.status_code == 422 and "Write some text to preview." in text(empty)
    assert audit_log(app) == []


def test_an_expired_form_comes_back_filled_in(app, client, site):
    sign_in(client, site.facilitator)
    response = client.post(NEW_A, data=form(title="Still here", csrf_token="stale"))
    assert response.status_code == 400
    page = text(response)
    assert CSRF_MESSAGE in page and 'value="Still here"' in page
    assert proposition_row(app, title="Still here") is None
    url = edit_url(site.prop_a_id)
    assert client.post(url, data=form(title="Edit kept", csrf_token="x")).status_code == 400
    other = app.test_client()
    sign_in(other, site.other_facilitator)
    refused = other.post(url, data=form(csrf_token="x"))
    assert refused.status_code == 403 and "Open every library" not in text(refused)
    anonymous = app.test_client().post(url, data=form(csrf_token="x"))
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_publish_now_and_archive_buttons(app, client, site):
    with app.app_context():
        draft = factories.proposition(
            workstream(site.ws_a), person(site.facilitator), "Draft", status=PropositionStatus.DRAFT
        )
        db.session.commit()
        draft_id = draft.id
    sign_in(client, site.facilitator)
    page = text(client.get(edit_url(draft_id)))
    assert f'action="/manage/propositions/{draft_id}/publish"' in page
    response = client.post(
        f"/manage/propositions/{draft_id}/publish", data={"csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303 and response.headers["Location"] == edit_url(draft_id)
    assert proposition_row(app, id=draft_id)["status"] == PropositionStatus.PUBLISHED

    page = text(client.get(edit_url(draft_id)))
    assert "“Draft” is published." in page
    archive = f"/manage/propositions/{draft_id}/archive"
    assert f'action="{archive}"' in page
    assert client.post(archive, data={"csrf_token": csrf_from(page)}).status_code == 303
    assert proposition_row(app, id=draft_id)["status"] == PropositionStatus.ARCHIVED
    assert [e.action for e in audit_log(app)] == ["proposition.publish", "proposition.archive"]


def test_archiving_a_draft_says_why_not(app, client, site):
    with app.app_context():
        draft = factories.proposition(
            workstream(site.ws_a), person(site.facilitator), "Draft", status=PropositionStatus.DRAFT
        )
        db.session.commit()
        draft_id = draft.id
    sign_in(client, site.facilitator)
    token = csrf_from(text(client.get(edit_url(draft_id))))
    response = client.post(f"/manage/propositions/{draft_id}/archive", data={"csrf_token": token})
    assert response.status_code == 303
    assert "Only a published proposition can be archived." in text(client.get(edit_url(draft_id)))
    assert proposition_row(app, id=draft_id)["status"] == PropositionStatus.DRAFT


def test_get_never_changes_anything(app, client, site):
    sign_in(client, site.facilitator)
    for url in (
        f"/manage/propositions/{site.prop_a_id}/publish",
        f"/manage/propositions/{site.prop_a_id}/archive",
    ):
        assert client.get(url).status_code == 405
    assert audit_log(app) == []


def test_an_edit_that_clashes_is_shown_again_and_changes_nothing(app, client, site):
    with app.app_context():
        factories.proposition(workstream(site.ws_a), person(site.facilitator), "Second idea")
        db.session.commit()
    sign_in(client, site.facilitator)
    url = edit_url(site.prop_a_id)
    response = post_form(client, url, url, form(title="Renamed", slug="second-idea", body="New"))
    assert response.status_code == 409
    page = text(response)
    assert '<a href="#slug">Another proposition in this workstream uses the web address' in page
    assert 'value="Renamed"' in page and 'value="second-idea"' in page and ">New</textarea>" in page
    assert 'href="/workstreams/public-services/open-every-library-on-sundays/"' in page
    row = proposition_row(app, id=site.prop_a_id)
    assert (row["title"], row["slug"]) == (
        "Open every library on Sundays",
        "open-every-library-on-sundays",
    )
    assert old_slugs(app, site.prop_a_id) == [] and audit_log(app) == []


@pytest.mark.parametrize(("who", "runs_summit"), [("admin", True), ("facilitator", False)])
def test_only_admins_see_the_summit_tools_on_the_dashboard(client, site, who, runs_summit):
    sign_in(client, getattr(site, who))
    page = client.get("/manage/").get_data(as_text=True)
    for url in ("/manage/workstreams/", "/manage/people/", "/manage/settings", "/manage/audit"):
        assert (f'href="{url}"' in page) is runs_summit


def test_the_editor_names_the_proposition_in_the_page_title(client, site):
    sign_in(client, site.facilitator)
    page = client.get(f"/manage/propositions/{site.prop_a_id}/edit").get_data(as_text=True)
    assert "<title>Edit proposition: Open every library on Sundays – Summit Forum</title>" in page
