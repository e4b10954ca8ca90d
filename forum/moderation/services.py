"""Moderation rules: what facilitators may decide about comments. Services flush, never commit.

Every decision goes through forum/moderation/core.py, so each one is a logged,
undoable :class:`ModerationAction` plus an audit entry.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from forum import permissions
from forum.comments.services import CommentPolicy, post_comment, render_body
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import (
    Comment,
    CommentRevision,
    CommentStatus,
    ModerationAction,
    Report,
    ReviewRequest,
    User,
    utcnow,
)
from forum.moderation import core
from forum.moderation.core import Action

PENDING, APPROVED, HIDDEN = CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.HIDDEN
SPAM, REMOVED = CommentStatus.SPAM, CommentStatus.REMOVED

# Why a facilitator removes a comment: the reason its author and readers see.
REMOVE_REASONS = {
    "off-topic": "Off-topic",
    "abusive": "Abusive or personal attack",
    "spam": "Spam or advertising",
    "personal": "Shares someone's personal information",
    "other": "Other",
}

# What each status-changing action applies to, and the status it gives.
MOVES = {
    Action.APPROVE: ((PENDING,), APPROVED),
    Action.SPAM: ((PENDING, APPROVED, HIDDEN, REMOVED), SPAM),
    Action.REMOVE: ((PENDING, APPROVED, HIDDEN, SPAM), REMOVED),
    Action.RESTORE: ((REMOVED, SPAM), APPROVED),
}

# What to say when none of the comments chosen can take the action.
CANT = {
    Action.APPROVE: "Only comments awaiting moderation can be approved.",
    Action.SPAM: "That comment is already spam, or its author deleted it.",
    Action.REMOVE: "That comment is already removed, or its author deleted it.",
    Action.RESTORE: "Only removed comments and spam can be restored.",
    Action.DISMISS_REPORTS: "There are no reports to dismiss on that comment.",
    Action.KEEP_REMOVED: "No one has asked for a review of that comment.",
}

# The actions the queue and the in-place menu offer as one button, by comment status.
BUTTONS = {
    PENDING: (Action.APPROVE, Action.SPAM),
    APPROVED: (Action.SPAM,),
    HIDDEN: (Action.DISMISS_REPORTS, Action.SPAM),
    SPAM: (Action.RESTORE,),
    REMOVED: (Action.RESTORE, Action.SPAM),
}


@dataclass
class Outcome:
    """What one decision did: its log rows, the comments it changed and those it left."""

    actions: list[ModerationAction] = field(default_factory=list)
    done: list[Comment] = field(default_factory=list)
    skipped: list[Comment] = field(default_factory=list)


def check_moderator(actor: User | None, comments: list[Comment]) -> None:
    """Refuse unless the person may moderate every one of these comments.

    Rules: an admin, or a facilitator of each comment's workstream, whose own account
    is not suspended. The comments' propositions must be loaded.

    :raises NotAllowed: otherwise.
    """
    if actor is None or actor.is_suspended():
        raise NotAllowed("Only this workstream's facilitators can moderate its comments.")
    for comment in comments:
        if not permissions.can_moderate(actor, comment.proposition):
            raise NotAllowed("Only this workstream's facilitators can moderate its comments.")


def moderate(comments: list[Comment], actor: User | None, action: str, reason: str = "") -> Outcome:
    """Approve, mark as spam, remove, restore, dismiss reports or keep removed: one decision.

    Rules: the person may moderate every comment chosen (else nothing changes); a
    removal needs a reason; comments the action does not apply to are left as they
    are and reported back as skipped. Restoring or marking as spam settles the
    author's review requests; dismissing reports puts a hidden comment back in view.

    :raises NotAllowed: if the person may not moderate one of the comments.
    :raises InvalidInput: if a removal has no reason (``field="reason"``), or the
        action applies to none of the comments.
    """
    check_moderator(actor, comments)
    reason = " ".join((reason or "").split())
    if action == Action.REMOVE and not reason:
        raise InvalidInput("Choose why you are removing the comment.", field="reason")
    if action not in CANT:
        raise InvalidInput("Choose what to do with the comments.")
    ids = [comment.id for comment in comments]
    reports = _open_rows(Report, Report.dismissed_at, ids)
    requests = _open_rows(ReviewRequest, ReviewRequest.resolved_at, ids)
    if action in MOVES:
        statuses, status = MOVES[action]
        done = [comment for comment in comments if comment.status in statuses]
    elif action == Action.DISMISS_REPORTS:
        done = [comment for comment in comments if reports.get(comment.id)]
    else:
        done = [comment for comment in comments if requests.get(comment.id)]
    if not done:
        raise InvalidInput(CANT[action])

    def change(comment: Comment) -> dict:
        """Make the decision about one comment; return what else it changed."""
        extra = {}
        if action in MOVES:
            core.set_status(comment, status, reason if action in (Action.REMOVE,) else None)
        if action == Action.DISMISS_REPORTS:
            extra["reports"] = _settle(reports[comment.id], "dismissed_at")
            if comment.status == HIDDEN:
                core.set_status(comment, APPROVED)
        if action in (Action.RESTORE, Action.SPAM, Action.KEEP_REMOVED):
            extra["review_requests"] = _settle(requests.get(comment.id, []), "resolved_at")
        return {kind: value for kind, value in extra.items() if value[0]}

    recorded = core.decide_many(done, actor, action, change, reason)
    skipped = [comment for comment in comments if comment not in done]
    return Outcome(recorded, done, skipped)


def _open_rows(model, settled_column, comment_ids: list[int]) -> dict[int, list]:
    """Return the unsettled reports or review requests of these comments, by comment id."""
    if not comment_ids:
        return {}
    query = sa.select(model).where(model.comment_id.in_(comment_ids), settled_column.is_(None))
    rows: dict[int, list] = {}
    for row in db.session.scalars(query.order_by(model.id)):
        rows.setdefault(row.comment_id, []).append(row)
    return rows


def _settle(rows: list, column: str) -> tuple[dict, dict]:
    """Mark reports dismissed or review requests resolved; return their before and after."""
    now = utcnow()
    for row in rows:
        setattr(row, column, now)
    db.session.flush()
    stamp = now.isoformat(timespec="seconds")
    return {str(row.id): None for row in rows}, {str(row.id): stamp for row in rows}


def remove_reason(choice: str, written: str = "") -> str:
    """Return the reason shown for a removal: the label chosen, or what was written for Other."""
    written = " ".join((written or "").split())
    if choice == "other":
        return written
    return REMOVE_REASONS.get(choice, "")


def approve_comment(comment: Comment, moderator: User | None) -> ModerationAction | None:
    """Publish a held comment (the in-place Approve button).

    Rules: as :func:`moderate`; approving an already approved comment changes nothing.
    Approving a guest's comment lets their later comments through.

    :raises NotAllowed: if the person may not moderate this proposition.
    :raises InvalidInput: if the comment is not pending.
    """
    check_moderator(moderator, [comment])
    if comment.status == APPROVED:
        return None
    return moderate([comment], moderator, Action.APPROVE).actions[0]


def edit_comment(
    comment: Comment, actor: User | None, body: str, reason: str, max_chars: int
) -> ModerationAction:
    """Change a comment's text as a facilitator, keeping the old text as a revision.

    Rules: as :func:`moderate`; a comment its author deleted can't be edited; the new
    text is not empty, not too long and not the same as before; a reason is needed
    (readers see it in the moderation log). The site's link rule does not apply: a
    facilitator's edit is never held. The comment shows "edited by a facilitator".

    :raises NotAllowed: if the person may not moderate this comment.
    :raises InvalidInput: with ``field`` naming what to fix.
    """
    check_moderator(actor, [comment])
    if comment.status == CommentStatus.DELETED:
        raise InvalidInput("Its author deleted this comment, so it can't be edited.")
    body = (body or "").strip()
    reason = " ".join((reason or "").split())
    html = render_body(body, max_chars, whose="The comment", empty="Enter the comment's text.")
    if body == comment.body:
        raise InvalidInput("The text is the same as before. Change it, or go back.", field="body")
    if not reason:
        raise InvalidInput("Say why you edited the comment.", field="reason")

    def change(edited: Comment) -> None:
        """Keep the old text, then put in the new."""
        db.session.add(
            CommentRevision(
                comment_id=edited.id,
                editor_id=actor.id,
                body=edited.body,
                body_html=edited.body_html,
            )
        )
        edited.body, edited.body_html = body, html
        edited.edited_at = utcnow()
        edited.edited_by_facilitator = True
        db.session.flush()

    return core.decide_many([comment], actor, Action.EDIT, change, reason)[0]


def reply_as_facilitator(
    comment: Comment, actor: User | None, body: str
) -> tuple[Comment, ModerationAction | None]:
    """Post a facilitator's reply to a comment from the queue, approving it first if held.

    Rules: as :func:`moderate`; only a published (or held, which this approves)
    comment can be answered; the reply follows the ordinary posting rules
    (comments open, not suspended) and is published at once.

    :raises NotAllowed: if the person may not moderate this comment.
    :raises InvalidInput: with ``field`` naming what to fix.
    """
    check_moderator(actor, [comment])
    if comment.status not in (PENDING, APPROVED):
        raise InvalidInput("You can reply only to a published comment or one awaiting approval.")
    if not (body or "").strip():
        raise InvalidInput("Enter your reply.", field="body")
    approval = None
    if comment.status == PENDING:
        approval = moderate([comment], actor, Action.APPROVE).actions[0]
    reply = post_comment(
        comment.proposition, body, CommentPolicy.current(), user=actor, parent_id=comment.id
    )
    return reply, approval
