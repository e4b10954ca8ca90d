"""Read queries for the moderation pages: each page loads in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort, current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from forum import permissions
from forum.auth.providers import BUILT_IN
from forum.extensions import db
from forum.models import (
    Comment,
    CommentStatus,
    Identity,
    Proposition,
    Report,
    ReportReason,
    ReviewRequest,
    User,
    Workstream,
    workstream_facilitators,
)
from forum.moderation.suspensions import Author, scope_of

PER_PAGE = 20
TABS = {
    "pending": "Pending",
    "reported": "Reported",
    "review": "Review requests",
    "spam": "Spam",
    "removed": "Removed",
}
REPORT_WORDS = {
    ReportReason.SPAM: "spam",
    ReportReason.ABUSIVE: "abusive",
    ReportReason.OFF_TOPIC: "off-topic",
    ReportReason.PERSONAL: "personal information",
    ReportReason.OTHER: "other",
}
SHOWN = (CommentStatus.APPROVED, CommentStatus.HIDDEN)


@dataclass
class Scope:
    """The workstreams a moderation page covers, and those its filter offers."""

    workstream_ids: list[int] | None  # None: every workstream (an admin, unfiltered)
    workstreams: list[Workstream]
    chosen: Workstream | None = None


@dataclass
class AuthorSummary:
    """Who wrote a comment, as facilitators see it."""

    name: str
    emails: list[str]
    website: str | None
    sign_in: str
    user_id: int | None
    counts: dict[str, int]
    # Admins can't be suspended, and facilitators only by an admin.
    is_admin: bool = False
    is_facilitator: bool = False


@dataclass
class QueueItem:
    """A comment in the queue, with what a facilitator needs to decide about it."""

    comment: Comment
    parent: sa.Row | None
    author: AuthorSummary
    reports: list[Report] = field(default_factory=list)
    review_requests: list[ReviewRequest] = field(default_factory=list)

    @property
    def report_summary(self) -> str:
        """Say how many reports there are and why: "3 reports: abusive ×2, spam ×1"."""
        if not self.reports:
            return ""
        reasons = Counter(REPORT_WORDS.get(report.reason, "other") for report in self.reports)
        listed = ", ".join(
            f"{word} ×{count}" for word, count in sorted(reasons.items(), key=lambda i: -i[1])
        )
        total = len(self.reports)
        return f"{total} {'report' if total == 1 else 'reports'}: {listed}"

    @property
    def hold_reasons(self) -> list[str]:
        """Why a held comment waits: the posting rules' reasons, or the decision's."""
        if self.comment.hold_reasons:
            return [str(reason) for reason in self.comment.hold_reasons]
        if self.comment.moderation_reason:
            return [self.comment.moderation_reason]
        return []


def scope_for(user: User, slug: str | None) -> Scope:
    """Return the workstreams a person moderates, narrowed to one if ``slug`` names it.

    :raises NotFound (404): if the slug is not one of their workstreams.
    """
    if permissions.is_admin(user):
        query = sa.select(Workstream).order_by(Workstream.number, Workstream.title)
        workstreams = list(db.session.scalars(query))
    else:
        workstreams = list(user.facilitated_workstreams)
    ids = scope_of(user)
    chosen = None
    if slug:
        chosen = next((ws for ws in workstreams if ws.slug == slug), None)
        if chosen is None:
            abort(404)
        ids = [chosen.id]
    return Scope(ids, workstreams, chosen)


def _open_reports() -> sa.Exists:
    """SQL condition: the comment has reports no facilitator has dismissed."""
    return sa.exists().where(Report.comment_id == Comment.id, Report.dismissed_at.is_(None))


def _open_requests() -> sa.Exists:
    """SQL condition: the comment's author asked for a review no one has answered."""
    return sa.exists().where(
        ReviewRequest.comment_id == Comment.id, ReviewRequest.resolved_at.is_(None)
    )


def tab_condition(tab: str) -> sa.ColumnElement[bool]:
    """SQL condition: the comment belongs in this tab of the queue."""
    if tab == "reported":
        return sa.and_(Comment.status.in_(SHOWN), _open_reports())
    if tab == "review":
        return _open_requests()
    return Comment.status == CommentStatus(tab)


