"""A comment being written when its author leaves to sign in, kept until they are back.

The text is kept on the server (a comment can be longer than a cookie can hold) and
found again through a random key in the signed session, so only the browser that
wrote it gets it back. A draft goes when a comment is posted, and after a day.
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import session
from werkzeug.datastructures import MultiDict

from forum.extensions import db
from forum.models import MAX_ID, CommentDraft, Proposition, utcnow

DRAFT_KEY = "comment_draft"
KEEP_FOR = timedelta(days=1)
# Generous: the form says when a comment is too long; a draft must never lose text.
MAX_BODY = 100_000
FIELDS = {"name": "author_name", "email": "author_email", "website": "author_website"}


def save_draft(proposition: Proposition, form: MultiDict) -> bool:
    """Keep what was typed in a comment form; return whether there was anything to keep."""
    body = form.get("body", "")
    details = {column: form.get(field, "").strip() for field, column in FIELDS.items()}
    if not body.strip() and not any(details.values()):
        return False
    parent = form.get("parent_id", "")
    _forget_old()
    key = session.get(DRAFT_KEY) or secrets.token_urlsafe(32)
    draft = db.session.scalar(sa.select(CommentDraft).where(CommentDraft.key == key))
    if draft is None:
        draft = CommentDraft(key=key)
        db.session.add(draft)
    draft.proposition_id = proposition.id
    draft.parent_id = int(parent) if parent.isdigit() and 0 < int(parent) <= MAX_ID else None
    draft.body = body[:MAX_BODY]
    for column, value in details.items():
        setattr(draft, column, value[: CommentDraft.__table__.c[column].type.length])
    draft.created_at = utcnow()
    db.session.flush()
    session[DRAFT_KEY] = key
    return True


def draft_for(proposition: Proposition) -> CommentDraft | None:
    """Return this browser's kept comment for the proposition, if there is one."""
    key = session.get(DRAFT_KEY)
    if not key:
        return None
    query = sa.select(CommentDraft).where(
        CommentDraft.key == key,
        CommentDraft.proposition_id == proposition.id,
        CommentDraft.created_at > utcnow() - KEEP_FOR,
    )
    return db.session.scalar(query)


def has_draft() -> bool:
    """Whether this browser has a kept comment (without asking the database)."""
    return bool(session.get(DRAFT_KEY))


def discard_draft() -> None:
    """Forget this browser's kept comment, once it has been posted."""
    key = session.pop(DRAFT_KEY, None)
    if key:
        db.session.execute(sa.delete(CommentDraft).where(CommentDraft.key == key))


def _forget_old() -> None:
    """Delete drafts nobody came back for."""
    db.session.execute(sa.delete(CommentDraft).where(CommentDraft.created_at < utcnow() - KEEP_FOR))
