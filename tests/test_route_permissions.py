"""Every workspace route refuses anyone without the role it needs.

The tests walk the app's URL map. A route under /manage/ or /moderation/ that is
not classified in ROLES fails the first test, so a new route can't ship unguarded:
add it to the table with the least role that may use it.

For each route and method (GET, and POST with a valid CSRF token and a form that
would change things if accepted) a visitor must be sent to sign in or refused, a
participant and a suspended participant refused, and, on admin routes, a facilitator
refused, with nothing in the database changed. The role the table names must get in.
(tests/moderation/test_permissions.py tries the moderation routes as a facilitator
of another workstream too.)
"""

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter, Rule

from forum.extensions import db
from forum.models import INDEFINITELY, CommentStatus, Proposition, User, Workstream
from forum.moderation.core import Action
from forum.moderation.services import moderate
from forum.moderation.suspensions import Author, suspend
from tests import factories
from tests.conftest import csrf_from, sign_in

ADMIN = "admin"  # admins only
FACILITATOR = "facilitator"  # anyone who facilitates a workstream, and admins

GUARDED_PREFIXES = ("/manage/", "/moderation/")

ROLES = {
    # Running the summit.
    "admin.list_workstreams": ADMIN,
    "admin.new_workstream": ADMIN,
    "admin.edit_workstream": ADMIN,
    "admin.move_workstream": ADMIN,
    "admin.add_facilitator": ADMIN,
    "admin.remove_facilitator": ADMIN,
    "admin.people": ADMIN,
    "admin.show_person": ADMIN,
    "admin.change_role": ADMIN,
    "admin.add_person_to_workstream": ADMIN,
    "admin.edit_settings": ADMIN,
    "admin.audit_log": ADMIN,
    # The facilitators' workspace: each page then limits them to their own workstreams.
    "manage.dashboard": FACILITATOR,
    "manage.new_proposition": FACILITATOR,
    "manage.preview_new_proposition": FACILITATOR,
    "manage.edit_proposition": FACILITATOR,
    "manage.preview_proposition": FACILITATOR,
    "manage.publish_proposition": FACILITATOR,
    "manage.archive_proposition": FACILITATOR,
    # Moderating comments in the workstreams one facilitates.
    "moderation.queue": FACILITATOR,
    "moderation.approve_comment": FACILITATOR,
    "moderation.mark_spam": FACILITATOR,
    "moderation.restore_comment": FACILITATOR,
    "moderation.dismiss_reports": FACILITATOR,
    "moderation.keep_removed": FACILITATOR,
    "moderation.remove_comment": FACILITATOR,
    "moderation.edit_comment": FACILITATOR,
    "moderation.reply_to_comment": FACILITATOR,
    "moderation.undo_action": FACILITATOR,
    "moderation.decisions": FACILITATOR,
    "moderation.find_author": FACILITATOR,
    "moderation.account_comments": FACILITATOR,
    "moderation.guest_comments": FACILITATOR,
    "moderation.suspend_account": FACILITATOR,
    "moderation.suspend_guest": FACILITATOR,
    # Only admins see every suspension and lift one early.
    "moderation.list_suspensions": ADMIN,
    "moderation.lift_suspension": ADMIN,
}

# What an attacker would post: the fields of every workspace form, filled in so
# that each form would change something if it let them in.
PAYLOAD = {
    "title": "Taken over",
    "slug": "taken-over",
    "number": "77",
    "summary": "Taken over",
    "description": "Taken over",
    "body": "Taken over",
    "status": "published",
    "tags": "taken",
    "is_open": "y",
    "direction": "down",
    "role": "admin",
    "name": "Taken over",
    "tagline": "Taken over",
    "timezone": "UTC",
    "hold_first_guest": "no",
    "hold_signed_in": "yes",
    "max_links": "9",
    "max_depth": "3",
    "threads_per_page": "9",
    "reason": "Taken over",
    # The moderation forms: a removal, a selection, a suspension.
    "other_reason": "Taken over",
    "action": "spam",
    "period": "indefinitely",
    "comments": "remove",
}

REFUSED = {401, 403, 404}


