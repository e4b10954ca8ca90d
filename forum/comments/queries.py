"""Read queries for comment threads: a page of a thread loads in a fixed number of queries.

Who sees what of a comment is in forum/comments/visibility.py. A comment that stands
in the thread without being readable is a :class:`Placeholder`, not the comment: the
page is handed no text, name, website, avatar or email to leak.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from forum.comments.visibility import (
    STANDS_FOR_REPLIES,
    Shape,
    Viewer,
    has_shown_reply,
    is_readable,
    placeholder_kind,
    shown_to,
    viewer_params,
    viewer_shape,
)
from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition


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
    def of(cls, comment: "ThreadComment", kind: str) -> "Placeholder":
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


class ThreadComment(NamedTuple):
    """What a discussion page shows of a comment: not its Markdown source, email or hold reasons.

    A plain tuple, read straight from the row: a page reads each of a thousand comments'
    fields a few dozen times, and a model's attributes cost more to read.
    """

    id: int
    proposition_id: int
    parent_id: int | None
    in_reply_to_id: int | None
    thread_id: int | None
    depth: int
    user_id: int | None
    author_name: str
    author_website: str | None
    avatar: str
    body_html: str
    status: CommentStatus
    created_at: datetime
    moderated_at: datetime | None
    moderation_reason: str | None
    edited_at: datetime | None
    edited_by_facilitator: bool


THREAD_COLUMNS = tuple(getattr(Comment, name) for name in ThreadComment._fields)


@dataclass
class CommentNode:
    """A comment (or its placeholder) with its replies, ready for the page to show."""

    comment: ThreadComment | Placeholder
    reply_to_name: str | None = None
    children: list["CommentNode"] = field(default_factory=list)
    # "removed", "deleted" or "hidden" when the comment stands as a placeholder.
    placeholder: str | None = None
    # Whether the reader wrote it (and so may edit, delete or ask for a review).
    mine: bool = False


@dataclass
class ThreadPage:
    """Threads of a proposition's discussion shown together: whole threads, never split.

    ``pagination`` is None when they are the whole discussion, on one page.
    """

    pagination: Pagination | None
    threads: list[CommentNode]


def is_visible(comment: Comment, viewer: Viewer) -> bool:
    """Whether this comment stands in the thread for this viewer, in full or as a placeholder."""
    if is_readable(comment, viewer) or comment.status == CommentStatus.HIDDEN:
        return True
    if comment.status not in STANDS_FOR_REPLIES:
        return False
    params = {**viewer_params(viewer), "comment_id": comment.id}
    return db.session.scalar(_kept_for_replies(viewer_shape(viewer)), params) is not None


class _Statements(NamedTuple):
    """The statements that read a discussion for one shape of viewer, in one order."""

    # How many threads the discussion has; one page of their first comments' ids.
    thread_count: sa.Select
    thread_ids: sa.Select
    # Those threads' comments; every comment of the discussion.
    threads: sa.Select
    discussion: sa.Select
    # How many threads come before a given one.
    threads_before: sa.Select


@functools.cache
def _statements(shape: Shape, newest_first: bool) -> _Statements:
    """Build the statements for this shape of viewer once; each request binds its values.

    Threads come oldest first unless the site chose otherwise (``newest_first``).
    """
    shown = shown_to(shape)
    in_discussion = Comment.proposition_id == sa.bindparam("proposition_id")
    top = sa.and_(in_discussion, Comment.depth == 1, shown)
    thread_order = Comment.thread_id.desc() if newest_first else Comment.thread_id.asc()
    discussion = (
        sa.select(*THREAD_COLUMNS).where(in_discussion, shown).order_by(thread_order, Comment.path)
    )
    before = sa.bindparam("thread_id")
    return _Statements(
        thread_count=sa.select(sa.func.count(Comment.id)).where(top),
        thread_ids=sa.select(Comment.id)
        .where(top)
        .order_by(Comment.id.desc() if newest_first else Comment.id.asc())
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset")),
        threads=discussion.where(Comment.thread_id.in_(sa.bindparam("thread_ids", expanding=True))),
        discussion=discussion,
        threads_before=sa.select(sa.func.count(Comment.id)).where(
            top, Comment.id > before if newest_first else Comment.id < before
        ),
    )


@functools.cache
def _kept_for_replies(shape: Shape) -> sa.Select:
    """Build, once per shape, the statement that finds a comment if it stands for a reply."""
    return sa.select(Comment.id).where(
        Comment.id == sa.bindparam("comment_id"), has_shown_reply(shape)
    )


class _ThreadPagination(Pagination):
    """Pages of a discussion's threads, read with the statements built for the viewer."""

    def _query_items(self) -> list[int]:
        """Return the ids of this page's threads."""
        statement, params = self._query_args["thread_ids"], self._query_args["params"]
        page = {**params, "limit": self.per_page, "offset": self._query_offset}
        return list(db.session.scalars(statement, page))

    def _query_count(self) -> int:
        """Return how many threads the discussion has for this viewer."""
        return db.session.scalar(self._query_args["thread_count"], self._query_args["params"])


def thread_page(
    proposition: Proposition, viewer: Viewer, page: int, per_page: int, newest_first: bool
) -> ThreadPage:
    """Return a page of whole threads: a page of top-level comments and all their replies.

    A top-level placeholder counts as a thread while it stands (see the module's rules).
    """
    statements = _statements(viewer_shape(viewer), newest_first)
    params = {**viewer_params(viewer), "proposition_id": proposition.id}
    pagination = _ThreadPagination(
        page,
        per_page,
        max_per_page=per_page,
        thread_ids=statements.thread_ids,
        thread_count=statements.thread_count,
        params=params,
    )
    if not pagination.items:
        return ThreadPage(pagination, [])
    thread_ids = {**params, "thread_ids": pagination.items}
    comments = _thread_comments(statements.threads, thread_ids)
    return ThreadPage(pagination, build_tree(comments, viewer))


def whole_discussion(proposition: Proposition, viewer: Viewer, newest_first: bool) -> ThreadPage:
    """Return every thread of the discussion, in the order of its pages, in one query."""
    statements = _statements(viewer_shape(viewer), newest_first)
    params = {**viewer_params(viewer), "proposition_id": proposition.id}
    comments = _thread_comments(statements.discussion, params)
    return ThreadPage(None, build_tree(comments, viewer))


def _thread_comments(query: sa.Select, params: dict) -> list[ThreadComment]:
    """Run a statement that selects ``THREAD_COLUMNS``; return its comments in its order."""
    return [ThreadComment(*row) for row in db.session.execute(query, params)]


def build_tree(
    comments: Sequence[ThreadComment], viewer: Viewer | None = None
) -> list[CommentNode]:
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
    query = _statements(viewer_shape(viewer), newest_first).threads_before
    params = {
        **viewer_params(viewer),
        "proposition_id": comment.proposition_id,
        "thread_id": comment.thread_id,
    }
    return db.session.scalar(query, params) // per_page + 1


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


@functools.cache
def _public_thread() -> sa.Select:
    """Build, once, the statement that reads a discussion as anyone sees it."""
    return (
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
        .where(
            Comment.proposition_id == sa.bindparam("proposition_id"),
            shown_to(viewer_shape(Viewer())),
        )
        .order_by(Comment.path)
    )


def public_thread_rows(proposition_id: int) -> Sequence[sa.Row]:
    """Return a proposition's thread as anyone sees it, in reading order.

    Approved comments with their public fields, and the placeholders that stand in
    the thread for their replies (only their place: id, parent, depth, status).
    """
    return db.session.execute(_public_thread(), {"proposition_id": proposition_id}).all()
