"""Creating, editing and reordering workstreams, and naming their facilitators."""

from html import unescape

import sqlalchemy as sa

from forum.admin.services import add_facilitator
from forum.extensions import db
from forum.models import User
from tests import factories
from tests.admin.conftest import audit_log, error_messages, person, text, workstream
from tests.conftest import count_queries, csrf_from, post_form

NEW = {
    "title": "Getting around",
    "number": "3",
    "slug": "",
    "summary": "Buses,   trains and   lanes.",
    "description": "We talk about **transport**.",
    "is_open": "y",
}


def edit_data(app, ws: str, **changes) -> dict:
    """Return a workstream's edit form as stored, with some fields changed."""
    row = workstream(app, ws)
    data = {name: str(row[name]) for name in ("title", "number", "slug", "summary", "description")}
    if row["is_open"]:
        data["is_open"] = "y"
    return {**data, **changes}


def test_the_list_shows_workstreams_in_order_with_move_buttons(admin, site):
    page = text(admin.get("/manage/workstreams/"))
    assert page.index("Public services") < page.index("Climate")
    assert page.count("Move up") == 1 and page.count("Move down") == 1
    assert 'action="/manage/workstreams/climate/move"' in page
    assert "Fiona Facilitator" in page and "Boris Facilitator" in page


def test_an_admin_creates_a_workstream(app, admin, site):
    response = post_form(admin, "/manage/workstreams/new", "/manage/workstreams/new", NEW)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/manage/workstreams/getting-around/edit")
    created = workstream(app, "getting-around")
    assert created["number"] == 3 and created["is_open"]
    assert created["summary"] == "Buses, trains and lanes."
    assert created["description_html"] == "<p>We talk about <strong>transport</strong>.</p>"
    assert "Workstream “Getting around” created" in text(admin.get(response.headers["Location"]))
    public = text(admin.get("/workstreams/getting-around/"))
    assert "Buses, trains and lanes." in public and "<strong>transport</strong>" in public
    assert "Buses, trains and lanes." in text(admin.get("/"))


def test_a_closed_workstream_can_be_created(app, admin, site):
    data = {**NEW}
    del data["is_open"]
    post_form(admin, "/manage/workstreams/new", "/manage/workstreams/new", data)
    assert workstream(app, "getting-around")["is_open"] is False


def test_mistakes_are_explained_and_what_was_typed_is_kept(app, admin, site):
    data = {**NEW, "title": "  ", "number": "three", "description": "Keep *this* text"}
    response = post_form(admin, "/manage/workstreams/new", "/manage/workstreams/new", data)
    assert response.status_code == 422
    page = text(response)
    assert error_messages(page) == ["Enter a title.", "Enter a whole number, like 5."]
    assert 'href="#title"' in page and 'href="#number"' in page
    assert 'value="three"' in page and "Keep *this* text" in page
    assert "<title>Error: " in page
    assert workstream(app, "getting-around") is None


def test_a_number_out_of_range_is_refused(admin, site):
    data = {**NEW, "number": "1000"}
    response = post_form(admin, "/manage/workstreams/new", "/manage/workstreams/new", data)
    assert error_messages(text(response)) == ["Enter a number from 1 to 999."]


def test_a_web_address_in_use_is_refused_and_the_form_kept(app, admin, site):
    data = {**NEW, "slug": "Climate"}
    response = post_form(admin, "/manage/workstreams/new", "/manage/workstreams/new", data)
    assert response.status_code == 422
    page = text(response)
    assert error_messages(page) == ["Another workstream already uses this web address."]
    assert 'value="Getting around"' in page and 'value="Climate"' in page
    assert workstream(app, "getting-around") is None


def test_a_number_in_use_is_refused(admin, site):
    data = {**NEW, "number": "2"}
    response = post_form(admin, "/manage/workstreams/new", "/manage/workstreams/new", data)
    assert error_messages(text(response)) == [
        "“Climate” is already Proposition 2. Choose another number."
    ]