@pytest.fixture
def world(app):
    """Make the small summit, a held comment, a decision and a suspension; return URL values.

    The suspended person is a participant of their own ("sue@example.org"), so the
    moderation routes meet a suspended account too.
    """
    with app.app_context():
        site = factories.small_summit()
        prop = db.session.get(Proposition, site.prop_a_id)
        held = factories.comment(prop, "Held", status=CommentStatus.PENDING)
        facilitator = db.session.scalar(sa.select(User).filter_by(email=site.facilitator))
        member = db.session.scalar(sa.select(User).filter_by(email=site.participant))
        factories.comment(prop, "Mine", user=member)
        decided = factories.comment(prop, "Decided", name="Di", email="di@example.org")
        action = moderate([decided], facilitator, Action.SPAM)
        suspended = factories.user("sue@example.org", "Sue Suspended")
        suspending = suspend(
            facilitator, Author(email="di@example.org", name="Di"), ends_at=None, reason="Spam"
        )
        suspended.suspended_until, suspended.suspension_reason = INDEFINITELY, "Rude"
        ws_b = db.session.scalar(sa.select(Workstream).filter_by(slug=site.ws_b))
        db.session.commit()
        site.suspended = suspended.email
        values = {
            # The facilitator's own id: promoting or unseating them would be a change.
            "user_id": facilitator.id,
            "ws": site.ws_a,
            "slug": prop.slug,
            "proposition_id": prop.id,
            "comment_id": held.id,
            "workstream_id": db.session.scalar(sa.select(Workstream.id).filter_by(slug=site.ws_a)),
            # A participant who commented in the facilitator's workstream.
            "account_id": member.id,
            "action_id": action.actions[0].id,
            "suspension_id": suspending.after["suspension"]["id"],
        }
        payload = {
            **PAYLOAD,
            "email": site.participant,
            "workstream": str(ws_b.id),
            "comment_id": [str(held.id), str(decided.id)],
        }
        return site, values, payload


def guarded_rules(app) -> list[Rule]:
    """Return the rules under the workspace prefixes."""
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(GUARDED_PREFIXES)]


def build_path(rule: Rule, values: dict) -> str:
    """Build a path for a rule: known names get existing things, others a plain stand-in."""
    args = {}
    for name, converter in rule._converters.items():
        fallback = 1 if isinstance(converter, IntegerConverter) else values["ws"]
        args[name] = values.get(name, fallback)
    return rule.build(args, append_unknown=False)[1]


def requests(app, values):
    """Yield (endpoint, method, path) for every method of every guarded rule."""
    for rule in guarded_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, build_path(rule, values)


def database_state(app) -> dict[str, list[str]]:
    """Return every row of every table, to tell whether a request changed anything."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
            for table in db.metadata.sorted_tables
        }


def send(client, method: str, path: str, payload: dict):
    """Send one request; a POST carries a valid CSRF token and the payload."""
    if method == "GET":
        return client.get(path)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.open(path, method=method, data={**payload, "csrf_token": token})


def goes_to_sign_in(response) -> bool:
    """Whether the response sends the browser to the sign-in page."""
    location = response.headers.get("Location", "")
    return response.status_code in (302, 303) and urlsplit(location).path == "/login"


def test_every_workspace_route_is_classified(app):
    endpoints = {rule.endpoint for rule in guarded_rules(app)}
    unclassified = sorted(endpoints - ROLES.keys())
    assert not unclassified, (
        f"Add these routes to ROLES in {__name__} with the role they need: {unclassified}"
    )
    stale = sorted(ROLES.keys() - endpoints)
    assert not stale, f"These endpoints in ROLES no longer exist; remove them: {stale}"


@pytest.mark.parametrize("who", ["visitor", "participant", "suspended", "facilitator"])
def test_people_without_the_role_are_refused_and_change_nothing(app, client, world, who):
    site, values, payload = world
    if who != "visitor":
        sign_in(client, getattr(site, who))
    before = database_state(app)
    problems = []
    for endpoint, method, path in requests(app, values):
        if who == "facilitator" and ROLES.get(endpoint) != ADMIN:
            continue
        response = send(client, method, path, payload)
        allowed = response.status_code in REFUSED or (
            who == "visitor" and goes_to_sign_in(response)
        )
        if not allowed:
            problems.append(f"{method} {path} ({endpoint}) -> {response.status_code}")
        after = database_state(app)
        if after != before:
            changed = [name for name in after if after[name] != before[name]]
            problems.append(f"{method} {path} ({endpoint}) changed {changed}")
            before = after
    assert not problems, f"A {who} got through:\n" + "\n".join(problems)


@pytest.mark.parametrize("who", ["facilitator", "admin"])
def test_the_role_a_page_needs_is_let_in(app, client, world, who):
    site, values, _ = world
    sign_in(client, getattr(site, who))
    problems = []
    for endpoint, method, path in requests(app, values):
        if method != "GET" or (who == "facilitator" and ROLES.get(endpoint) == ADMIN):
            continue
        response = client.get(path)
        if response.status_code in (401, 403, 500) or goes_to_sign_in(response):
            problems.append(f"GET {path} ({endpoint}) -> {response.status_code}")
    assert not problems, f"A {who} was kept out:\n" + "\n".join(problems)
