"""Suspending participants: an account or a guest's email may read but not comment.

Who may suspend whom: an admin may suspend anyone but an admin; a facilitator may
suspend a participant (not an admin or another facilitator) who has commented in a
workstream they facilitate, and what happens to that person's comments reaches only
those workstreams. Nobody suspends themself. Services flush, never commit.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum import audit, permissions
from forum.errors import Conflict, InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import (
    INDEFINITELY,
    Comment,
    CommentStatus,
    ModerationAction,
    Proposition,
    Suspension,
    User,
    Workstream,
    utcnow,
)
from forum.moderation import core
from forum.moderation.core import Action

PERIODS = {
    "day": "1 day",
    "week": "1 week",
    "month": "1 month",
    "date": "Until a date",
    "indefinitely": "Indefinitely, until an admin lifts it",
}
COMMENT_CHOICES = {
    "keep": "Leave their comments as they are",
    "remove": "Remove all their comments",
    "queue": "Send their published comments back to the queue, to approve one by one",
}
QUEUED_REASON = "Sent back to the queue when its author was suspended"


@dataclass(frozen=True)
class Author:
    """Whose comments these are: an account, or a guest's email address."""

    user: User | None = None
    email: str | None = None
    name: str = ""

    def owns(self) -> sa.ColumnElement[bool]:
        """SQL condition: comments written by this author."""
        if self.user is not None:
            return Comment.user_id == self.user.id
        return sa.and_(Comment.user_id.is_(None), Comment.author_email == self.email)

    @property
    def is_guest(self) -> bool:
        """Whether this author comments without an account."""
        return self.user is None


def scope_of(actor: User) -> list[int] | None:
    """Return the ids of the workstreams a person moderates; None means every one (admins)."""
    if permissions.is_admin(actor):
        return None
    return [workstream.id for workstream in actor.facilitated_workstreams]


def ends_for(period: str, day: date | None, now: datetime, timezone: str) -> datetime | None:
    """Return when a suspension for this period ends (None: until lifted).

    "Until a date" ends at the start of that day in the summit's time zone, so the
    person can comment again on that day; a month ends on the same day next month.
    """
    if period == "day":
        return now + timedelta(days=1)
    if period == "week":
        return now + timedelta(weeks=1)
    if period == "month":
        year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
        last = calendar.monthrange(year, month)[1]
        return now.replace(year=year, month=month, day=min(now.day, last))
    if period == "date" and day is not None:
        return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(now.tzinfo)
    return None


def check_may_suspend(actor: User | None, author: Author) -> None:
    """Refuse unless this person may suspend this author (see the module's rule).

    :raises NotAllowed: for someone who does not moderate, a suspended moderator,
        oneself, an admin, or (for facilitators) another facilitator.
    :raises NotFound: if a facilitator's workstreams have no comment by the author.
    """
    if actor is None or actor.is_suspended() or not permissions.can_use_workspace(actor):
        raise NotAllowed("Only facilitators and admins can suspend participants.")
    user = author.user
    if user is not None and user.id == actor.id:
        raise NotAllowed("You can't suspend yourself.")
    if user is not None and user.is_admin:
        raise NotAllowed("An admin can't be suspended.")
    scope = scope_of(actor)
    if scope is None:
        return
    if user is not None and user.facilitated_workstreams:
        raise NotAllowed("Only an admin can suspend a facilitator.")
    if not _comments_of(author, scope, limit=1):
        raise NotFound("This person has not commented in your workstreams.")


def suspend(
    actor: User,
    author: Author,
    *,
    ends_at: datetime | None,
    reason: str,
    comments: str = "keep",
    workstream_id: int | None = None,
) -> ModerationAction:
    """Suspend an account or a guest's email, and optionally deal with their comments.

    Rules: as :func:`check_may_suspend`; a reason is needed (the person and the public
    log see it); the end is in the future, or None for "until lifted". ``comments`` is
    "keep", "remove" (every comment not already removed, spam or deleted) or "queue"
    (published or hidden ones go back to pending), within the actor's workstreams. The
    whole of it is one decision in ``workstream_id``'s log (by default the first of the
    actor's workstreams the author commented in), which an undo reverses.

    :raises NotAllowed, NotFound: see :func:`check_may_suspend`.
    :raises InvalidInput: with ``field`` naming what to fix.
    """
    check_may_suspend(actor, author)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput("Say why you are suspending them.", field="reason")
    if len(reason) > 300:
        raise InvalidInput("Use 300 characters or fewer for the reason.", field="reason")
    if ends_at is not None and ends_at <= utcnow():
        raise InvalidInput("The end of the suspension must be in the future.", field="period")
    if comments not in COMMENT_CHOICES:
        raise InvalidInput("Choose what happens to their comments.", field="comments")
    scope = scope_of(actor)
    suspension = Suspension(
        user_id=author.user.id if author.user is not None else None,
        email=None if author.user is not None else author.email,
        reason=reason,
        ends_at=ends_at,
        created_by_id=actor.id,
    )
    db.session.add(suspension)
    db.session.flush()
    if author.user is not None:
        refresh_account(author.user)
    before, after = _deal_with_comments(author, scope, comments)
    until = "until lifted" if ends_at is None else f"until {ends_at.date().isoformat()}"
    who = author.email if author.is_guest else f"account #{author.user.id}"
    return core.record_action(
        actor,
        Action.SUSPEND,
        workstream_id=workstream_id or _first_workstream(author, scope),
        reason=reason,
        before={"comments": before, "suspension": None},
        after={"comments": after, "suspension": _state(suspension)},
        summary=f"Suspended {author.name} ({who}) {until}. {reason}"[:300],
    )