def test_an_admin_edits_a_workstream_and_only_changes_are_audited(app, admin, site):
    data = edit_data(app, "climate", title="Climate and energy", is_open="", summary="Warmth.")
    del data["is_open"]
    url = "/manage/workstreams/climate/edit"
    response = post_form(admin, url, url, data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/manage/workstreams/")
    stored = workstream(app, "climate")
    assert stored["title"] == "Climate and energy" and stored["is_open"] is False
    entry = audit_log(app)[-1]
    assert entry["action"] == "workstream.update" and entry["actor"] == site.admin
    assert entry["before"] == {"title": "Climate", "summary": "", "is_open": True}
    assert entry["after"] == {"title": "Climate and energy", "summary": "Warmth.", "is_open": False}
    page = text(admin.get(response.headers["Location"]))
    assert (
        "Saved Climate and energy: changed title, short description, open to new comments" in page
    )


def test_saving_without_changes_records_nothing(app, admin, site):
    before = len(audit_log(app))
    url = "/manage/workstreams/climate/edit"
    response = post_form(admin, url, url, edit_data(app, "climate"), follow_redirects=True)
    assert "You made no changes" in text(response)
    assert len(audit_log(app)) == before


def test_changing_the_address_moves_the_workstream(app, admin, site):
    url = "/manage/workstreams/climate/edit"
    post_form(admin, url, url, edit_data(app, "climate", slug="Climate Action!"))
    assert workstream(app, "climate") is None
    assert admin.get("/workstreams/climate-action/").status_code == 200


def test_editing_to_another_workstreams_address_is_refused(app, admin, site):
    url = "/manage/workstreams/climate/edit"
    response = post_form(admin, url, url, edit_data(app, "climate", slug="public-services"))
    assert response.status_code == 422
    assert error_messages(text(response)) == ["Another workstream already uses this web address."]
    assert workstream(app, "climate")["slug"] == "climate"


def test_editing_an_unknown_workstream_is_not_found(admin, site):
    assert admin.get("/manage/workstreams/nope/edit").status_code == 404


def test_moving_a_workstream_swaps_numbers_with_its_neighbour(app, admin, site):
    page = text(admin.get("/manage/workstreams/"))
    token = csrf_from(page)
    response = admin.post(
        "/manage/workstreams/climate/move", data={"csrf_token": token, "direction": "up"}
    )
    assert response.status_code == 303
    assert workstream(app, "climate")["number"] == 1
    assert workstream(app, "public-services")["number"] == 2
    page = text(admin.get("/manage/workstreams/"))
    assert page.index("Climate") < page.index("Public services")
    assert "“Climate” is now Proposition 1." in page
    moves = [entry for entry in audit_log(app) if entry["action"] == "workstream.move"]
    assert [(m["before"], m["after"]) for m in moves] == [
        ({"number": 2}, {"number": 1}),
        ({"number": 1}, {"number": 2}),
    ]


def test_the_first_workstream_cannot_move_up(app, admin, site):
    token = csrf_from(text(admin.get("/manage/workstreams/")))
    response = admin.post(
        "/manage/workstreams/public-services/move",
        data={"csrf_token": token, "direction": "up"},
        follow_redirects=True,
    )
    assert "“Public services” is already first, so it can't move up." in unescape(text(response))
    assert workstream(app, "public-services")["number"] == 1


def test_an_admin_names_a_facilitator_by_email(app, admin, site):
    url = "/manage/workstreams/climate/edit"
    action = "/manage/workstreams/climate/facilitators"
    response = post_form(admin, url, action, {"email": "  PAT@example.org "})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url}#facilitators")
    assert workstream(app, "climate")["facilitators"] == [site.other_facilitator, site.participant]
    assert "Pat Participant" in text(admin.get("/workstreams/climate/"))
    entry = audit_log(app)[-1]
    assert entry["action"] == "facilitator.add"
    assert entry["before"] == {"facilitators": ["Boris Facilitator (boris@example.org)"]}
    assert entry["after"]["facilitators"][-1] == "Pat Participant (pat@example.org)"


def test_naming_an_unknown_or_existing_facilitator_is_explained(app, admin, site):
    url = "/manage/workstreams/climate/edit"
    action = "/manage/workstreams/climate/facilitators"
    response = post_form(admin, url, action, {"email": "nobody@example.org"})
    assert response.status_code == 422
    page = text(response)
    assert error_messages(page) == [
        "No account uses this email address. Ask the person to create an account first."
    ]
    assert 'value="nobody@example.org"' in page and 'value="Climate"' in page
    response = post_form(admin, url, action, {"email": site.other_facilitator})
    assert error_messages(text(response)) == [
        "Boris Facilitator already facilitates this workstream."
    ]


def test_an_admin_removes_a_facilitator(app, admin, site):
    page = text(admin.get("/manage/workstreams/climate/edit"))
    boris = person(app, site.other_facilitator).id
    action = f"/manage/workstreams/climate/facilitators/{boris}/remove"
    assert f'action="{action}"' in page
    response = admin.post(action, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert workstream(app, "climate")["facilitators"] == []
    assert "Boris Facilitator no longer facilitates “Climate”." in text(
        admin.get(response.headers["Location"])
    )
    assert audit_log(app)[-1]["after"] == {"facilitators": []}
    again = admin.post(action, data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert "Boris Facilitator does not facilitate “Climate”." in text(again)


def test_an_expired_form_is_shown_again_with_what_was_typed(app, admin, site):
    admin.get("/manage/workstreams/new")
    response = admin.post("/manage/workstreams/new", data={**NEW, "csrf_token": "stale"})
    assert response.status_code == 400
    page = text(response)
    assert "This form had expired" in page and 'value="Getting around"' in page
    assert workstream(app, "getting-around") is None


def test_the_list_runs_the_same_queries_however_many_workstreams(app, admin, site):
    def queries_for_page() -> int:
        with count_queries(app) as statements:
            assert admin.get("/manage/workstreams/").status_code == 200
        return len(statements)

    few = queries_for_page()
    with app.app_context():
        fiona = db.session.scalar(sa.select(User).filter_by(email=site.facilitator))
        for number in range(3, 10):
            add_facilitator(factories.workstream(f"Stream {number}", number), fiona)
        db.session.commit()
    assert queries_for_page() == few


def test_an_expired_facilitator_form_keeps_the_email_typed(app, admin, site):
    admin.get("/manage/workstreams/climate/edit")
    response = admin.post(
        "/manage/workstreams/climate/facilitators",
        data={"email": "pat@example.org", "csrf_token": "stale"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "This form had expired" in page and 'value="pat@example.org"' in page
    assert workstream(app, "climate")["facilitators"] == [site.other_facilitator]
