"""Read queries for comment threads: a page of a thread loads in a fixed number of queries.

Who sees what of a comment:

- An approved comment: everyone, in full.
- A held (pending) comment: facilitators, and the browser that wrote it.
- A removed or hidden comment: facilitators, in full and marked; its author, signed in,
  with the reason; everyone else a placeholder. A hidden comment always stands as a
  placeholder; a removed one only while it has replies someone can see.
- Spam and comments deleted by their authors: a placeholder while they have replies
  someone can see, otherwise nothing.
- A comment that went back to the queue after people replied to it stands as "hidden"
  while it has replies someone can see (a reply can only answer an approved comment).

A placeholder is a :class:`Placeholder`, not the comment: the page is handed no text,
name, website, avatar or email to leak.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import aliased, joinedload

from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition

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


@dataclass(frozen=True)
class Placeholder:
    """What a thread shows in place of a comment no longer public: never its text or author.

    ``author_name`` is what labels that name a comment's author say instead
    ("Reply to a removed comment", "Replies to a deleted comment").
    """

    id: int
    proposition_id: int
    parent_id: int | None
    in_reply_to_id: int | None
    thread_id: int | None
    depth: int
    kind: str
    moderated_at: datetime | None = None
    reason: str = ""
    user_id: None = None

    @property
    def author_name(self) -> str:
        """The words that stand for the author's name."""
        return f"a {self.kind} comment"

    @classmethod
    def of(cls, comment: Comment, kind: str) -> "Placeholder":
        """Keep only what a placeholder may show of a comment."""
        removed = kind == "removed"
        return cls(
            id=comment.id,
            proposition_id=comment.proposition_id,
            parent_id=comment.parent_id,
            in_reply_to_id=comment.in_reply_to_id,
            thread_id=comment.thread_id,
            depth=comment.depth,
            kind=kind,
            moderated_at=comment.moderated_at if removed else None,
            reason=(comment.moderation_reason or "") if removed else "",
        )


@dataclass
class CommentNode:
    """A comment (or its placeholder) with its replies, ready for the page to show."""

    comment: Comment | Placeholder
    reply_to_name: str | None = None
    children: list["CommentNode"] = field(default_factory=list)
    # "removed", "deleted" or "hidden" when the comment stands as a placeholder.
    placeholder: str | None = None
    # Whether the reader wrote it (and so may edit, delete or ask for a review).
    mine: bool = False


@dataclass
class ThreadPage:
    """One page of a proposition's discussion: whole threads, never split."""

    pagination: Pagination
    threads: list[CommentNode]


def _readable_by(viewer: Viewer, comment=Comment) -> sa.ColumnElement[bool]:
    """SQL condition: comments this viewer may read in full."""
    conditions = [comment.status == CommentStatus.APPROVED]
    if viewer.moderator:
        conditions.append(comment.status.in_(MODERATORS_READ))
    elif viewer.own_pending:
        own = sorted(viewer.own_pending)
        conditions.append(sa.and_(comment.status == CommentStatus.PENDING, comment.id.in_(own)))
    if viewer.user_id is not None and not viewer.moderator:
        conditions.append(
            sa.and_(comment.user_id == viewer.user_id, comment.status.in_(AUTHORS_READ))
        )
    return sa.or_(*conditions)


def _has_shown_reply(viewer: Viewer, comment=Comment) -> sa.Exists:
    """SQL condition: a reply below this comment, or answering it, stands in the thread.

    A reply stands if the viewer may read it or it is hidden (always shown); one
    readable or hidden comment is enough to keep every comment above it in place.
    """
    reply = aliased(Comment)
    return sa.exists().where(
        reply.thread_id == comment.thread_id,
        reply.id != comment.id,
        sa.or_(reply.path.startswith(comment.path + "/"), reply.in_reply_to_id == comment.id),
        sa.or_(_readable_by(viewer, reply), reply.status == CommentStatus.HIDDEN),
    )