def _tab_order(tab: str) -> list:
    """Oldest first, by when each comment came into this list."""
    if tab == "reported":
        first = sa.select(sa.func.min(Report.created_at)).where(
            Report.comment_id == Comment.id, Report.dismissed_at.is_(None)
        )
        return [first.scalar_subquery(), Comment.id]
    if tab == "review":
        first = sa.select(sa.func.min(ReviewRequest.created_at)).where(
            ReviewRequest.comment_id == Comment.id, ReviewRequest.resolved_at.is_(None)
        )
        return [first.scalar_subquery(), Comment.id]
    if tab == "pending":
        return [Comment.created_at, Comment.id]
    return [Comment.moderated_at, Comment.id]


def scoped(query: sa.Select, ids: list[int] | None) -> sa.Select:
    """Limit a query over comments to these workstreams (None: all)."""
    if ids is None:
        return query
    in_scope = sa.select(Proposition.id).where(Proposition.workstream_id.in_(ids))
    return query.where(Comment.proposition_id.in_(in_scope))


def _count(condition, ids: list[int] | None) -> sa.ScalarSelect:
    """A subquery counting the comments in scope that meet a condition."""
    query = sa.select(sa.func.count(Comment.id)).where(condition)
    return scoped(query, ids).scalar_subquery()


def tab_counts(scope: Scope) -> dict[str, int]:
    """Return how many comments each tab holds, in one query."""
    query = sa.select(*(_count(tab_condition(tab), scope.workstream_ids) for tab in TABS))
    return dict(zip(TABS, db.session.execute(query).one(), strict=True))


def waiting_count(user: User) -> int:
    """Return how many comments wait for this moderator: held plus reported (one query)."""
    ids = scope_of(user)
    reported = sa.and_(Comment.status.in_(SHOWN), _open_reports())
    query = sa.select(_count(Comment.status == CommentStatus.PENDING, ids) + _count(reported, ids))
    return db.session.scalar(query)


def _with_context(query: sa.Select) -> sa.Select:
    """Load each comment's proposition, workstream and account with it."""
    return query.options(
        joinedload(Comment.proposition).joinedload(Proposition.workstream),
        joinedload(Comment.user),
    )


def queue_page(scope: Scope, tab: str, page: int) -> Pagination:
    """Return a page of a tab of the queue, oldest first."""
    query = sa.select(Comment).where(tab_condition(tab)).order_by(*_tab_order(tab))
    query = _with_context(scoped(query, scope.workstream_ids))
    return db.paginate(query, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE, count=True)


def author_page(author: Author, scope: Scope, page: int) -> Pagination:
    """Return a page of an author's comments in these workstreams, any status, newest first."""
    query = sa.select(Comment).where(author.owns()).order_by(Comment.id.desc())
    query = _with_context(scoped(query, scope.workstream_ids))
    return db.paginate(query, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE, count=True)


def comments_for_action(ids: list[int]) -> list[Comment]:
    """Return the comments with these ids, with their propositions, in the order given."""
    if not ids:
        return []
    query = sa.select(Comment).where(Comment.id.in_(ids)).options(joinedload(Comment.proposition))
    found = {comment.id: comment for comment in db.session.scalars(query)}
    return [found[id_] for id_ in dict.fromkeys(ids) if id_ in found]


def comment_or_404(comment_id: int) -> Comment:
    """Return a comment with its proposition, workstream and account, or answer 404."""
    query = _with_context(sa.select(Comment).where(Comment.id == comment_id))
    return db.first_or_404(query)


def queue_items(comments: list[Comment]) -> list[QueueItem]:
    """Gather what the queue shows beside each comment, in a fixed number of queries."""
    if not comments:
        return []
    ids = [comment.id for comment in comments]
    parent_ids = {comment.in_reply_to_id for comment in comments if comment.in_reply_to_id}
    parents = {}
    if parent_ids:
        query = sa.select(Comment.id, Comment.author_name, Comment.body_html, Comment.status).where(
            Comment.id.in_(parent_ids)
        )
        parents = {row.id: row for row in db.session.execute(query)}
    authors = _author_summaries(comments)
    reports = _rows_by_comment(Report, Report.dismissed_at, ids)
    requests = _rows_by_comment(ReviewRequest, ReviewRequest.resolved_at, ids)
    return [
        QueueItem(
            comment,
            parents.get(comment.in_reply_to_id),
            authors[_author_key(comment)],
            reports.get(comment.id, []),
            requests.get(comment.id, []),
        )
        for comment in comments
    ]


