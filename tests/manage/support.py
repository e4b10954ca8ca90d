"""Helpers shared by the workspace tests."""

from datetime import UTC, datetime

import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry, Proposition, PropositionSlug, User, Workstream

NEW_A = "/manage/workstreams/public-services/propositions/new"
NEW_B = "/manage/workstreams/climate/propositions/new"


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def edit_url(proposition_id: int) -> str:
    """Return the editor's address for a proposition."""
    return f"/manage/propositions/{proposition_id}/edit"


def form(**changes) -> dict:
    """Return a filled-in editor form: a published proposition, changed as asked."""
    data = {
        "title": "Free buses for everyone",
        "slug": "",
        "body": "We propose *free* buses.",
        "tags": "Transport, libraries",
        "status": "published",
        "publish_date": ["", "", ""],
        "publish_time": "",
        "comments_open": "y",
        "close_after_days": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def person(email: str) -> User:
    """Return the user with this email (inside an app context)."""
    return db.session.scalar(sa.select(User).filter_by(email=email))


def workstream(slug: str) -> Workstream:
    """Return the workstream with this slug (inside an app context)."""
    return db.session.scalar(sa.select(Workstream).filter_by(slug=slug))


def proposition_row(app, **by) -> dict | None:
    """Return a proposition's stored values (and tag names) as a plain dict, or None."""
    with app.app_context():
        found = db.session.scalar(sa.select(Proposition).filter_by(**by))
        if found is None:
            return None
        values = {c.name: getattr(found, c.name) for c in Proposition.__table__.columns}
        values["tags"] = db.session.scalars(
            sa.text(
                "SELECT t.name FROM tags t JOIN proposition_tags pt ON pt.tag_id = t.id "
                "WHERE pt.proposition_id = :id ORDER BY t.name"
            ),
            {"id": found.id},
        ).all()
        return values


def old_slugs(app, proposition_id: int) -> list[str]:
    """Return a proposition's old slugs, sorted."""
    with app.app_context():
        query = sa.select(PropositionSlug.slug).filter_by(proposition_id=proposition_id)
        return sorted(db.session.scalars(query))


def audit_log(app) -> list[AuditEntry]:
    """Return the audit entries about propositions, oldest first, detached from the session."""
    with app.app_context():
        query = sa.select(AuditEntry).filter_by(target_type="proposition").order_by(AuditEntry.id)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def at(*args) -> datetime:
    """Return an aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)
