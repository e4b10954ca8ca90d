"""Read queries for comment threads: a page of a thread loads in a fixed number of queries."""

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition


@dataclass(frozen=True)
class Viewer:
    """Who is reading, as far as which comments they may see goes."""

    moderator: bool = False
    own_pending: frozenset[int] = frozenset()


@dataclass
class CommentNode:
    """A comment with its replies, ready for the page to show."""

    comment: Comment
    reply_to_name: str | None = None
    children: list["CommentNode"] = field(default_factory=list)


@dataclass
class ThreadPage:
    """One page of a proposition's discussion: whole threads, never split."""

    pagination: Pagination
    threads: list[CommentNode]


def _visible_to(viewer: Viewer) -> sa.ColumnElement[bool]:
    """SQL condition: comments this viewer may see."""
    condition = Comment.status == CommentStatus.APPROVED
    if viewer.moderator:
        return sa.or_(condition, Comment.status == CommentStatus.PENDING)
    if viewer.own_pending:
        own = sa.and_(
            Comment.status == CommentStatus.PENDING, Comment.id.in_(sorted(viewer.own_pending))
        )
        return sa.or_(condition, own)
    return condition


def is_visible(comment: Comment, viewer: Viewer) -> bool:
    """Whether this viewer may see this comment (the same rule as the SQL above)."""
    if comment.status == CommentStatus.APPROVED:
        return True
    return comment.status == CommentStatus.PENDING and (
        viewer.moderator or comment.id in viewer.own_pending
    )


def _thread_order(newest_first: bool) -> sa.UnaryExpression:
    """Order of top-level threads: oldest first unless the site chose otherwise."""
    return Comment.id.desc() if newest_first else Comment.id.asc()


def thread_page(
    proposition: Proposition, viewer: Viewer, page: int, per_page: int, newest_first: bool
) -> ThreadPage:
    """Return a page of whole threads: a page of top-level comments and all their replies."""
    top_level = (
        sa.select(Comment.id)
        .where(Comment.proposition_id == proposition.id, Comment.depth == 1, _visible_to(viewer))
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
            _visible_to(viewer),
        )
        .order_by(
            Comment.thread_id.desc() if newest_first else Comment.thread_id.asc(), Comment.path
        )
    )
    return ThreadPage(pagination, build_tree(db.session.scalars(query).all()))


def build_tree(comments: Sequence[Comment]) -> list[CommentNode]:
    """Nest comments given in reading order under their parents.

    A comment whose parent is not in the list is shown at the top level rather
    than dropped.
    """
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        answered = nodes.get(comment.in_reply_to_id) if comment.in_reply_to_id else None
        node = CommentNode(comment, answered.comment.author_name if answered else None)
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
        _visible_to(viewer),
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


def approved_thread_rows(proposition_id: int) -> Sequence[sa.Row]:
    """Return the public fields of a proposition's approved comments, in thread order."""
    query = (
        sa.select(
            Comment.id,
            Comment.parent_id,
            Comment.in_reply_to_id,
            Comment.depth,
            Comment.author_name,
            Comment.author_website,
            Comment.avatar,
            Comment.created_at,
            Comment.body_html,
        )
        .where(Comment.proposition_id == proposition_id, Comment.status == CommentStatus.APPROVED)
        .order_by(Comment.path)
    )
    return db.session.execute(query).all()
