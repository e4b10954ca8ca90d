"""Facilitators act only in their workstreams: every moderation action, tried by the wrong people.

Each action on workstream A's comments is tried as a facilitator of workstream B, a
participant, a visitor, a suspended participant and a suspended facilitator of A.
Each must be refused (403 or 404; a visitor is sent to sign in) and change nothing.
"""

from urllib.parse import urlsplit

import pytest

from forum.extensions import db
from forum.models import INDEFINITELY
from tests import factories
from tests.conftest import csrf_from
from tests.moderation.conftest import press, signed_in, text, user
from tests.test_route_permissions import database_state

WHO = ["other_facilitator", "participant", "visitor", "suspended", "suspended_facilitator"]


@pytest.fixture
def targets(app, client, world):
    """Make a decision and a suspension in workstream A; return every action to try."""
    signed_in(client, world.site.facilitator)
    press(client, "/moderation/", f"/moderation/comments/{world.reply}/spam")
    suspend = f"/moderation/authors/guest/{world.removed}/suspend"
    press(client, suspend, suspend, {"period": "week", "reason": "Spam", "comments": "keep"})
    client.post("/logout", data={"csrf_token": csrf_from(text(client.get("/")))})
    with app.app_context():
        factories.user("sue@example.org", "Sue Suspended")
        for email in ("sue@example.org", world.site.facilitator):
            person = user(email)
            person.suspended_until, person.suspension_reason = INDEFINITELY, "Rude"
        db.session.commit()
    comment = "/moderation/comments"
    bulk = {"comment_id": [str(world.held)], "action": "approve"}
    suspension = {"period": "day", "reason": "Taken over", "comments": "remove"}
    return [
        ("POST", f"{comment}/{world.held}/approve", {}),
        ("POST", f"{comment}/{world.reported}/spam", {}),
        ("POST", f"{comment}/{world.removed}/restore", {}),
        ("POST", f"{comment}/{world.reported}/dismiss-reports", {}),
        ("POST", f"{comment}/{world.removed}/keep-removed", {}),
        ("GET", f"{comment}/{world.reported}/remove", {}),
        ("POST", f"{comment}/{world.reported}/remove", {"reason": "abusive"}),
        ("GET", f"{comment}/{world.reported}/edit", {}),
        ("POST", f"{comment}/{world.reported}/edit", {"body": "Taken", "reason": "Taken"}),
        ("GET", f"{comment}/{world.held}/reply", {}),
        ("POST", f"{comment}/{world.held}/reply", {"body": "Taken over"}),
        ("POST", "/moderation/", bulk),
        ("GET", "/moderation/?workstream=public-services", {}),
        ("POST", "/moderation/actions/1/undo", {}),
        ("POST", "/moderation/actions/2/undo", {}),
        ("GET", f"/moderation/authors/user/{world.pat}", {}),
        ("POST", f"/moderation/authors/user/{world.pat}", bulk),
        ("GET", f"/moderation/authors/guest/{world.held}", {}),
        ("POST", f"/moderation/authors/guest/{world.held}", bulk),
        ("GET", f"/moderation/authors/user/{world.pat}/suspend", {}),
        ("POST", f"/moderation/authors/user/{world.pat}/suspend", suspension),
        ("GET", f"/moderation/authors/guest/{world.held}/suspend", {}),
        ("POST", f"/moderation/authors/guest/{world.held}/suspend", suspension),
        ("GET", "/moderation/suspensions/", {}),
        ("POST", "/moderation/suspensions/1/lift", {}),
    ]


def refused(response, who: str) -> bool:
    """Whether a response refuses: 403 or 404, or for a visitor a trip to sign in."""
    if who == "visitor":
        location = urlsplit(response.headers.get("Location", "")).path
        return response.status_code in (302, 303) and location == "/login"
    return response.status_code in (403, 404)


@pytest.mark.parametrize("who", WHO)
def test_the_wrong_people_are_refused_and_change_nothing(app, client, world, targets, who):
    email = {
        "other_facilitator": world.site.other_facilitator,
        "participant": world.site.participant,
        "suspended": "sue@example.org",
        "suspended_facilitator": world.site.facilitator,
    }.get(who)
    if email:
        signed_in(client, email)
    token = csrf_from(text(client.get("/login")))
    before = database_state(app)
    problems = []
    for method, path, data in targets:
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={**data, "csrf_token": token})
        if not refused(response, who):
            problems.append(f"{method} {path} -> {response.status_code}")
        after = database_state(app)
        if after != before:
            problems.append(
                f"{method} {path} changed {[t for t in after if after[t] != before[t]]}"
            )
            before = after
    assert not problems, f"A {who} got through:\n" + "\n".join(problems)


def test_finding_someone_elsewhere_tells_nothing(client, world):
    signed_in(client, world.site.other_facilitator)
    response = press(
        client, "/moderation/authors/", "/moderation/authors/", {"email": "jo@example.org"}
    )
    assert response.status_code == 422
    assert "No one with that email address has commented in your workstreams." in text(response)


def test_moderation_forms_need_a_csrf_token(app, client, world):
    signed_in(client, world.site.facilitator)
    before = database_state(app)
    for path in (
        f"/moderation/comments/{world.held}/approve",
        f"/moderation/comments/{world.held}/remove",
        "/moderation/",
        "/moderation/actions/1/undo",
        f"/moderation/authors/user/{world.pat}/suspend",
    ):
        assert client.post(path, data={"reason": "abusive"}).status_code == 400
    assert database_state(app) == before
