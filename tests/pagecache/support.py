"""Helpers for the page cache's tests: what a reader is served, and what the cache keeps."""

import re

import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from forum.comments import guards
from forum.extensions import db
from forum.models import Comment, Proposition, User
from tests import factories

# The header saying whether the cache answered ("hit") or kept what Flask rendered ("miss").
CACHE = "X-Forum-Cache"
EXTENSION = "forum_pagecache"

CSRF_VALUE_RE = re.compile(r'(name="csrf_token" type="hidden" value=")([^"]+)(")')
SHOWN_AT_VALUE_RE = re.compile(r'(name="shown_at" type="hidden" value=")([^"]+)(")')


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def served(response) -> str | None:
    """Say how the cache answered: "hit", "miss", or None when it stood aside."""
    return response.headers.get(CACHE)


def thread_url(proposition_id: int) -> str:
    """Return the address of a proposition's public thread as JSON."""
    return f"/api/v1/propositions/{proposition_id}/comments"


def form_values(page: str) -> tuple[str, str]:
    """Return the comment form's CSRF token and its signed "shown at" time."""
    csrf, shown_at = CSRF_VALUE_RE.search(page), SHOWN_AT_VALUE_RE.search(page)
    assert csrf and shown_at, "the page has no guest comment form"
    return csrf.group(2), shown_at.group(2)


def without_form_values(page: str) -> str:
    """Return a page with the values each request makes for itself blanked out."""
    page = CSRF_VALUE_RE.sub(r"\1\3", page)
    return SHOWN_AT_VALUE_RE.sub(r"\1\3", page)


def cached_reader(app, url: str):
    """Return an anonymous browser that has read a page twice, the second time from the cache."""
    reader = app.test_client()
    first = reader.get(url)
    assert first.status_code == 200 and served(first) in ("miss", "hit")
    assert served(reader.get(url)) == "hit", "the page was not served from the cache"
    return reader


def fresh_view(reader, url: str) -> str:
    """Read a page that has just changed: it must be rendered again, not served from the cache."""
    response = reader.get(url)
    assert response.status_code == 200
    assert served(response) == "miss", "a stale copy was served after a change"
    return text(response)


def stored_text(app) -> str:
    """Return everything the app's memory cache keeps (bodies and headers) as one text."""
    store = app.extensions[EXTENSION].store
    entries = getattr(store, "local", store).entries.values()
    parts = []
    for entry in entries:
        parts += [f"{name}: {value}" for name, value in entry.headers]
        parts += [chunk.decode() for chunk in entry.chunks]
    return "\n".join(parts)


def session_of(app, client) -> dict:
    """Return what a browser's signed session cookie holds (empty without one)."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    if cookie is None:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def csrf_secret_of(app, token: str) -> str:
    """Return the session secret a CSRF token was made from, as Flask-WTF checks it."""
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").loads(token)


def form_time(app, shown_at: str) -> int:
    """Return the time (whole seconds since the epoch) a form's "shown at" value was signed."""
    signer = TimestampSigner(app.config["SECRET_KEY"], salt=guards.FORM_TIME_PURPOSE)
    _, signed_at = signer.unsign(shown_at, return_timestamp=True)
    return int(signed_at.timestamp())


def add_comment(app, proposition_id: int, body: str, *, user=None, status=None, **guest) -> int:
    """Add a comment (as a guest unless ``user`` is an email) and return its id."""
    with app.app_context():
        prop = db.session.get(Proposition, proposition_id)
        author = db.session.scalar(sa.select(User).filter_by(email=user)) if user else None
        made = factories.comment(prop, body, user=author, status=status, **guest)
        db.session.commit()
        return made.id


def comment_bodies(app) -> list[str]:
    """Return the text of every stored comment, oldest first."""
    with app.app_context():
        return list(db.session.scalars(sa.select(Comment.body).order_by(Comment.id)))
