"""Readers' reports, and when enough of them hide a comment until a facilitator reviews it.

How much a report counts (its ``weight``), decided when it is made:

- 0 from a suspended account, or an account created less than 24 hours ago: a
  troublemaker can't open accounts to hide someone's comment. Their report still
  reaches the facilitators.
- 1 from any other signed-in account, and 1 from a guest (known by a random key in
  their browser's session).
- The workstream's facilitators and admins don't report: they have the moderation
  menu and act at once, so the report form refuses them.

When the weights of the comment's undismissed reports add up to the site's
``report_threshold`` (default 3), an approved comment is hidden ("hidden while a
facilitator reviews it"), not removed: a logged decision by nobody in particular
(actor None) that a facilitator can undo. Reports come from different readers by
construction: one report per reader per comment.

Guests' reports together count at most 1 towards that sum, though each is stored
with weight 1: anyone can become a "new" guest by clearing their cookies, so guests
alone can't hide a comment; they need at least ``threshold - 1`` established
accounts to agree. Every guest's report still shows in the facilitators' queue.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from forum import permissions
from forum.contributions.services import is_author
from forum.errors import Conflict, NotAllowed
from forum.extensions import db
from forum.models import Comment, CommentStatus, Report, ReportReason, User, utcnow
from forum.moderation.core import Action, decide
from forum.settings import current_settings

DEFAULT_THRESHOLD = 3
NEW_ACCOUNT_AGE = timedelta(hours=24)
GUEST_PREFIX = "guest:"
HIDDEN_REASON = "Reported by readers"
ALREADY_REPORTED = "You have already reported this comment."


def report_threshold() -> int:
    """How much report weight hides a comment (site setting, default 3)."""
    # Read with a fallback until the settings carry it (forum/settings.py).
    value = getattr(current_settings(), "report_threshold", None)
    return DEFAULT_THRESHOLD if value is None else max(int(value), 1)


@dataclass(frozen=True)
class Reporter:
    """Who reports: an account, or a guest's browser by its random key."""

    user: User | None = None
    guest_key: str | None = None

    @property
    def key(self) -> str:
        """The name a report is stored under: ``user:<id>`` or ``guest:<key>``."""
        if self.user is not None:
            return f"user:{self.user.id}"
        if not self.guest_key:
            raise ValueError("A guest reporter needs the key from their session.")
        return f"{GUEST_PREFIX}{self.guest_key}"


def report_weight(reporter: Reporter, now: datetime | None = None) -> int:
    """Return how much one report from this reader counts (the rule above)."""
    user = reporter.user
    if user is None:
        return 1
    now = now or utcnow()
    if user.is_suspended(now) or user.created_at > now - NEW_ACCOUNT_AGE:
        return 0
    return 1


def already_reported(comment: Comment, reporter: Reporter) -> bool:
    """Whether this reader has reported this comment before."""
    query = sa.select(Report.id).where(
        Report.comment_id == comment.id, Report.reporter_key == reporter.key
    )
    return db.session.scalar(query.limit(1)) is not None


def check_can_report(comment: Comment, reporter: Reporter, own_ids: frozenset[int]) -> None:
    """Refuse a report the rules don't allow.

    :raises NotAllowed: for the comment's author, or a facilitator of its workstream.
    :raises Conflict: if it is no longer public (already hidden), or already reported.
    """
    if is_author(comment, reporter.user, own_ids):
        raise NotAllowed("You can't report your own comment.")
    if permissions.can_moderate(reporter.user, comment.proposition):
        raise NotAllowed(
            "You facilitate this workstream: use the moderation menu on the comment instead."
        )
    if comment.status == CommentStatus.HIDDEN:
        raise Conflict("This comment is already hidden while a facilitator reviews it.")
    if comment.status != CommentStatus.APPROVED:
        raise NotAllowed("This comment can't be reported.")
    if already_reported(comment, reporter):
        raise Conflict(ALREADY_REPORTED)


def report_comment(
    comment: Comment,
    reporter: Reporter,
    reason: ReportReason,
    details: str = "",
    *,
    own_ids: frozenset[int] = frozenset(),
    now: datetime | None = None,
) -> Report:
    """Record a reader's report, and hide the comment if enough readers agree.

    Rules: see :func:`check_can_report` and the module's weighting rule; "other"
    needs details (up to 500 characters).

    :raises NotAllowed: for the author or a facilitator, or a comment not public.
    :raises Conflict: if the reader already reported it, or it is already hidden.
    """
    check_can_report(comment, reporter, own_ids)
    details = (details or "").strip()[:500]
    report = Report(
        comment_id=comment.id,
        reporter_id=reporter.user.id if reporter.user is not None else None,
        reporter_key=reporter.key,
        reason=reason,
        details=details,
        weight=report_weight(reporter, now),
    )
    try:
        # A savepoint: a report sent twice at once loses only itself.
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        raise Conflict(ALREADY_REPORTED) from None
    if hiding_weight(comment) >= report_threshold():
        decide(comment, None, Action.HIDE_BY_REPORTS, CommentStatus.HIDDEN, HIDDEN_REASON)
    return report


def hiding_weight(comment: Comment) -> int:
    """Return how much the undismissed reports on a comment count towards hiding it."""
    query = sa.select(Report.reporter_key, Report.weight).where(
        Report.comment_id == comment.id, Report.dismissed_at.is_(None)
    )
    accounts = guests = 0
    for key, weight in db.session.execute(query):
        if key.startswith(GUEST_PREFIX):
            guests += weight
        else:
            accounts += weight
    return accounts + min(guests, 1)
