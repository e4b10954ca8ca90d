"""The queue: tabs with counts, each comment in context with its author and why it is there."""

import re

import pytest

from forum.extensions import db
from forum.models import CommentStatus, Identity, Proposition, Report, ReportReason
from tests import factories
from tests.conftest import count_queries
from tests.moderation.conftest import signed_in, text, user, words

TAB_LINK_RE = re.compile(
    r'<a class="govuk-link[^"]*" href="([^"]*)"( aria-current="page")?>([^<]*)</a>'
)


def tab_links(page: str) -> dict[str, bool]:
    """Return the queue's tab links as text → whether it is the current one."""
    nav = page.split('aria-label="Lists of comments to moderate"')[1].split("</nav>")[0]
    return {label: bool(current) for _, current, label in TAB_LINK_RE.findall(nav)}


def item_ids(page: str) -> list[int]:
    """Return the ids of the comments listed, in order."""
    return [int(found) for found in re.findall(r'id="item-(\d+)"', page)]


def test_the_facilitator_sees_their_workstreams_tabs_with_counts(client, world):
    page = text(signed_in(client, world.site.facilitator).get("/moderation/"))
    assert tab_links(page) == {
        "Pending (2)": True,
        "Reported (1)": False,
        "Review requests (1)": False,
        "Spam (0)": False,
        "Removed (1)": False,
    }
    # Workstream B's held comment is not theirs.
    assert item_ids(page) == [world.held, world.reply]
    assert "Elsewhere" not in page


def test_a_held_item_shows_its_context_author_and_why(client, world):
    page = words(text(signed_in(client, world.site.facilitator).get("/moderation/")))
    held = page.split("Comment by Jo Smith")[1].split("Comment by Kim")[0]
    assert "Held because: first comment too many links (3)" in held
    assert "Proposition Open every library on Sundays (Proposition 1: Public services)" in held
    assert "Held text" in held
    assert "Jo Smith (guest) jo@example.org Signs in with: guest" in held
    assert "Their comments across the summit: 0 approved, 0 removed, 0 spam" in held
    # The held reply says which comment it answers, as an excerpt.
    reply = page.split("Comment by Kim")[1]
    assert "In reply to Pat Participant: “A reported view”" in reply


def test_the_stored_html_is_shown_as_html_and_nothing_else_is(app, client, world):
    with app.app_context():
        prop = db.session.get(Proposition, world.site.prop_a_id)
        factories.comment(
            prop,
            "<script>alert(1)</script> **bold**",
            name="<b>Eve</b>",
            email="eve@example.org",
            status=CommentStatus.PENDING,
        )
        db.session.commit()
    page = text(signed_in(client, world.site.facilitator).get("/moderation/"))
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page and "<b>Eve</b>" not in page


def test_the_reported_tab_says_how_many_reports_and_why(client, world):
    page = text(signed_in(client, world.site.facilitator).get("/moderation/?tab=reported"))
    assert tab_links(page)["Reported (1)"] is True
    assert item_ids(page) == [world.reported]
    shown = words(page)
    assert "3 reports: abusive ×2, spam ×1." in shown
    assert "“Rude to me”" in shown
    assert "Pat Participant pat@example.org Signs in with: local account" in shown
    assert "Their comments across the summit: 1 approved, 0 removed, 0 spam" in shown
    assert "Dismiss reports the comment by Pat Participant" in shown


def test_dismissed_reports_and_removed_comments_leave_the_reported_tab(app, client, world):
    with app.app_context():
        for report in db.session.scalars(db.select(Report)):
            report.dismissed_at = report.created_at
        db.session.commit()
    page = text(signed_in(client, world.site.facilitator).get("/moderation/?tab=reported"))
    assert item_ids(page) == []
    assert "There is nothing here." in page


def test_the_review_requests_and_removed_tabs(client, world):
    signed_in(client, world.site.facilitator)
    review = words(text(client.get("/moderation/?tab=review")))
    assert "Its author asked for a review on" in review and "Please look again" in review
    assert "Removed: Off-topic." in review
    removed = text(client.get("/moderation/?tab=removed"))
    assert item_ids(removed) == [world.removed]
    assert "Keep removed the comment by Lee" in words(removed)


