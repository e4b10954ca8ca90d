"""Fixtures and helpers for the admins' pages: a signed-in admin and what the database holds."""

import re
from html import unescape

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import AuditEntry, User, Workstream
from tests.conftest import sign_in

ERROR_ITEM_RE = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
TAG_RE = re.compile(r"<[^>]+>")


@pytest.fixture
def admin(client, site):
    """The test client, signed in as the summit's admin."""
    sign_in(client, site.admin)
    return client


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def error_messages(html: str) -> list[str]:
    """Return the messages in a page's GOV.UK error summaries."""
    items = []
    for block in ERROR_ITEM_RE.findall(html):
        items += [unescape(TAG_RE.sub("", item)).strip() for item in block.split("</li>")]
    return [item for item in items if item]


def audit_log(app) -> list[dict]:
    """Return the audit log, oldest first, as plain dicts."""
    with app.app_context():
        query = sa.select(AuditEntry, User.email).outerjoin(User, AuditEntry.actor_id == User.id)
        return [
            {
                "id": entry.id,
                "actor": email,
                "action": entry.action,
                "target": (entry.target_type, entry.target_id),
                "summary": entry.summary,
                "before": entry.before,
                "after": entry.after,
                "created_at": entry.created_at,
            }
            for entry, email in db.session.execute(query.order_by(AuditEntry.id))
        ]


def workstream(app, slug: str) -> dict | None:
    """Return a workstream's stored columns and facilitators' emails, or None."""
    with app.app_context():
        found = db.session.scalar(
            sa.select(Workstream)
            .where(Workstream.slug == slug)
            .options(selectinload(Workstream.facilitators))
        )
        if found is None:
            return None
        row = {column.name: getattr(found, column.name) for column in Workstream.__table__.c}
        row["facilitators"] = [person.email for person in found.facilitators]
        return row


def person(app, email: str) -> User:
    """Return a person with the workstreams they facilitate, detached from the session."""
    with app.app_context():
        found = db.session.scalar(
            sa.select(User)
            .where(User.email == email)
            .options(selectinload(User.facilitated_workstreams))
        )
        db.session.expunge_all()
        return found
