"""Undoing a moderation decision: put back what it changed, as a new decision of its own.

Nothing is deleted: an undo is a new :class:`ModerationAction` (``Action.UNDO``) whose
``undoes_id`` points at the decision it reverses. Services flush, never commit.
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum import audit, permissions
from forum.errors import Conflict, InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import (
    Comment,
    CommentRevision,
    ModerationAction,
    Report,
    ReviewRequest,
    User,
    Workstream,
)
from forum.moderation import core, suspensions
from forum.moderation.core import Action

# Decisions an undo can't reverse: an author's own deletion is theirs to make, and
# an undo or a lifted suspension is reversed by deciding again.
NOT_UNDOABLE = {
    Action.UNDO: "An undo can't itself be undone. Make the decision again instead.",
    Action.AUTHOR_DELETE: "Its author deleted that comment; a facilitator can't undo that.",
    Action.LIFT_SUSPENSION: "A lifted suspension can't be undone. Suspend the person again.",
}
# Rows besides comments that a decision may have changed, and the column it set.
OTHER_ROWS = {
    "reports": (Report, "dismissed_at"),
    "review_requests": (ReviewRequest, "resolved_at"),
}


@dataclass
class Undone:
    """What an undo did: its own log row, and the comments it put back or left alone."""

    action: ModerationAction
    restored: list[int] = field(default_factory=list)
    changed_since: list[int] = field(default_factory=list)


def may_undo(actor: User | None, action: ModerationAction) -> bool:
    """Whether the person may undo this decision: someone who may moderate its workstream."""
    if actor is None or actor.is_suspended():
        return False
    if action.workstream_id is None:
        return permissions.is_admin(actor)
    workstream = db.session.get(Workstream, action.workstream_id)
    return workstream is not None and permissions.can_facilitate(actor, workstream)


def undo(action: ModerationAction, actor: User | None) -> Undone:
    """Reverse a decision: put back each comment as it was, and lift its suspension.

    Rules: only someone who may moderate the decision's workstream (an admin for a
    decision outside any workstream); an undo, an author's deletion and the lifting of
    a suspension can't be undone; each decision is undone at most once. A comment
    changed by a later decision is left as it is (undo that one first); if nothing
    at all can be put back, nothing changes.

    :raises NotAllowed: if the person may not undo it.
    :raises InvalidInput: if the decision can't be undone, or every comment changed since.
    :raises Conflict: if it was undone already.
    """
    if not may_undo(actor, action):
        raise NotAllowed("Only this workstream's facilitators can undo its decisions.")
    if action.action in NOT_UNDOABLE:
        raise InvalidInput(NOT_UNDOABLE[action.action])
    # Lock the decision, so two undos at once can't both go through (PostgreSQL).
    db.session.execute(
        sa.select(ModerationAction.id).where(ModerationAction.id == action.id).with_for_update()
    )
    if undone_already(action):
        raise Conflict("That decision was already undone, so nothing changed.")
    before, after = action.before or {}, action.after or {}
    comments = _comments(list((before.get("comments") or {}).keys()))
    result: dict = {"before": {"comments": {}}, "after": {"comments": {}}}
    restored, changed_since = [], []
    for key, state in (before.get("comments") or {}).items():
        comment = comments.get(int(key))
        if comment is None or not core.matches(comment, after.get("comments", {}).get(key, {})):
            changed_since.append(int(key))
            continue
        result["before"]["comments"][key] = core.full_state(comment)
        _keep_replaced_text(comment, state, actor)
        core.restore_state(comment, state)
        result["after"]["comments"][key] = core.full_state(comment)
        restored.append(comment.id)
    for kind in OTHER_ROWS:
        _put_back(kind, before.get(kind) or {}, set(restored), result)
    suspension = (after.get("suspension") or {}).get("id")
    if suspension is not None:
        result["before"]["suspension"] = {"id": suspension}
        result["after"]["suspension"] = suspensions.lift_for_undo(suspension, actor)
    if not restored and suspension is None:
        raise InvalidInput(
            "Those comments have changed since that decision, so it can't be undone. "
            "Undo the later decision first."
        )
    entry = core.record_action(
        actor,
        Action.UNDO,
        workstream_id=action.workstream_id,
        comment=comments.get(restored[0]) if len(restored) == 1 else None,
        reason=f"Undid: {core.PUBLIC_WORDS.get(action.action, action.action).lower()}",
        before=result["before"],
        after=result["after"],
        undoes=action,
    )
    return Undone(entry, restored, changed_since)


def undone_already(action: ModerationAction) -> bool:
    """Whether an undo of this decision has been recorded."""
    query = sa.select(ModerationAction.id).where(ModerationAction.undoes_id == action.id)
    return db.session.scalar(query.limit(1)) is not None


def _comments(keys: list[str]) -> dict[int, Comment]:
    """Load the comments a decision changed, with their propositions, by id."""
    ids = [int(key) for key in keys]
    if not ids:
        return {}
    query = sa.select(Comment).where(Comment.id.in_(ids)).options(joinedload(Comment.proposition))
    return {comment.id: comment for comment in db.session.scalars(query)}


def _keep_replaced_text(comment: Comment, state: dict, actor: User) -> None:
    """Keep the text an undo replaces as a revision, as an edit keeps the text it replaces."""
    if "body" in state and state["body"] != comment.body:
        db.session.add(
            CommentRevision(
                comment_id=comment.id,
                editor_id=actor.id,
                body=comment.body,
                body_html=comment.body_html,
            )
        )


def _put_back(kind: str, values: dict, comment_ids: set[int], result: dict) -> None:
    """Put back dismissed reports or resolved review requests of the comments restored."""
    model, column = OTHER_ROWS[kind]
    ids = [int(key) for key in values]
    if not ids:
        return
    rows = db.session.scalars(sa.select(model).where(model.id.in_(ids)))
    for row in rows:
        if row.comment_id not in comment_ids:
            continue
        old = values[str(row.id)]
        result["before"].setdefault(kind, {}).update(
            {str(row.id): audit.snapshot(row, [column])[column]}
        )
        setattr(row, column, datetime.fromisoformat(old) if old else None)
        result["after"].setdefault(kind, {})[str(row.id)] = old
    db.session.flush()
