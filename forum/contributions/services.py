"""Authors' own comments: edit for a while, delete at any time, ask for a review.

Services take models and plain values, flush and never commit. Who the author is:
a signed-in account by ``Comment.user_id``; a guest by the browser that posted the
comment (its ids in the session, forum/contributions/session.py), so a guest who
changes browser or clears cookies can no longer edit or delete.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from forum import markup, permissions
from forum.comments import rules
from forum.comments.queries import CommentNode, Viewer
from forum.comments.services import CommentPolicy, render_body
from forum.errors import Conflict, InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import (
    Comment,
    CommentRevision,
    CommentStatus,
    ModerationAction,
    ReviewRequest,
    User,
    utcnow,
)
from forum.moderation.core import Action, decide, set_status
from forum.settings import current_settings

logger = logging.getLogger(__name__)

DEFAULT_EDIT_MINUTES = 15
REVIEW_MAX_CHARS = 1000
# An author may edit a comment only while it waits or is public.
EDITABLE = (CommentStatus.PENDING, CommentStatus.APPROVED)
# An author may delete a comment at any time, except after a facilitator removed it
# (the placeholder then says why, and deleting must not rewrite that).
DELETABLE = (CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.HIDDEN)


def edit_minutes() -> int:
    """How long after posting authors may edit their comment (site setting, default 15)."""
    # Read with a fallback until the settings carry it (forum/settings.py).
    value = getattr(current_settings(), "edit_minutes", None)
    return DEFAULT_EDIT_MINUTES if value is None else int(value)


def edit_deadline(comment: Comment) -> datetime:
    """Return when the author's edit window for this comment closes."""
    return comment.created_at + timedelta(minutes=edit_minutes())


def window_message() -> str:
    """Say, in plain words, how long comments can be edited."""
    minutes = edit_minutes()
    return f"You can only edit a comment in the first {minutes} minute{'s' * (minutes != 1)}."


def is_author(comment: Comment, user: User | None, own_ids: frozenset[int]) -> bool:
    """Whether this person wrote the comment: by account, or as a guest in this browser."""
    viewer = Viewer(user_id=user.id if user is not None else None, own_ids=own_ids)
    return viewer.owns(comment)


@dataclass(frozen=True)
class CommentLinks:
    """Which of the reader's own links a comment shows them."""

    edit: bool = False
    delete: bool = False
    report: bool = False
    review: bool = False


def links_for(node: CommentNode, moderator: bool, now: datetime | None = None) -> CommentLinks:
    """Decide which links a reader gets on a comment in the thread.

    Authors get Edit (in the window), Delete, and, signed in, Ask for a review of a
    removed comment. Anyone else may report an approved comment, except the
    workstream's facilitators, who have the moderation menu instead.
    """
    if node.placeholder:
        return CommentLinks()
    comment = node.comment
    if node.mine:
        return CommentLinks(
            edit=comment.status in EDITABLE and (now or utcnow()) < edit_deadline(comment),
            delete=comment.status in DELETABLE,
            review=comment.status == CommentStatus.REMOVED and comment.user_id is not None,
        )
    return CommentLinks(report=comment.status == CommentStatus.APPROVED and not moderator)


def check_can_edit(
    comment: Comment, user: User | None, own_ids: frozenset[int], now: datetime | None = None
) -> None:
    """Refuse anyone but the comment's author, and any edit after the window.

    :raises NotAllowed: with a plain message saying why.
    """
    if not is_author(comment, user, own_ids):
        raise NotAllowed("You can only edit your own comments.")
    if comment.status not in EDITABLE:
        raise NotAllowed("This comment can't be edited any more.")
    if (now or utcnow()) >= edit_deadline(comment):
        raise NotAllowed(window_message())