def _deal_with_comments(author: Author, scope: list[int] | None, choice: str):
    """Remove the author's comments or send them back to the queue; return before and after."""
    before: dict = {}
    after: dict = {}
    if choice == "keep":
        return before, after
    if choice == "remove":
        statuses = (CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.HIDDEN)
        status, reason = CommentStatus.REMOVED, "Its author was suspended"
    else:
        statuses = (CommentStatus.APPROVED, CommentStatus.HIDDEN)
        status, reason = CommentStatus.PENDING, QUEUED_REASON
    for comment in _comments_of(author, scope, statuses=statuses):
        before[str(comment.id)] = core.full_state(comment)
        core.set_status(comment, status, reason)
        after[str(comment.id)] = core.full_state(comment)
    return before, after


def _comments_of(author: Author, scope, *, statuses=None, limit: int | None = None):
    """Return the author's comments in these workstreams (None: all), oldest first."""
    query = (
        sa.select(Comment)
        .join(Proposition, Proposition.id == Comment.proposition_id)
        .where(author.owns())
        .options(joinedload(Comment.proposition))
        .order_by(Comment.id)
    )
    if scope is not None:
        query = query.where(Proposition.workstream_id.in_(scope))
    if statuses is not None:
        query = query.where(Comment.status.in_(statuses))
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def _first_workstream(author: Author, scope: list[int] | None) -> int | None:
    """Return the first workstream (in the summit's order) in scope where the author commented."""
    query = (
        sa.select(Workstream.id)
        .join(Proposition, Proposition.workstream_id == Workstream.id)
        .join(Comment, Comment.proposition_id == Proposition.id)
        .where(author.owns())
        .order_by(Workstream.number, Workstream.id)
    )
    if scope is not None:
        query = query.where(Workstream.id.in_(scope))
    return db.session.scalar(query.limit(1))


def _state(suspension: Suspension) -> dict:
    """Return a suspension's fields as JSON-safe values."""
    return {
        "id": suspension.id,
        **audit.snapshot(suspension, ["user_id", "email", "ends_at", "lifted_at"]),
    }


def refresh_account(user: User) -> None:
    """Set an account's suspension fields from its active suspensions (the longest wins)."""
    now = utcnow()
    query = sa.select(Suspension).where(
        Suspension.user_id == user.id,
        Suspension.lifted_at.is_(None),
        sa.or_(Suspension.ends_at.is_(None), Suspension.ends_at > now),
    )
    active = list(db.session.scalars(query))
    if not active:
        user.suspended_until, user.suspension_reason = None, None
    else:
        longest = max(active, key=lambda row: (row.ends_at or INDEFINITELY, row.id))
        user.suspended_until = longest.ends_at or INDEFINITELY
        user.suspension_reason = longest.reason
    db.session.flush()


def lift(suspension: Suspension, actor: User | None) -> ModerationAction:
    """Lift a suspension before its end, as an admin.

    Rules: admins only; a suspension already lifted or over can't be lifted again.
    The lifting shows in the log of the workstream the suspension was recorded in.

    :raises NotAllowed: for anyone but an admin.
    :raises Conflict: if it is no longer in force.
    """
    if actor is None or not permissions.is_admin(actor) or actor.is_suspended():
        raise NotAllowed("Only an admin can lift a suspension.")
    if suspension.lifted_at is not None or (
        suspension.ends_at is not None and suspension.ends_at <= utcnow()
    ):
        raise Conflict("That suspension is already over.")
    before = _state(suspension)
    _end(suspension, actor)
    return core.record_action(
        actor,
        Action.LIFT_SUSPENSION,
        workstream_id=_suspended_in(suspension.id),
        before={"suspension": before},
        after={"suspension": _state(suspension)},
        summary=f"Lifted suspension #{suspension.id}",
    )


def lift_for_undo(suspension_id: int, actor: User) -> dict:
    """End a suspension because the decision that made it is undone; return its state."""
    suspension = db.session.get(Suspension, suspension_id)
    if suspension is None:
        return {"id": suspension_id}
    if suspension.lifted_at is None:
        _end(suspension, actor)
    return _state(suspension)


def _end(suspension: Suspension, actor: User) -> None:
    """Mark a suspension lifted and update the account it concerned."""
    suspension.lifted_at = utcnow()
    suspension.lifted_by_id = actor.id
    db.session.flush()
    if suspension.user_id is not None:
        refresh_account(db.session.get(User, suspension.user_id))


def _suspended_in(suspension_id: int) -> int | None:
    """Return the workstream whose log recorded this suspension, if any."""
    recorded = ModerationAction.after["suspension"]["id"].as_integer()
    query = sa.select(ModerationAction.workstream_id).where(
        ModerationAction.action == Action.SUSPEND, recorded == suspension_id
    )
    return db.session.scalar(query.limit(1))
