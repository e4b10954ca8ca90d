"""Suspending participants and guests' emails: for a while or until lifted, with a reason."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from forum.extensions import db
from forum.models import INDEFINITELY, CommentStatus, Proposition, Suspension, User, utcnow
from tests import factories
from tests.moderation.conftest import (
    comment,
    decisions,
    press,
    signed_in,
    status,
    text,
    undo_path,
    words,
)


def account(app, user_id: int) -> User:
    """Return an account's stored state, detached."""
    with app.app_context():
        found = db.session.get(User, user_id)
        db.session.expunge(found)
        return found


def suspensions(app) -> list[Suspension]:
    """Return every suspension, oldest first, detached."""
    with app.app_context():
        found = list(db.session.scalars(sa.select(Suspension).order_by(Suspension.id)))
        db.session.expunge_all()
        return found


def test_a_facilitator_suspends_a_participant_from_a_queue_item(app, client, world):
    signed_in(client, world.site.facilitator)
    queue = text(client.get("/moderation/?tab=reported"))
    link = f"/moderation/authors/user/{world.pat}/suspend?from_comment={world.reported}"
    assert f'href="{link}">Suspend Pat Participant</a>' in queue
    page = text(client.get(link))
    assert "Suspend Pat Participant" in page and 'name="from_comment"' in page
    url = f"/moderation/authors/user/{world.pat}/suspend"
    response = press(
        client,
        link,
        url,
        {"period": "week", "reason": "Insults", "comments": "keep", "from_comment": world.reported},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/moderation/authors/user/{world.pat}"
    pat = account(app, world.pat)
    assert pat.suspension_reason == "Insults"
    assert timedelta(days=6, hours=23) < pat.suspended_until - utcnow() <= timedelta(days=7)
    [suspension] = suspensions(app)
    assert (suspension.user_id, suspension.email, suspension.reason) == (world.pat, None, "Insults")
    decision = decisions(app)[-1]
    assert (decision.action, decision.workstream_id) == ("suspend", 1)
    assert decision.after["suspension"]["id"] == suspension.id
    after = text(client.get(response.headers["Location"]))
    assert "Pat Participant is suspended and can&#39;t comment." in after
    assert "Suspended until" in after and "Reason: Insults" in after
    assert status(app, world.reported) == CommentStatus.APPROVED


def test_a_suspended_participant_can_read_but_not_comment(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/user/{world.pat}/suspend"
    press(client, url, url, {"period": "indefinitely", "reason": "Threats", "comments": "keep"})
    assert account(app, world.pat).suspended_until == INDEFINITELY
    assert suspensions(app)[0].ends_at is None
    pat = app.test_client()
    signed_in(pat, world.site.participant)
    page = words(text(pat.get(world.site.prop_a_url)))
    assert "You can't comment at the moment" in page
    assert "The reason given: Threats" in page
    response = press(pat, world.site.prop_a_url, world.site.prop_a_post, {"body": "Hello"})
    assert response.status_code == 403


def test_suspending_a_guest_can_remove_their_comments_in_ones_workstreams(app, client, world):
    with app.app_context():
        prop_b = db.session.get(Proposition, world.site.prop_b_id)
        elsewhere = factories.comment(prop_b, "Also me", name="Jo Smith", email="jo@example.org")
        db.session.commit()
        elsewhere_id = elsewhere.id
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/guest/{world.held}/suspend"
    response = press(client, url, url, {"period": "month", "reason": "Spam", "comments": "remove"})
    assert response.status_code == 303
    [suspension] = suspensions(app)
    assert (suspension.user_id, suspension.email) == (None, "jo@example.org")
    assert suspension.ends_at.month == (utcnow().month % 12) + 1
    removed = comment(app, world.held)
    assert removed.status == CommentStatus.REMOVED
    assert removed.moderation_reason == "Its author was suspended"
    # Workstream B is not Fiona's: Jo's comment there is untouched.
    assert status(app, elsewhere_id) == CommentStatus.APPROVED
    # One decision, which an undo reverses whole.
    page = text(client.get(response.headers["Location"]))
    press(client, response.headers["Location"], undo_path(page))
    assert status(app, world.held) == CommentStatus.PENDING
    assert suspensions(app)[0].lifted_at is not None


def test_sending_an_accounts_comments_back_to_the_queue_and_undoing_it(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/user/{world.pat}/suspend"
    press(client, url, url, {"period": "day", "reason": "Check them", "comments": "queue"})
    held = comment(app, world.reported)
    assert held.status == CommentStatus.PENDING
    queue = words(text(client.get("/moderation/")))
    assert "Held because: Sent back to the queue when its author was suspended" in queue
    assert account(app, world.pat).is_suspended()
    press(client, "/moderation/log", f"/moderation/actions/{decisions(app)[-1].id}/undo")
    assert status(app, world.reported) == CommentStatus.APPROVED
    pat = account(app, world.pat)
    assert pat.suspended_until is None and pat.suspension_reason is None


def test_a_suspension_needs_a_reason_and_a_real_future_date(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/user/{world.pat}/suspend"
    response = press(client, url, url, {"period": "week", "reason": "", "comments": "keep"})
    assert response.status_code == 422
    assert "Say why you are suspending them." in words(text(response))
    response = press(
        client,
        url,
        url,
        {"period": "date", "until": ["", "", ""], "reason": "Typed reason", "comments": "keep"},
    )
    assert response.status_code == 422
    assert "Enter the date the suspension ends." in text(response)
    assert ">Typed reason</textarea>" in text(response)
    response = press(
        client,
        url,
        url,
        {"period": "date", "until": ["1", "1", "2020"], "reason": "Late", "comments": "keep"},
    )
    assert response.status_code == 422
    assert 'href="#until-day">The end of the suspension must be in the future.' in text(response)
    response = press(client, url, url, {"reason": "No period", "comments": "keep"})
    assert "Choose how long to suspend them for." in text(response)
    assert suspensions(app) == [] and not account(app, world.pat).is_suspended()


def test_until_a_date_ends_at_the_start_of_that_day(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/user/{world.pat}/suspend"
    year = utcnow().year + 1
    press(
        client,
        url,
        url,
        {
            "period": "date",
            "until": ["3", "2", str(year)],
            "reason": "Cool off",
            "comments": "keep",
        },
    )
    # The summit's time zone is Europe/London, on GMT in February.
    assert suspensions(app)[0].ends_at == datetime(year, 2, 3, tzinfo=UTC)


def test_who_a_facilitator_may_suspend(app, client, world):
    signed_in(client, world.site.other_facilitator)
    # Pat never commented in Boris's workstream.
    assert client.get(f"/moderation/authors/user/{world.pat}/suspend").status_code == 404
    with app.app_context():
        prop_b = db.session.get(Proposition, world.site.prop_b_id)
        for email in (world.site.admin, world.site.facilitator):
            someone = db.session.scalar(sa.select(User).filter_by(email=email))
            factories.comment(prop_b, "Hi", user=someone)
        boris = db.session.scalar(sa.select(User).filter_by(email=world.site.other_facilitator))
        factories.comment(prop_b, "Me", user=boris)
        ids = [
            db.session.scalar(sa.select(User.id).filter_by(email=email))
            for email in (world.site.admin, world.site.facilitator, world.site.other_facilitator)
        ]
        db.session.commit()
    for user_id in ids:
        url = f"/moderation/authors/user/{user_id}/suspend"
        assert client.get(url).status_code == 403
        response = press(
            client, "/moderation/", url, {"period": "day", "reason": "x", "comments": "keep"}
        )
        assert response.status_code == 403
    assert suspensions(app) == []


def test_an_admin_lists_and_lifts_suspensions(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/user/{world.pat}/suspend"
    press(client, url, url, {"period": "week", "reason": "Insults", "comments": "keep"})
    guest = f"/moderation/authors/guest/{world.held}/suspend"
    press(client, guest, guest, {"period": "indefinitely", "reason": "Spam", "comments": "keep"})
    assert client.get("/moderation/suspensions/").status_code == 403
    admin = app.test_client()
    signed_in(admin, world.site.admin)
    page = words(text(admin.get("/moderation/suspensions/")))
    assert "jo@example.org (guest) Until An admin lifts it Reason Spam" in page
    assert "Pat Participant Until" in page and "Suspended by Fiona Facilitator" in page
    pat_suspension = suspensions(app)[0]
    lift = f"/moderation/suspensions/{pat_suspension.id}/lift"
    response = press(admin, "/moderation/suspensions/", lift)
    assert response.headers["Location"] == "/moderation/suspensions/"
    assert not account(app, world.pat).is_suspended()
    assert decisions(app)[-1].action == "lift-suspension"
    assert decisions(app)[-1].workstream_id == 1
    after = words(text(admin.get("/moderation/suspensions/")))
    assert "The suspension is lifted: they can comment again." in after
    assert "Pat Participant" not in after.split("Suspensions", 2)[-1]
    press(admin, "/moderation/suspensions/", lift)
    assert "That suspension is already over." in text(admin.get("/moderation/suspensions/"))


def test_the_longest_suspension_wins_and_lifting_one_keeps_the_other(app, client, world):
    signed_in(client, world.site.admin)
    url = f"/moderation/authors/user/{world.pat}/suspend"
    press(client, url, url, {"period": "day", "reason": "Short", "comments": "keep"})
    press(client, url, url, {"period": "indefinitely", "reason": "Long", "comments": "keep"})
    assert account(app, world.pat).suspended_until == INDEFINITELY
    long = suspensions(app)[1]
    press(client, "/moderation/suspensions/", f"/moderation/suspensions/{long.id}/lift")
    pat = account(app, world.pat)
    assert pat.suspension_reason == "Short" and pat.suspended_until < INDEFINITELY
