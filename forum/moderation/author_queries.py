"""Read queries for people, as moderators see them: an author by account or guest email."""

import sqlalchemy as sa
from flask import abort

from forum.extensions import db
from forum.models import Comment, Identity, Suspension, User, utcnow
from forum.moderation.queries import Scope, scoped
from forum.moderation.suspensions import Author


def account_author(user_id: int, scope: Scope) -> Author:
    """Return an account as an author, if they commented in scope (admins: anyone), else 404."""
    user = db.get_or_404(User, user_id)
    author = Author(user=user, name=user.display_name)
    if scope.workstream_ids is not None and not _has_comment(author, scope):
        abort(404)
    return author


def guest_author(comment_id: int, scope: Scope) -> Author:
    """Return the guest who wrote this comment as an author, if it is in scope, else 404."""
    comment = db.get_or_404(Comment, comment_id)
    if comment.user_id is not None or not comment.author_email:
        abort(404)
    author = Author(email=comment.author_email, name=comment.author_name)
    if not _has_comment(author, scope):
        abort(404)
    return author


def _has_comment(author: Author, scope: Scope) -> bool:
    """Whether the author has a comment in these workstreams."""
    query = scoped(sa.select(Comment.id).where(author.owns()), scope.workstream_ids)
    return db.session.scalar(query.limit(1)) is not None


def latest_guest_comment(email: str, scope: Scope) -> int | None:
    """Return the id of a guest email's latest comment in scope, if any."""
    query = sa.select(Comment.id).where(Comment.user_id.is_(None), Comment.author_email == email)
    query = scoped(query, scope.workstream_ids).order_by(Comment.id.desc())
    return db.session.scalar(query.limit(1))


def account_by_email(email: str, scope: Scope) -> int | None:
    """Return the account with this email (its own or a provider's) that commented in scope."""
    by_provider = sa.select(Identity.user_id).where(sa.func.lower(Identity.email) == email)
    owners = sa.or_(User.email == email, User.id.in_(by_provider))
    query = sa.select(Comment.user_id).join(User, User.id == Comment.user_id).where(owners)
    query = scoped(query, scope.workstream_ids).order_by(Comment.id.desc())
    return db.session.scalar(query.limit(1))


def active_suspension(author: Author) -> Suspension | None:
    """Return the author's suspension in force that ends last, if any."""
    now = utcnow()
    who = (
        Suspension.user_id == author.user.id
        if author.user is not None
        else Suspension.email == author.email
    )
    query = sa.select(Suspension).where(
        who,
        Suspension.lifted_at.is_(None),
        sa.or_(Suspension.ends_at.is_(None), Suspension.ends_at > now),
    )
    active = list(db.session.scalars(query))
    return max(active, key=lambda row: (row.ends_at is None, row.ends_at, row.id), default=None)
