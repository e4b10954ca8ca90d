"""Read queries for the moderation logs and the list of suspensions, a page at a time."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from forum.extensions import db
from forum.models import ModerationAction, Suspension, User, Workstream, utcnow
from forum.moderation.core import PUBLIC_WORDS, Action
from forum.moderation.undo import NOT_UNDOABLE

PER_PAGE = 25


@dataclass
class LogEntry:
    """One decision as a log shows it."""

    action: ModerationAction
    words: str
    comment_ids: list[int]
    actor_name: str = ""
    undone: bool = False

    @property
    def undoable(self) -> bool:
        """Whether an Undo button belongs beside this decision."""
        return not self.undone and self.action.action not in NOT_UNDOABLE


def _comment_ids(action: ModerationAction) -> list[int]:
    """Return the comments a decision concerned, for links to their places."""
    if action.action == Action.SUSPEND:
        return []  # a suspension's comments would point at the person suspended
    keys = ((action.after or {}).get("comments") or {}).keys()
    ids = sorted(int(key) for key in keys)
    if not ids and action.comment_id is not None:
        ids = [action.comment_id]
    return ids


def _page(query: sa.Select, page: int) -> Pagination:
    """Paginate a query over decisions, newest first."""
    query = query.order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE, count=True)


def public_log(workstream: Workstream, page: int) -> tuple[Pagination, list[LogEntry]]:
    """Return a page of a workstream's public log: what was decided, when and why. No names."""
    pagination = _page(
        sa.select(ModerationAction).where(ModerationAction.workstream_id == workstream.id), page
    )
    entries = [
        LogEntry(action, PUBLIC_WORDS.get(action.action, action.action), _comment_ids(action))
        for action in pagination.items
    ]
    return pagination, entries


def decisions(workstream_ids: list[int] | None, page: int) -> tuple[Pagination, list[LogEntry]]:
    """Return a page of the decisions in these workstreams (None: all), for facilitators.

    With who made each one and whether it was undone, in a fixed number of queries.
    """
    query = sa.select(ModerationAction)
    if workstream_ids is not None:
        query = query.where(ModerationAction.workstream_id.in_(workstream_ids))
    pagination = _page(query, page)
    actions = list(pagination.items)
    ids = [action.id for action in actions]
    undone = set()
    if ids:
        found = sa.select(ModerationAction.undoes_id).where(ModerationAction.undoes_id.in_(ids))
        undone = set(db.session.scalars(found))
    names = display_names({action.actor_id for action in actions})
    entries = [
        LogEntry(
            action,
            PUBLIC_WORDS.get(action.action, action.action),
            _comment_ids(action),
            names.get(action.actor_id, "The forum, after readers' reports"),
            action.id in undone,
        )
        for action in actions
    ]
    return pagination, entries


def display_names(user_ids: set[int | None]) -> dict[int, str]:
    """Return people's names by id, in one query."""
    wanted = sorted(user_id for user_id in user_ids if user_id is not None)
    if not wanted:
        return {}
    query = sa.select(User.id, User.display_name).where(User.id.in_(wanted))
    return dict(db.session.execute(query).all())


def active_suspensions(page: int) -> tuple[Pagination, dict[int, str]]:
    """Return a page of the suspensions in force, newest first, and the names they mention."""
    now = utcnow()
    query = (
        sa.select(Suspension)
        .where(
            Suspension.lifted_at.is_(None),
            sa.or_(Suspension.ends_at.is_(None), Suspension.ends_at > now),
        )
        .order_by(Suspension.created_at.desc(), Suspension.id.desc())
    )
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, max_per_page=PER_PAGE)
    people = set()
    for suspension in pagination.items:
        people |= {suspension.user_id, suspension.created_by_id}
    return pagination, display_names(people)


def action_or_404(action_id: int) -> ModerationAction:
    """Return a decision by id, or answer 404."""
    return db.get_or_404(ModerationAction, action_id)


def suspension_or_404(suspension_id: int) -> Suspension:
    """Return a suspension by id, or answer 404."""
    return db.get_or_404(Suspension, suspension_id)
