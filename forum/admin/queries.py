"""Read queries for the admins' pages, each loading what its page shows in one go."""

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.models import AuditEntry, SiteSettings, User, Workstream
from forum.settings import SETTINGS_ROW_ID

PEOPLE_PER_PAGE = 25
AUDIT_PER_PAGE = 25


def ordered_workstreams() -> list[Workstream]:
    """Return every workstream in the order the summit shows them, with its facilitators."""
    query = (
        sa.select(Workstream)
        .options(selectinload(Workstream.facilitators))
        .order_by(Workstream.number, Workstream.title, Workstream.id)
    )
    return list(db.session.scalars(query))


def people_page(search: str, page: int, per_page: int = PEOPLE_PER_PAGE) -> Pagination:
    """Return a page of people whose name or email contains the search, by name.

    Matching ignores case, and % or _ in the search match only themselves.
    """
    query = (
        sa.select(User)
        .options(selectinload(User.facilitated_workstreams))
        .order_by(sa.func.lower(User.display_name), User.id)
    )
    search = search.strip()
    if search:
        query = query.where(
            sa.or_(
                User.display_name.icontains(search, autoescape=True),
                User.email.icontains(search, autoescape=True),
            )
        )
    return db.paginate(query, page=page, per_page=per_page, max_per_page=per_page, count=True)


def person_or_404(user_id: int) -> User:
    """Return a person with the workstreams they facilitate, or answer 404."""
    query = (
        sa.select(User)
        .where(User.id == user_id)
        .options(selectinload(User.facilitated_workstreams))
    )
    return db.first_or_404(query)


def audit_page(page: int, per_page: int = AUDIT_PER_PAGE) -> Pagination:
    """Return a page of the audit log, newest first, with who made each change."""
    query = (
        sa.select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, max_per_page=per_page, count=True)


def workstreams_without(person: User) -> list[Workstream]:
    """Return the workstreams a person does not facilitate yet, in order."""
    theirs = [workstream.id for workstream in person.facilitated_workstreams]
    query = (
        sa.select(Workstream)
        .where(Workstream.id.not_in(theirs))
        .order_by(Workstream.number, Workstream.title, Workstream.id)
    )
    return list(db.session.scalars(query))


def settings_row() -> SiteSettings | None:
    """Return the stored settings row, or None while every setting is the default."""
    return db.session.get(SiteSettings, SETTINGS_ROW_ID)
