"""What every moderation decision does: change a comment's status, keep counts right, log it.

Shared by the queue, the in-place menu, readers' reports and authors deleting their own
comments. Services flush, never commit.

Every decision is one :class:`ModerationAction` row (the workstream's public log and
what an undo reverses) and one audit entry (the append-only record of who did what).
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from forum import audit
from forum.comments.services import adjust_approved_count
from forum.extensions import db
from forum.models import (
    Comment,
    CommentStatus,
    ModerationAction,
    Proposition,
    User,
    utcnow,
)

# The comment fields a decision may change, and so what an undo puts back.
TRACKED = ("status", "moderation_reason", "moderated_at", "body", "body_html", "edited_at")
# What a facilitator's edit also changes; an undo puts back any of these found in a snapshot.
RESTORABLE = (*TRACKED, "edited_by_facilitator")
_DATETIMES = ("moderated_at", "edited_at")


class Action:
    """The names of moderation actions, as stored and as shown in the public log."""

    APPROVE = "approve"
    SPAM = "spam"
    REMOVE = "remove"
    RESTORE = "restore"
    EDIT = "edit"
    DISMISS_REPORTS = "dismiss-reports"
    HIDE_BY_REPORTS = "hide-by-reports"
    AUTHOR_DELETE = "author-delete"
    SUSPEND = "suspend"
    LIFT_SUSPENSION = "lift-suspension"
    UNDO = "undo"
    # A facilitator looked again at a removed comment, as its author asked, and kept it removed.
    KEEP_REMOVED = "keep-removed"


# How the public log words each action.
PUBLIC_WORDS = {
    Action.APPROVE: "Approved a comment",
    Action.SPAM: "Marked a comment as spam",
    Action.REMOVE: "Removed a comment",
    Action.RESTORE: "Restored a comment",
    Action.EDIT: "Edited a comment",
    Action.DISMISS_REPORTS: "Dismissed reports about a comment",
    Action.HIDE_BY_REPORTS: "Hid a comment after readers reported it",
    Action.AUTHOR_DELETE: "A comment was deleted by its author",
    Action.SUSPEND: "Suspended a participant",
    Action.LIFT_SUSPENSION: "Lifted a suspension",
    Action.UNDO: "Undid an earlier decision",
    Action.KEEP_REMOVED: "Looked again at a removed comment and kept it removed",
}


def comment_state(comment: Comment) -> dict:
    """Return the tracked fields of a comment as JSON-safe values."""
    return audit.snapshot(comment, list(TRACKED))


def set_status(comment: Comment, status: CommentStatus, reason: str | None = None) -> None:
    """Move a comment to a status, keeping the public comment counts right.

    Only approved comments count; a comment that stops or starts being approved
    changes its proposition's and workstream's totals.
    """
    was_public = comment.status == CommentStatus.APPROVED
    comment.status = status
    comment.moderated_at = utcnow()
    comment.moderation_reason = (reason or "")[:300] or None
    now_public = status == CommentStatus.APPROVED
    if was_public != now_public:
        proposition = db.session.get(Proposition, comment.proposition_id)
        adjust_approved_count(proposition, +1 if now_public else -1)
    db.session.flush()


def record_action(
    actor: User | None,
    action: str,
    *,
    workstream_id: int | None,
    comment: Comment | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
    undoes: ModerationAction | None = None,
    summary: str | None = None,
) -> ModerationAction:
    """Log a decision: a row for the workstream's public log and undo, and an audit entry."""
    entry = ModerationAction(
        workstream_id=workstream_id,
        comment_id=comment.id if comment is not None else None,
        actor_id=actor.id if actor is not None else None,
        action=action,
        reason=(reason or "")[:300],
        before=before,
        after=after,
        undoes_id=undoes.id if undoes is not None else None,
    )
    db.session.add(entry)
    db.session.flush()
    target = comment if comment is not None else entry
    audit.record(
        actor,
        f"moderation.{action}",
        target,
        summary or f"{PUBLIC_WORDS.get(action, action)}. {reason}".strip(),
        before,
        after,
    )
    return entry


def decide(
    comment: Comment,
    actor: User | None,
    action: str,
    status: CommentStatus,
    reason: str = "",
    when: datetime | None = None,
) -> ModerationAction:
    """Move one comment to a status as a logged, undoable decision."""
    before = comment_state(comment)
    set_status(comment, status, reason)
    if when is not None:
        comment.moderated_at = when
    workstream_id = db.session.get(Proposition, comment.proposition_id).workstream_id
    return record_action(
        actor,
        action,
        workstream_id=workstream_id,
        comment=comment,
        reason=reason,
        before={"comments": {str(comment.id): before}},
        after={"comments": {str(comment.id): comment_state(comment)}},
    )


def full_state(comment: Comment) -> dict:
    """Return every field an undo can put back (the tracked ones and the edit mark)."""
    return audit.snapshot(comment, list(RESTORABLE))


def matches(comment: Comment, state: dict) -> bool:
    """Whether a comment still holds the values a snapshot recorded (for the fields it has)."""
    now = audit.snapshot(comment, [name for name in state if name in RESTORABLE])
    return all(now[name] == state[name] for name in now)


def restore_state(comment: Comment, state: dict) -> None:
    """Put back a comment's fields from a snapshot, keeping the public counts right."""
    if "status" in state:
        set_status(comment, CommentStatus(state["status"]))
    for name in RESTORABLE:
        if name in state and name != "status":
            value = state[name]
            if name in _DATETIMES and value is not None:
                value = datetime.fromisoformat(value)
            setattr(comment, name, value)
    db.session.flush()


def decide_many(
    comments: Iterable[Comment],
    actor: User | None,
    action: str,
    change: Callable[[Comment], dict | None],
    reason: str = "",
) -> list[ModerationAction]:
    """Apply ``change`` to each comment and log it as one decision per workstream.

    ``change`` changes one comment and may return more that it changed, as
    ``{kind: ({id: value before}, {id: value after})}`` (say, the reports it dismissed),
    so an undo can put those back too. A decision over several workstreams is one row
    in each one's public log.
    """
    groups: dict[int, list[Comment]] = {}
    for comment in comments:
        proposition = db.session.get(Proposition, comment.proposition_id)
        groups.setdefault(proposition.workstream_id, []).append(comment)
    recorded = []
    for workstream_id, group in groups.items():
        before: dict = {"comments": {}}
        after: dict = {"comments": {}}
        for comment in group:
            before["comments"][str(comment.id)] = full_state(comment)
            for kind, (old, new) in (change(comment) or {}).items():
                before.setdefault(kind, {}).update(old)
                after.setdefault(kind, {}).update(new)
            after["comments"][str(comment.id)] = full_state(comment)
        recorded.append(
            record_action(
                actor,
                action,
                workstream_id=workstream_id,
                comment=group[0] if len(group) == 1 else None,
                reason=reason,
                before=before,
                after=after,
                summary=_summary(action, group, reason),
            )
        )
    return recorded


def _summary(action: str, comments: list[Comment], reason: str) -> str:
    """Say what a decision did, for the audit log: which comments, and why."""
    numbers = ", ".join(f"#{comment.id}" for comment in comments)
    words = PUBLIC_WORDS.get(action, action)
    if len(comments) > 1:
        words = f"{words} ({len(comments)} comments)"
    return f"{words}: {numbers}. {reason}".strip()
