"""Each role against each admin action: only admins get in, and refusals change nothing."""

from urllib.parse import urlsplit

import pytest

from tests.admin.conftest import audit_log, person, workstream
from tests.conftest import csrf_from, sign_in

# (action, method, path, form): paths use {fiona} for a facilitator's id.
ACTIONS = [
    ("list workstreams", "GET", "/manage/workstreams/", None),
    ("open the new workstream form", "GET", "/manage/workstreams/new", None),
    ("create a workstream", "POST", "/manage/workstreams/new", {"title": "New", "number": "9"}),
    ("open a workstream's form", "GET", "/manage/workstreams/climate/edit", None),
    (
        "edit a workstream",
        "POST",
        "/manage/workstreams/climate/edit",
        {"title": "Renamed", "number": "2"},
    ),
    ("move a workstream", "POST", "/manage/workstreams/climate/move", {"direction": "up"}),
    (
        "name a facilitator",
        "POST",
        "/manage/workstreams/climate/facilitators",
        {"email": "pat@example.org"},
    ),
    (
        "remove a facilitator",
        "POST",
        "/manage/workstreams/public-services/facilitators/{fiona}/remove",
        {},
    ),
    ("list people", "GET", "/manage/people/?q=a", None),
    ("open a person", "GET", "/manage/people/{fiona}", None),
    ("change a role", "POST", "/manage/people/{fiona}/role", {"role": "admin"}),
    ("make a facilitator", "POST", "/manage/people/{fiona}/workstreams", {"workstream": "2"}),
    ("open the settings", "GET", "/manage/settings", None),
    (
        "change the settings",
        "POST",
        "/manage/settings",
        {"name": "Mine", "hold_first_guest": "no", "hold_signed_in": "default"},
    ),
    ("read the audit log", "GET", "/manage/audit", None),
]
# What each role gets: a status, or "sign in" for a redirect to the sign-in page.
EXPECTED = {
    "visitor": "sign in",
    "participant": 403,
    "facilitator": 403,
    "admin": {"GET": 200, "POST": 303},
}


def state(app) -> tuple:
    """Return what the admin actions could change."""
    fiona = person(app, "fiona@example.org")
    return (
        len(audit_log(app)),
        workstream(app, "climate"),
        fiona.role,
        [ws.slug for ws in fiona.facilitated_workstreams],
    )


@pytest.mark.parametrize(("action", "method", "path", "form"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_only_admins_may(app, site, action, method, path, form):
    path = path.format(fiona=person(app, site.facilitator).id)
    for who, expected in EXPECTED.items():
        client = app.test_client()
        if who != "visitor":
            sign_in(client, getattr(site, who))
        before = state(app)
        if method == "GET":
            response = client.get(path)
        else:
            token = csrf_from(client.get("/login").get_data(as_text=True))
            response = client.post(path, data={**form, "csrf_token": token})
        if expected == "sign in":
            assert response.status_code == 302, who
            assert urlsplit(response.headers["Location"]).path == "/login"
        else:
            status = expected[method] if isinstance(expected, dict) else expected
            assert response.status_code == status, f"{who}: {response.status_code}"
        changed = state(app) != before
        assert changed == (who == "admin" and method == "POST"), f"{who} may {action}: {changed}"