def test_a_signed_in_author_shows_their_ways_of_signing_in(app, client, world):
    with app.app_context():
        pat = user(world.site.participant)
        db.session.add(
            Identity(user_id=pat.id, provider="github", subject="42", email="pat@github.example")
        )
        db.session.commit()
    page = words(text(signed_in(client, world.site.facilitator).get("/moderation/?tab=reported")))
    assert "pat@example.org pat@github.example Signs in with: local account, GitHub" in page


def test_an_admin_sees_every_workstream_and_can_filter_to_one(client, world):
    signed_in(client, world.site.admin)
    page = text(client.get("/moderation/"))
    assert item_ids(page) == [world.held, world.reply, world.other]
    assert "Pending (3)" in tab_links(page)
    assert '<option value="climate">Proposition 2: Climate</option>' in page
    climate = text(client.get("/moderation/?workstream=climate"))
    assert item_ids(climate) == [world.other]
    assert "Pending (1)" in tab_links(climate)
    assert 'href="/moderation/?tab=reported&amp;workstream=climate"' in climate


def test_a_facilitator_cannot_filter_to_a_workstream_they_do_not_run(client, world):
    signed_in(client, world.site.facilitator)
    assert client.get("/moderation/?workstream=climate").status_code == 404
    assert client.get("/moderation/?tab=nonsense").status_code == 404


def test_the_queue_is_oldest_first_and_paginated(app, client, world):
    with app.app_context():
        prop = db.session.get(Proposition, world.site.prop_a_id)
        for number in range(25):
            factories.comment(
                prop,
                f"Number {number:02}",
                name=f"P{number:02}",
                email=f"p{number}@example.org",
                status=CommentStatus.PENDING,
            )
        db.session.commit()
    signed_in(client, world.site.facilitator)
    first = text(client.get("/moderation/"))
    ids = item_ids(first)
    assert len(ids) == 20 and ids == sorted(ids) and ids[:2] == [world.held, world.reply]
    assert 'href="/moderation/?page=2"' in first
    second = text(client.get("/moderation/?page=2"))
    assert len(item_ids(second)) == 7 and min(item_ids(second)) > max(ids)
    assert client.get("/moderation/?page=3").status_code == 404


def _add_comments(app, prop_id: int, count: int) -> None:
    """Add ``count`` comments, half by accounts and half by guests, replies to the first.

    Each is reported once; of every four, two stay published and two are held.
    """
    with app.app_context():
        prop = db.session.get(Proposition, prop_id)
        made = []
        for number in range(count):
            if number % 2:
                author = {"user": factories.user(f"u{prop_id}-{number}@example.org", f"U{number}")}
            else:
                author = {"name": f"G {number}", "email": f"g{prop_id}-{number}@example.org"}
            parent = made[0] if made else None
            made.append(factories.comment(prop, f"Comment {number}", parent=parent, **author))
            db.session.add(
                Report(comment_id=made[-1].id, reporter_key=f"k{number}", reason=ReportReason.SPAM)
            )
        for number, held in enumerate(made):
            if number % 4 in (2, 3):
                factories._set_status(held, CommentStatus.PENDING)
        db.session.commit()


@pytest.mark.parametrize("tab", ["pending", "reported"])
def test_a_page_of_the_queue_runs_the_same_queries_however_many_items(app, client, site, tab):
    def queries_for_page() -> int:
        with count_queries(app) as statements:
            assert client.get(f"/moderation/?tab={tab}").status_code == 200
        return len(statements)

    signed_in(client, site.admin)
    _add_comments(app, site.prop_a_id, 4)
    few = queries_for_page()
    _add_comments(app, site.prop_b_id, 40)
    assert queries_for_page() == few
    # The person and their workstreams, the settings, the navigation count, the tab
    # counts, the page (its count and rows), then one query each for the comments
    # answered, the authors' counts, identities, facilitators, reports, review requests.
    assert few == 13
