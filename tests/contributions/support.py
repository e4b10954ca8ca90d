"""Helpers for tests of what readers and authors see and do in a thread.

Each opens a short app context of its own and commits, so the test then looks at
the app only through the client, as a person would.
"""

import html
from datetime import timedelta

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition, User, utcnow
from forum.moderation.core import Action, decide
from tests import factories

# The decision each status comes from, as a facilitator (or the readers) would make it.
ACTIONS = {
    CommentStatus.APPROVED: Action.APPROVE,
    CommentStatus.REMOVED: Action.REMOVE,
    CommentStatus.SPAM: Action.SPAM,
    CommentStatus.HIDDEN: Action.HIDE_BY_REPORTS,
    CommentStatus.DELETED: Action.AUTHOR_DELETE,
    CommentStatus.PENDING: Action.UNDO,
}


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def words(response) -> str:
    """Return a response's body with HTML entities turned back into the characters people read."""
    return html.unescape(text(response))


def add_comment(
    app, proposition_id: int, body: str = "I agree.", *, parent=None, user=None, **guest
):
    """Post an approved comment (as a guest unless ``user`` is an email) and return its id."""
    with app.app_context():
        prop = db.session.get(Proposition, proposition_id)
        author = None
        if user is not None:
            author = db.session.scalars(sa.select(User).where(User.email == user)).one()
        parent_comment = db.session.get(Comment, parent) if parent else None
        made = factories.comment(prop, body, parent=parent_comment, user=author, **guest)
        db.session.commit()
        return made.id


def decide_status(app, comment_id: int, status: CommentStatus, reason: str = "") -> None:
    """Move a comment to a status through the shared moderation helper (counts kept right)."""
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        decide(comment, None, ACTIONS[status], status, reason)
        db.session.commit()


def load(app, model, object_id: int):
    """Return a detached copy of one row."""
    with app.app_context():
        row = db.session.get(model, object_id)
        db.session.expunge_all()
        return row


def rows(app, model, **by) -> list:
    """Return the rows of a table matching ``by``, oldest first."""
    with app.app_context():
        found = db.session.scalars(sa.select(model).filter_by(**by).order_by(model.id)).all()
        db.session.expunge_all()
        return list(found)


def backdate_comment(app, comment_id: int, minutes: int) -> None:
    """Pretend a comment was posted this many minutes ago."""
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        comment.created_at = utcnow() - timedelta(minutes=minutes)
        db.session.commit()


def make_user(app, email: str, name: str, days_old: float = 3, suspended: bool = False) -> int:
    """Create an account made ``days_old`` days ago (password PASSWORD); return its id."""
    with app.app_context():
        user = factories.user(email, name)
        user.created_at = utcnow() - timedelta(days=days_old)
        if suspended:
            user.suspended_until = utcnow() + timedelta(days=7)
            user.suspension_reason = "Posting adverts."
        db.session.commit()
        return user.id


def age_account(app, email: str, days: float = 3) -> None:
    """Make an existing account older, so its reports count."""
    with app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        user.created_at = utcnow() - timedelta(days=days)
        db.session.commit()


def remember_guest_comment(client, comment_id: int) -> None:
    """Put a comment among the ones this browser posted as a guest (what posting does)."""
    with client.session_transaction() as session:
        session["own_comments"] = [*session.get("own_comments", []), comment_id]


def approved_count(app, proposition_id: int) -> int:
    """Return a proposition's stored count of public comments."""
    with app.app_context():
        return db.session.get(Proposition, proposition_id).comment_count