def _shown_to(viewer: Viewer) -> sa.ColumnElement[bool]:
    """SQL condition: comments that stand in the thread for this viewer, in full or not."""
    return sa.or_(
        _readable_by(viewer),
        Comment.status == CommentStatus.HIDDEN,
        sa.and_(Comment.status.in_(STANDS_FOR_REPLIES), _has_shown_reply(viewer)),
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


def is_visible(comment: Comment, viewer: Viewer) -> bool:
    """Whether this comment stands in the thread for this viewer, in full or as a placeholder."""
    if is_readable(comment, viewer) or comment.status == CommentStatus.HIDDEN:
        return True
    if comment.status not in STANDS_FOR_REPLIES:
        return False
    query = sa.select(Comment.id).where(Comment.id == comment.id, _has_shown_reply(viewer))
    return db.session.scalar(query) is not None


def _thread_order(newest_first: bool) -> sa.UnaryExpression:
    """Order of top-level threads: oldest first unless the site chose otherwise."""
    return Comment.id.desc() if newest_first else Comment.id.asc()


def thread_page(
    proposition: Proposition, viewer: Viewer, page: int, per_page: int, newest_first: bool
) -> ThreadPage:
    """Return a page of whole threads: a page of top-level comments and all their replies.

    A top-level placeholder counts as a thread while it stands (see the module's rules).
    """
    top_level = (
        sa.select(Comment.id)
        .where(Comment.proposition_id == proposition.id, Comment.depth == 1, _shown_to(viewer))
        .order_by(_thread_order(newest_first))
    )
    pagination = db.paginate(top_level, page=page, per_page=per_page, max_per_page=per_page)
    thread_ids = list(pagination.items)
    if not thread_ids:
        return ThreadPage(pagination, [])
    query = (
        sa.select(Comment)
        .where(
            Comment.proposition_id == proposition.id,
            Comment.thread_id.in_(thread_ids),
            _shown_to(viewer),
        )
        .order_by(
            Comment.thread_id.desc() if newest_first else Comment.thread_id.asc(), Comment.path
        )
    )
    return ThreadPage(pagination, build_tree(db.session.scalars(query).all(), viewer))


def build_tree(comments: Sequence[Comment], viewer: Viewer | None = None) -> list[CommentNode]:
    """Nest comments given in reading order under their parents.

    Each comment this viewer may not read becomes a :class:`Placeholder`. A comment
    whose parent is not in the list is shown at the top level rather than dropped.
    """
    viewer = viewer or Viewer()
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        kind = placeholder_kind(comment, viewer)
        answered = nodes.get(comment.in_reply_to_id) if comment.in_reply_to_id else None
        node = CommentNode(
            Placeholder.of(comment, kind) if kind else comment,
            answered.comment.author_name if answered else None,
            placeholder=kind,
            mine=kind is None and viewer.owns(comment),
        )
        nodes[comment.id] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def page_of_comment(comment: Comment, viewer: Viewer, per_page: int, newest_first: bool) -> int:
    """Return the page of the discussion on which this comment's thread appears."""
    before = Comment.id > comment.thread_id if newest_first else Comment.id < comment.thread_id
    query = sa.select(sa.func.count(Comment.id)).where(
        Comment.proposition_id == comment.proposition_id,
        Comment.depth == 1,
        before,
        _shown_to(viewer),
    )
    return db.session.scalar(query) // per_page + 1


def reply_target(proposition: Proposition, comment_id: int) -> Comment | None:
    """Return the approved comment on this proposition that a reply would answer, or None."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.proposition_id != proposition.id or not comment.is_approved:
        return None
    return comment


def comment_with_proposition(comment_id: int) -> Comment | None:
    """Return a comment with its proposition and workstream, or None."""
    query = (
        sa.select(Comment)
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.proposition).joinedload(Proposition.workstream))
    )
    return db.session.scalar(query)


def _public_only(column: sa.ColumnElement, name: str) -> sa.Label:
    """Select a column's value for approved comments and NULL for placeholders.

    So a placeholder's text and author never leave the database for the API.
    """
    return sa.case((Comment.status == CommentStatus.APPROVED, column), else_=sa.null()).label(name)


def public_thread_rows(proposition_id: int) -> Sequence[sa.Row]:
    """Return a proposition's thread as anyone sees it, in reading order.

    Approved comments with their public fields, and the placeholders that stand in
    the thread for their replies (only their place: id, parent, depth, status).
    """
    query = (
        sa.select(
            Comment.id,
            Comment.parent_id,
            Comment.in_reply_to_id,
            Comment.depth,
            Comment.status,
            _public_only(Comment.author_name, "author_name"),
            _public_only(Comment.author_website, "author_website"),
            _public_only(Comment.avatar, "avatar"),
            _public_only(Comment.created_at, "created_at"),
            _public_only(Comment.body_html, "body_html"),
        )
        .where(Comment.proposition_id == proposition_id, _shown_to(Viewer()))
        .order_by(Comment.path)
    )
    return db.session.execute(query).all()
