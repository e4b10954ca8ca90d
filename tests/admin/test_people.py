"""The people page: finding people, changing roles, naming facilitators, the last admin."""

from html import unescape

import pytest

from forum.admin.services import add_facilitator
from forum.extensions import db
from forum.models import Role, Workstream
from tests import factories
from tests.admin.conftest import audit_log, error_messages, person, text
from tests.conftest import count_queries, csrf_from, post_form, sign_in


def role_of(app, email: str) -> Role:
    """Return a person's stored role."""
    return person(app, email).role


def change_role(client, app, email: str, role: str):
    """Post the role form on a person's page."""
    url = f"/manage/people/{person(app, email).id}"
    return post_form(client, url, f"{url}/role", {"role": role})


def test_the_people_page_lists_everyone_with_role_and_workstreams(admin, site):
    page = text(admin.get("/manage/people/"))
    assert "4 people" in page
    for name in ("Ada Admin", "Boris Facilitator", "Fiona Facilitator", "Pat Participant"):
        assert name in page
    assert page.index("Ada Admin") < page.index("Pat Participant")
    assert "Proposition 1: Public services" in page and "Admin" in page


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("fiona", ["Fiona Facilitator"]),
        ("FACILITATOR", ["Boris Facilitator", "Fiona Facilitator"]),
        ("pat@example", ["Pat Participant"]),
        ("%", []),
        ("_", []),
        ("nobody", []),
    ],
)
def test_search_finds_people_by_name_or_email(admin, site, search, found):
    page = text(admin.get("/manage/people/", query_string={"q": search}))
    everyone = ("Ada Admin", "Boris Facilitator", "Fiona Facilitator", "Pat Participant")
    assert [name for name in everyone if f">{name}</a>" in page] == found
    if not found:
        assert "No one’s name or email address contains" in page


def test_the_people_list_is_paged_and_the_pages_keep_the_search(app, admin, site):
    with app.app_context():
        for number in range(30):
            factories.user(f"member{number:02}@example.org", f"Member {number:02}")
        db.session.commit()
    page = text(admin.get("/manage/people/?q=member"))
    assert "30 people" in page and "Member 00" in page and "Member 25" not in page
    assert 'href="/manage/people/?q=member&amp;page=2"' in page
    second = text(admin.get("/manage/people/?q=member&page=2"))
    assert "Member 25" in second and "Member 00" not in second
    assert ">Ada Admin</a>" not in second


def test_a_person_page_shows_their_role_and_workstreams(app, admin, site):
    page = text(admin.get(f"/manage/people/{person(app, site.facilitator).id}"))
    assert '<h1 class="govuk-heading-xl">Fiona Facilitator</h1>' in page
    assert "Proposition 1: Public services" in page
    assert "Stop facilitating" in page
    # Only the workstreams they don't facilitate yet are offered.
    assert '<option value="2"' in page and '<option value="1"' not in page


def test_an_unknown_person_is_not_found(admin, site):
    assert admin.get("/manage/people/999").status_code == 404


def test_an_admin_promotes_a_participant_to_admin_and_back(app, admin, site):
    response = change_role(admin, app, site.participant, "admin")
    assert response.status_code == 303
    assert role_of(app, site.participant) == Role.ADMIN
    assert "Pat Participant is now an admin." in text(admin.get(response.headers["Location"]))
    entry = audit_log(app)[-1]
    assert (entry["action"], entry["before"], entry["after"]) == (
        "person.role",
        {"role": "participant"},
        {"role": "admin"},
    )
    change_role(admin, app, site.participant, "participant")
    assert role_of(app, site.participant) == Role.PARTICIPANT


def test_choosing_the_same_role_changes_nothing(app, admin, site):
    before = len(audit_log(app))
    response = change_role(admin, app, site.participant, "participant")
    assert "Pat Participant is already a participant." in text(
        admin.get(response.headers["Location"])
    )
    assert len(audit_log(app)) == before


def test_an_unknown_role_is_refused(app, admin, site):
    response = change_role(admin, app, site.participant, "emperor")
    assert response.status_code == 422
    assert error_messages(text(response)) == ["Choose a role."]
    assert role_of(app, site.participant) == Role.PARTICIPANT


def test_the_last_admin_cannot_demote_themself(app, admin, site):
    before = len(audit_log(app))
    response = change_role(admin, app, site.admin, "participant")
    assert response.status_code == 422
    assert error_messages(unescape(text(response))) == [
        "You are the only admin. Make someone else an admin first, so the summit always has one."
    ]
    assert role_of(app, site.admin) == Role.ADMIN
    assert len(audit_log(app)) == before


def test_an_admin_can_step_down_when_another_admin_remains(app, admin, site):
    change_role(admin, app, site.participant, "admin")
    response = change_role(admin, app, site.admin, "participant")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert role_of(app, site.admin) == Role.PARTICIPANT
    assert admin.get("/manage/people/").status_code == 403


def test_the_last_admin_cannot_be_demoted_by_another_admin_who_stepped_down(app, client, site):
    """Two admins: one steps down, then the other can no longer be demoted by anyone."""
    sign_in(client, site.admin)
    change_role(client, app, site.participant, "admin")
    other = app.test_client()
    sign_in(other, site.participant)
    change_role(other, app, site.participant, "participant")  # Pat steps down
    response = change_role(client, app, site.admin, "participant")
    assert response.status_code == 422
    assert role_of(app, site.admin) == Role.ADMIN


def test_an_admin_makes_someone_a_facilitator_from_their_page(app, admin, site):
    url = f"/manage/people/{person(app, site.participant).id}"
    response = post_form(admin, url, f"{url}/workstreams", {"workstream": "2"})
    assert response.status_code == 303
    assert [ws.slug for ws in person(app, site.participant).facilitated_workstreams] == ["climate"]
    assert "Pat Participant now facilitates “Climate”." in text(
        admin.get(response.headers["Location"])
    )
    assert audit_log(app)[-1]["action"] == "facilitator.add"


@pytest.mark.parametrize("choice", ["1", "99", "climate", ""])
def test_only_a_workstream_from_the_list_can_be_chosen(app, admin, site, choice):
    url = f"/manage/people/{person(app, site.facilitator).id}"  # already facilitates 1
    response = post_form(admin, url, f"{url}/workstreams", {"workstream": choice})
    assert response.status_code == 422
    assert error_messages(text(response)) == ["Choose a workstream from the list."]
    assert len(person(app, site.facilitator).facilitated_workstreams) == 1


def test_stopping_someone_facilitating_from_their_page_returns_there(app, admin, site):
    fiona = person(app, site.facilitator)
    url = f"/manage/people/{fiona.id}"
    page = text(admin.get(url))
    response = admin.post(
        f"/manage/workstreams/public-services/facilitators/{fiona.id}/remove",
        data={"csrf_token": csrf_from(page), "return_to": "person"},
    )
    assert response.headers["Location"].endswith(url)
    assert person(app, site.facilitator).facilitated_workstreams == []
    assert "does not facilitate any workstream" in text(admin.get(url))


def test_the_people_page_runs_the_same_queries_however_many_people(app, admin, site):
    def queries_for_page() -> int:
        with count_queries(app) as statements:
            assert admin.get("/manage/people/").status_code == 200
        return len(statements)

    few = queries_for_page()
    with app.app_context():
        climate = db.session.get(Workstream, 2)
        for number in range(10):
            add_facilitator(climate, factories.user(f"f{number}@example.org", f"F {number}"))
        db.session.commit()
    assert queries_for_page() == few