def edit_comment(
    comment: Comment,
    body: str,
    *,
    user: User | None,
    own_ids: frozenset[int],
    policy: CommentPolicy,
    now: datetime | None = None,
) -> bool:
    """Change the text of one's own comment; return whether anything changed.

    Rules: only its author (by account, or the guest's browser); only a held or
    approved comment; only within ``edit_minutes`` of posting; the text is not empty
    and not longer than the policy's ``max_chars``, rendered by forum/markup as when
    posting, and refused if it now holds a blocked word. An approved comment keeps its
    old text as a revision and is marked edited; one that now has more than the
    policy's ``max_links`` links, or a held word, goes back to the facilitators, as a
    new comment with them would have.

    :raises NotAllowed: if the person is not its author, or the window has closed.
    :raises InvalidInput: if the text is empty or too long (``field="body"``).
    """
    check_can_edit(comment, user, own_ids, now)
    source = (body or "").strip()
    html = render_body(source, policy.max_chars)
    if source == comment.body:
        return False
    rules.refuse_blocked_words(source, policy.blocked_words)
    if comment.status == CommentStatus.APPROVED:
        _keep_revision(comment, user, now)
    comment.body, comment.body_html = source, html
    if comment.status == CommentStatus.APPROVED and not permissions.can_moderate(
        user, comment.proposition
    ):
        held = rules.find_words(source, policy.held_words)
        if markup.count_links(html) > policy.max_links:
            set_status(comment, CommentStatus.PENDING, "Edited: more links than allowed")
        elif held:
            set_status(comment, CommentStatus.PENDING, f"Edited: held word “{held[0]}”")
    db.session.flush()
    return True


def _keep_revision(comment: Comment, user: User | None, now: datetime | None) -> None:
    """Keep the published text of a comment before its author changes it."""
    db.session.add(
        CommentRevision(
            comment_id=comment.id,
            editor_id=user.id if user is not None else None,
            body=comment.body,
            body_html=comment.body_html,
        )
    )
    comment.edited_at = now or utcnow()
    comment.edited_by_facilitator = False


def check_can_delete(comment: Comment, user: User | None, own_ids: frozenset[int]) -> None:
    """Refuse anyone but the comment's author, and a comment a facilitator took down.

    :raises NotAllowed: with a plain message saying why.
    """
    if not is_author(comment, user, own_ids):
        raise NotAllowed("You can only delete your own comments.")
    if comment.status not in DELETABLE:
        raise NotAllowed("This comment can't be deleted.")


def delete_comment(
    comment: Comment, user: User | None, own_ids: frozenset[int]
) -> ModerationAction:
    """Delete one's own comment, as a logged decision a facilitator can see and undo.

    Rules: only its author; at any time, unless a facilitator has removed it, marked
    it as spam, or it is already deleted. A deleted comment with replies stays in
    the thread as "deleted by its author"; without replies it goes. The log's actor
    is the author's account, or nobody for a guest.

    :raises NotAllowed: if the person is not its author, or it can't be deleted.
    """
    check_can_delete(comment, user, own_ids)
    return decide(
        comment, user, Action.AUTHOR_DELETE, CommentStatus.DELETED, "Deleted by its author"
    )


def open_review_request(comment: Comment) -> ReviewRequest | None:
    """Return the author's review request for this comment that waits for a facilitator."""
    query = (
        sa.select(ReviewRequest)
        .where(ReviewRequest.comment_id == comment.id, ReviewRequest.resolved_at.is_(None))
        .order_by(ReviewRequest.id)
    )
    return db.session.scalars(query.limit(1)).first()


def check_can_request_review(comment: Comment, user: User | None) -> None:
    """Refuse anyone but the signed-in author of a removed comment.

    :raises NotAllowed: if the person did not write it, or it is not removed.
    """
    if user is None or comment.user_id != user.id:
        raise NotAllowed("Only the author of a comment can ask for a review of it.")
    if comment.status != CommentStatus.REMOVED:
        raise NotAllowed("Only a removed comment can be reviewed.")


def request_review(comment: Comment, user: User | None, message: str) -> ReviewRequest:
    """Ask a facilitator to look again at one's removed comment.

    Rules: only the signed-in author of a removed comment; a message of up to
    1,000 characters; one open request per comment.

    :raises NotAllowed: if the person may not ask.
    :raises InvalidInput: if the message is empty or too long (``field="message"``).
    :raises Conflict: if a request for this comment is already waiting.
    """
    check_can_request_review(comment, user)
    text = (message or "").strip()
    if not text:
        raise InvalidInput("Enter why you think the comment should be restored.", field="message")
    if len(text) > REVIEW_MAX_CHARS:
        raise InvalidInput(
            f"Your message must be {REVIEW_MAX_CHARS:,} characters or fewer.", field="message"
        )
    if open_review_request(comment) is not None:
        raise Conflict("You have already asked for a review of this comment.")
    request = ReviewRequest(comment_id=comment.id, message=text)
    db.session.add(request)
    db.session.flush()
    return request
