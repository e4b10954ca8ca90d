"""Fixtures and helpers for the moderation tools: a summit with comments in every state."""

import re
from html import unescape
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import (
    AuditEntry,
    Comment,
    CommentStatus,
    ModerationAction,
    Proposition,
    Report,
    ReportReason,
    ReviewRequest,
    User,
    Workstream,
)
from tests import factories
from tests.conftest import csrf_from, sign_in

TAG_RE = re.compile(r"<[^>]+>")


@pytest.fixture
def world(app, site):
    """The small summit plus comments to moderate, in both workstreams.

    Workstream A (Fiona facilitates): a guest's held comment with reasons, a
    participant's published comment reported three times, a held reply to it, and a
    comment removed with its author's review request. Workstream B (Boris): a held comment.
    """
    with app.app_context():
        prop_a = db.session.get(Proposition, site.prop_a_id)
        prop_b = db.session.get(Proposition, site.prop_b_id)
        pat = user(site.participant)
        held = factories.comment(
            prop_a, "Held **text**", name="Jo Smith", email="jo@example.org", status=PENDING
        )
        held.hold_reasons = ["first comment", "too many links (3)"]
        reported = factories.comment(prop_a, "A *reported* view", user=pat)
        for number, reason in enumerate(["abusive", "abusive", "spam"]):
            db.session.add(
                Report(
                    comment_id=reported.id,
                    reporter_key=f"guest:{number}",
                    reason=ReportReason(reason),
                    details="Rude to me" if number == 0 else "",
                )
            )
        reply = factories.comment(
            prop_a, "A held reply", parent=reported, name="Kim", email="kim@example.org"
        )
        factories._set_status(reply, PENDING)
        removed = factories.comment(prop_a, "Gone", name="Lee", email="lee@example.org")
        factories._set_status(removed, CommentStatus.REMOVED)
        removed.moderation_reason = "Off-topic"
        db.session.add(ReviewRequest(comment_id=removed.id, message="Please look again"))
        other = factories.comment(prop_b, "Elsewhere", name="Max", email="max@example.org")
        factories._set_status(other, PENDING)
        db.session.commit()
        return SimpleNamespace(
            site=site,
            held=held.id,
            reported=reported.id,
            reply=reply.id,
            removed=removed.id,
            other=other.id,
            pat=pat.id,
        )


PENDING = CommentStatus.PENDING


def user(email: str) -> User:
    """Return the account with this email."""
    return db.session.scalar(sa.select(User).filter_by(email=email))


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def words(html: str) -> str:
    """Return a page's visible words, tags dropped and spaces collapsed."""
    return " ".join(unescape(TAG_RE.sub(" ", html)).split())


def signed_in(client, email: str):
    """Sign the client in and return it."""
    sign_in(client, email)
    return client


def press(client, page_url: str, action_url: str, data: dict | None = None, **kwargs):
    """Open a page and post to an action with its CSRF token, as its button would."""
    token = csrf_from(text(client.get(page_url)))
    return client.post(action_url, data={"csrf_token": token, **(data or {})}, **kwargs)


def comment(app, comment_id: int) -> Comment:
    """Return a comment's stored state, detached."""
    with app.app_context():
        found = db.session.get(Comment, comment_id)
        db.session.expunge(found)
        return found


def status(app, comment_id: int) -> CommentStatus:
    """Return a comment's stored status."""
    return comment(app, comment_id).status


def decisions(app) -> list[ModerationAction]:
    """Return every moderation decision, oldest first, detached."""
    with app.app_context():
        found = list(db.session.scalars(sa.select(ModerationAction).order_by(ModerationAction.id)))
        db.session.expunge_all()
        return found


def audit_actions(app) -> list[str]:
    """Return the actions of the audit log, oldest first."""
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def counts(app, proposition_id: int) -> tuple[int, int]:
    """Return a proposition's approved-comment count and its workstream's."""
    with app.app_context():
        proposition = db.session.get(Proposition, proposition_id)
        workstream = db.session.get(Workstream, proposition.workstream_id)
        return proposition.comment_count, workstream.comment_count


def undo_path(response_page: str) -> str:
    """Return the address the Undo button in a page's notice posts to."""
    match = re.search(r'action="(/moderation/actions/\d+/undo)"', response_page)
    assert match, "the page has no Undo button"
    return match.group(1)
