"""The audit log: every change recorded, readable by admins, never changed afterwards."""

from html import unescape

import pytest

from forum.audit import record
from forum.extensions import db
from forum.models import User
from tests import factories
from tests.admin.conftest import TAG_RE, audit_log, person, text
from tests.conftest import count_queries, csrf_from, post_form, sign_in


def every_kind_of_change(app, client, site):
    """Make one change of each kind through the pages, yielding after each."""
    post_form(
        client,
        "/manage/workstreams/new",
        "/manage/workstreams/new",
        {"title": "Homes", "number": "3", "description": "About homes", "is_open": "y"},
    )
    yield "workstream.create"
    edit = "/manage/workstreams/homes/edit"
    post_form(client, edit, edit, {"title": "Homes and streets", "number": "3", "slug": "homes"})
    yield "workstream.update"
    token = csrf_from(text(client.get("/manage/workstreams/")))
    client.post("/manage/workstreams/homes/move", data={"csrf_token": token, "direction": "up"})
    yield "workstream.move"
    post_form(client, edit, "/manage/workstreams/homes/facilitators", {"email": site.participant})
    yield "facilitator.add"
    pat = person(app, site.participant).id
    client.post(f"/manage/workstreams/homes/facilitators/{pat}/remove", data={"csrf_token": token})
    yield "facilitator.remove"
    post_form(client, f"/manage/people/{pat}", f"/manage/people/{pat}/role", {"role": "admin"})
    yield "person.role"
    post_form(
        client,
        "/manage/settings",
        "/manage/settings",
        {"name": "Renamed", "hold_first_guest": "default", "hold_signed_in": "no"},
    )
    yield "settings.update"


def test_every_change_is_recorded_and_entries_only_ever_grow(app, admin, site):
    seen = audit_log(app)
    actions = []
    for action in every_kind_of_change(app, admin, site):
        now = audit_log(app)
        # Nothing recorded earlier changed or went away; the newest entries are this change's.
        assert now[: len(seen)] == seen, f"an earlier entry changed during {action}"
        new = now[len(seen) :]
        assert new and {entry["action"] for entry in new} == {action}
        assert all(entry["actor"] == site.admin for entry in new)
        actions += [entry["action"] for entry in new]
        seen = now
    assert actions == [
        "workstream.create",
        "workstream.update",
        "workstream.move",
        "workstream.move",
        "facilitator.add",
        "facilitator.remove",
        "person.role",
        "settings.update",
    ]


def test_the_audit_log_page_shows_who_what_when_and_before_and_after(app, admin, site):
    for _ in every_kind_of_change(app, admin, site):
        pass
    page = text(admin.get("/manage/audit"))
    assert page.count('class="govuk-summary-card"') == len(audit_log(app))
    # Newest first.
    assert page.index("Changed the summit name") < page.index("Created workstream Proposition 3")
    assert "Ada Admin (admin@example.org)" in page
    assert "<code>person.role</code>" in page
    words = " ".join(unescape(TAG_RE.sub(" ", page)).split())
    assert "Role Before: participant After: admin" in words
    assert "Holding signed-in comments Before: Not set After: No" in words
    assert "Made with Title Homes Web address homes Proposition number 3" in words
    assert "Title Before: Homes After: Homes and streets" in words
    assert "Facilitators Before: None After: Pat Participant (pat@example.org)" in words


def test_changes_made_by_set_up_commands_show_no_one_signed_in(app, admin, site):
    page = text(admin.get("/manage/audit"))
    # The small summit was made by the factories, with no one signed in.
    assert "Set-up, with no one signed in" in page
    assert "Created workstream Proposition 1: Public services" in page


def test_the_audit_log_is_paged_newest_first(app, admin, site):
    with app.app_context():
        ada = db.session.get(User, person(app, site.admin).id)
        for number in range(30):
            record(ada, "test.entry", ada, f"Entry {number:02}")
        db.session.commit()
    first = text(admin.get("/manage/audit"))
    assert "Entry 29" in first and "Entry 05" in first and "Entry 04" not in first
    assert 'href="/manage/audit?page=2"' in first
    second = text(admin.get("/manage/audit?page=2"))
    assert "Entry 04" in second and "Entry 29" not in second


def test_the_audit_log_page_runs_the_same_queries_however_many_authors(app, admin, site):
    def queries_for_page() -> int:
        with count_queries(app) as statements:
            assert admin.get("/manage/audit").status_code == 200
        return len(statements)

    few = queries_for_page()
    with app.app_context():
        for number in range(10):
            author = factories.user(f"author{number}@example.org", f"Author {number}")
            record(author, "test.entry", author, f"By author {number}")
        db.session.commit()
    assert queries_for_page() == few


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_route_changes_or_deletes_the_audit_log(app, admin, site, method):
    before = audit_log(app)
    token = csrf_from(text(admin.get("/manage/settings")))
    response = admin.open("/manage/audit", method=method, data={"csrf_token": token})
    assert response.status_code == 405
    entry_id = before[0]["id"]
    for path in (f"/manage/audit/{entry_id}", f"/manage/audit/{entry_id}/delete"):
        assert admin.open(path, method=method, data={"csrf_token": token}).status_code == 404
    assert audit_log(app) == before


def test_the_only_audit_route_is_the_read_only_page(app):
    rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert [(rule.rule, sorted(rule.methods)) for rule in rules] == [
        ("/manage/audit", ["GET", "HEAD", "OPTIONS"])
    ]


@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_only_admins_read_the_audit_log(client, site, who):
    sign_in(client, getattr(site, who))
    assert client.get("/manage/audit").status_code == 403