def _rows_by_comment(model, settled, ids: list[int]) -> dict[int, list]:
    """Return the open reports or review requests of these comments, oldest first, by comment."""
    query = sa.select(model).where(model.comment_id.in_(ids), settled.is_(None))
    rows: dict[int, list] = {}
    for row in db.session.scalars(query.order_by(model.created_at, model.id)):
        rows.setdefault(row.comment_id, []).append(row)
    return rows


def _author_key(comment: Comment) -> tuple:
    """An author's key: their account, or their guest email."""
    if comment.user_id is not None:
        return ("user", comment.user_id)
    return ("guest", comment.author_email)


def _author_summaries(comments: list[Comment]) -> dict[tuple, AuthorSummary]:
    """Describe each author on the page, with their comment counts and ways of signing in."""
    user_ids = sorted({c.user_id for c in comments if c.user_id is not None})
    emails = sorted({c.author_email for c in comments if c.user_id is None and c.author_email})
    counts = _status_counts(user_ids, emails)
    identities: dict[int, list] = {}
    facilitators: set[int] = set()
    if user_ids:
        query = (
            sa.select(Identity.user_id, Identity.provider, Identity.email)
            .where(Identity.user_id.in_(user_ids))
            .order_by(Identity.id)
        )
        for row in db.session.execute(query):
            identities.setdefault(row.user_id, []).append(row)
        query = sa.select(workstream_facilitators.c.user_id).where(
            workstream_facilitators.c.user_id.in_(user_ids)
        )
        facilitators = set(db.session.scalars(query))
    summaries = {}
    for comment in comments:
        key = _author_key(comment)
        if key in summaries:
            continue
        if comment.user_id is None:
            emails_shown, sign_in = [comment.author_email or ""], "guest"
        else:
            rows = identities.get(comment.user_id, [])
            user = comment.user
            emails_shown = [user.email] if user.email else []
            emails_shown += [row.email for row in rows if row.email not in (None, *emails_shown)]
            ways = [provider_title(row.provider) for row in rows]
            if user.password_hash:
                ways.insert(0, "local account")
            sign_in = ", ".join(dict.fromkeys(ways)) or "account"
        summaries[key] = AuthorSummary(
            comment.author_name,
            emails_shown,
            comment.author_website,
            sign_in,
            comment.user_id,
            counts.get(key, {}),
            is_admin=comment.user is not None and comment.user.is_admin,
            is_facilitator=comment.user_id in facilitators,
        )
    return summaries


def _status_counts(user_ids: list[int], emails: list[str]) -> dict[tuple, dict[str, int]]:
    """Count each author's comments by status across the summit, in one query."""
    if not user_ids and not emails:
        return {}
    guest_email = sa.case((Comment.user_id.is_(None), Comment.author_email))
    query = (
        sa.select(Comment.user_id, guest_email, Comment.status, sa.func.count(Comment.id))
        .where(
            sa.or_(
                Comment.user_id.in_(user_ids),
                sa.and_(Comment.user_id.is_(None), Comment.author_email.in_(emails)),
            )
        )
        .group_by(Comment.user_id, guest_email, Comment.status)
    )
    counts: dict[tuple, dict[str, int]] = {}
    for user_id, email, status, number in db.session.execute(query):
        key = ("user", user_id) if user_id is not None else ("guest", email)
        counts.setdefault(key, {})[CommentStatus(status).value] = number
    return counts


def provider_title(name: str) -> str:
    """Return the name people know a sign-in provider by."""
    configured = current_app.config.get("SOCIAL_LOGIN", {}).get(name, {})
    return configured.get("title") or BUILT_IN.get(name, {}).get("title") or name
