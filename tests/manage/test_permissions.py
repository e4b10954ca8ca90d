"""Who may do what in the workspace: every state-changing route against every role.

A facilitator acts only inside their own workstreams: another workstream's
proposition, reached by changing an id, a slug or a form field, gets 403 or 404
and changes nothing.
"""

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Proposition, PropositionStatus
from tests import factories
from tests.conftest import post_form, sign_in
from tests.manage.support import (
    NEW_A,
    NEW_B,
    audit_log,
    edit_url,
    form,
    person,
    proposition_row,
    workstream,
)

# Each role's email attribute on the small summit; the visitor does not sign in.
ROLES = {
    "visitor": None,
    "participant": "participant",
    "facilitator of another workstream": "other_facilitator",
    "facilitator": "facilitator",
    "admin": "admin",
}
LET_IN = {"facilitator", "admin"}
# action -> (path for prop A and a draft in workstream A, form, status when allowed)
ACTIONS = {
    "write": (lambda a, d: NEW_A, form(title="Taken over"), 303),
    "preview a new one": (lambda a, d: f"{NEW_A}/preview", form(title="Taken over"), 200),
    "edit": (lambda a, d: edit_url(a), form(title="Taken over", slug="taken-over"), 303),
    "preview an edit": (lambda a, d: f"{edit_url(a)}/preview", form(), 200),
    "publish": (lambda a, d: f"/manage/propositions/{d}/publish", {}, 303),
    "archive": (lambda a, d: f"/manage/propositions/{a}/archive", {}, 303),
}


@pytest.fixture
def draft_id(app, site):
    """Add a draft to workstream A and return its id."""
    with app.app_context():
        draft = factories.proposition(
            workstream(site.ws_a),
            person(site.facilitator),
            "Quiet draft",
            status=PropositionStatus.DRAFT,
        )
        db.session.commit()
        return draft.id


def database_state(app) -> dict[str, list[str]]:
    """Return every row of every table, to tell whether a request changed anything."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
            for table in db.metadata.sorted_tables
        }


def signed_in(app, site, role: str):
    """Return a client signed in as the role (or not at all, for a visitor)."""
    client = app.test_client()
    if ROLES[role]:
        sign_in(client, getattr(site, ROLES[role]))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_role_against_each_action(app, site, draft_id, role, action):
    path, data, allowed_status = ACTIONS[action]
    url = path(site.prop_a_id, draft_id)
    client = signed_in(app, site, role)
    before = database_state(app)
    response = post_form(client, "/login", url, data)
    if role in LET_IN:
        assert response.status_code == allowed_status, response.get_data(as_text=True)[:500]
        if allowed_status == 303:
            assert len(audit_log(app)) == 1
        return
    if role == "visitor":
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
    else:
        assert response.status_code == 403
    assert "Taken over" not in response.get_data(as_text=True)
    assert database_state(app) == before


@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_page(app, site, draft_id, role):
    client = signed_in(app, site, role)
    for url in ("/manage/", NEW_A, edit_url(site.prop_a_id), edit_url(draft_id)):
        response = client.get(url)
        page = response.get_data(as_text=True)
        if role in LET_IN or (url == "/manage/" and role == "facilitator of another workstream"):
            assert response.status_code == 200, url
        elif role == "visitor":
            assert urlsplit(response.headers["Location"]).path == "/login", url
        else:
            assert response.status_code == 403, url
        if role not in LET_IN:
            assert "Quiet draft" not in page and "Open every library" not in page, url


def test_another_workstream_by_url_is_refused(app, site):
    client = signed_in(app, site, "facilitator")
    before = database_state(app)
    assert client.get(NEW_B).status_code == 403
    assert post_form(client, "/manage/", NEW_B, form()).status_code == 403
    assert (
        post_form(
            client, "/manage/", edit_url(site.prop_b_id), form(title="Taken over")
        ).status_code
        == 403
    )
    for verb in ("publish", "archive"):
        url = f"/manage/propositions/{site.prop_b_id}/{verb}"
        assert post_form(client, "/manage/", url, {}).status_code == 403
    assert database_state(app) == before


def test_unknown_workstreams_and_ids_are_not_found(app, site):
    client = signed_in(app, site, "admin")
    assert client.get("/manage/workstreams/nowhere/propositions/new").status_code == 404
    assert client.get(edit_url(987654)).status_code == 404
    assert client.get("/manage/propositions/99999999999/edit").status_code == 404
    assert (
        post_form(client, "/manage/", "/manage/propositions/987654/archive", {}).status_code == 404
    )


def test_a_workstream_field_in_the_form_is_ignored(app, site):
    with app.app_context():
        ws_b = workstream(site.ws_b)
        ws_a_id, ws_b_id = workstream(site.ws_a).id, ws_b.id
    client = signed_in(app, site, "facilitator")
    tampered = {"workstream": site.ws_b, "workstream_id": str(ws_b_id), "ws": site.ws_b}
    response = post_form(client, "/manage/", NEW_A, form(title="Stays home", **tampered))
    assert response.status_code == 303
    assert proposition_row(app, slug="stays-home")["workstream_id"] == ws_a_id
    edit = edit_url(site.prop_a_id)
    assert post_form(client, edit, edit, form(title="Still home", **tampered)).status_code == 303
    assert proposition_row(app, id=site.prop_a_id)["workstream_id"] == ws_a_id
    with app.app_context():
        in_b = sa.select(sa.func.count(Proposition.id)).filter_by(workstream_id=ws_b_id)
        assert db.session.scalar(in_b) == 1
