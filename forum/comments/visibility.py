"""Who sees what of a comment: the rules, in Python for one comment and in SQL for many.

- An approved comment: everyone, in full.
- A held (pending) comment: facilitators, and the browser that wrote it.
- A removed or hidden comment: facilitators, in full and marked; its author, signed in,
  with the reason; everyone else a placeholder. A hidden comment always stands as a
  placeholder; a removed one only while it has replies someone can see.
- Spam and comments deleted by their authors: a placeholder while they have replies
  someone can see, otherwise nothing.
- A comment that went back to the queue after people replied to it stands as "hidden"
  while it has replies someone can see (a reply can only answer an approved comment).

The SQL conditions depend on the shape of the viewer (:func:`viewer_shape`), not on who
they are: their values go in as parameters (:func:`viewer_params`), so each condition is
built once per shape and serves every reader of that shape.
"""

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from forum.models import Comment, CommentStatus

# Statuses whose comment stands in the thread while a reply to it is shown.
STANDS_FOR_REPLIES = (
    CommentStatus.REMOVED,
    CommentStatus.SPAM,
    CommentStatus.DELETED,
    CommentStatus.PENDING,
)
# What a placeholder says the comment was, by status; the API uses the same words.
PLACEHOLDER_KINDS = {
    CommentStatus.REMOVED: "removed",
    CommentStatus.SPAM: "removed",
    CommentStatus.DELETED: "deleted",
    CommentStatus.HIDDEN: "hidden",
    CommentStatus.PENDING: "hidden",
}
# The statuses facilitators read in full wherever they are, so they can act on them.
MODERATORS_READ = (CommentStatus.PENDING, CommentStatus.REMOVED, CommentStatus.HIDDEN)
# The statuses a signed-in author reads in full, told why it is not public.
AUTHORS_READ = (CommentStatus.REMOVED, CommentStatus.HIDDEN)


@dataclass(frozen=True)
class Viewer:
    """Who is reading, as far as which comments they may see goes."""

    moderator: bool = False
    own_pending: frozenset[int] = frozenset()
    # The signed-in reader's account, if any: their comments are theirs wherever they are.
    user_id: int | None = None
    # Guests' comments written in this browser (forum/contributions/session.py).
    own_ids: frozenset[int] = frozenset()

    def owns(self, comment: Comment) -> bool:
        """Whether the reader wrote this comment: by account, or as a guest in this browser."""
        if comment.user_id is not None:
            return comment.user_id == self.user_id
        return comment.id in self.own_ids or comment.id in self.own_pending


# Whether the viewer moderates, has held comments of their own, is signed in.
Shape = tuple[bool, bool, bool]


def viewer_shape(viewer: Viewer) -> Shape:
    """Return what about a viewer changes the SQL: moderator, own held comments, signed in.

    The viewer's values (their held comments' ids, their account) are parameters, so
    one statement per shape serves everyone (see :func:`viewer_params`).
    """
    moderator = viewer.moderator
    return (
        moderator,
        bool(viewer.own_pending) and not moderator,
        viewer.user_id is not None and not moderator,
    )


def viewer_params(viewer: Viewer) -> dict[str, object]:
    """Return the values the statements of this viewer's shape are run with."""
    _, own_pending, signed_in = viewer_shape(viewer)
    params: dict[str, object] = {}
    if own_pending:
        params["own_pending"] = sorted(viewer.own_pending)
    if signed_in:
        params["viewer_id"] = viewer.user_id
    return params


def _readable_by(shape: Shape, comment=Comment) -> sa.ColumnElement[bool]:
    """SQL condition: comments a viewer of this shape may read in full."""
    moderator, own_pending, signed_in = shape
    conditions = [comment.status == CommentStatus.APPROVED]
    if moderator:
        conditions.append(comment.status.in_(MODERATORS_READ))
    elif own_pending:
        own = sa.bindparam("own_pending", expanding=True)
        conditions.append(sa.and_(comment.status == CommentStatus.PENDING, comment.id.in_(own)))
    if signed_in:
        conditions.append(
            sa.and_(comment.user_id == sa.bindparam("viewer_id"), comment.status.in_(AUTHORS_READ))
        )
    return sa.or_(*conditions)


def has_shown_reply(shape: Shape) -> sa.Exists:
    """SQL condition: a reply below this comment, or answering it, stands in the thread.

    A reply stands if the viewer may read it or it is hidden (always shown); one
    readable or hidden comment is enough to keep every comment above it in place.
    """
    reply = aliased(Comment)
    return sa.exists().where(
        reply.thread_id == Comment.thread_id,
        reply.id != Comment.id,
        sa.or_(reply.path.startswith(Comment.path + "/"), reply.in_reply_to_id == Comment.id),
        sa.or_(_readable_by(shape, reply), reply.status == CommentStatus.HIDDEN),
    )


@functools.cache
def shown_to(shape: Shape) -> sa.ColumnElement[bool]:
    """SQL condition: comments that stand in the thread for this viewer, in full or not.

    Built once per shape: building it costs more than running it.
    """
    return sa.or_(
        _readable_by(shape),
        Comment.status == CommentStatus.HIDDEN,
        sa.and_(Comment.status.in_(STANDS_FOR_REPLIES), has_shown_reply(shape)),
    )


def is_readable(comment: Comment, viewer: Viewer) -> bool:
    """Whether this viewer may read this comment in full (the same rule as the SQL above)."""
    if comment.status == CommentStatus.APPROVED:
        return True
    if viewer.moderator:
        return comment.status in MODERATORS_READ
    if comment.status == CommentStatus.PENDING:
        return comment.id in viewer.own_pending
    return (
        comment.status in AUTHORS_READ
        and comment.user_id is not None
        and comment.user_id == viewer.user_id
    )


def placeholder_kind(comment: Comment, viewer: Viewer) -> str | None:
    """Return what the placeholder standing for this comment says, or None if it is read."""
    if is_readable(comment, viewer):
        return None
    return PLACEHOLDER_KINDS.get(comment.status)
