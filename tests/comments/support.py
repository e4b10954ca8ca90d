"""Helpers for the tests of the comment rules and limits: what a person sees, what is stored."""

import re
from html import unescape

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment
from tests.conftest import csrf_from

ERROR_LIST_RE = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
TAG_RE = re.compile(r"<[^>]+>")


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def words(html: str) -> str:
    """Return a page's text without tags, spaces collapsed."""
    return " ".join(unescape(TAG_RE.sub(" ", html)).split())


def error_summary(html: str) -> list[str]:
    """Return the messages in the page's GOV.UK error summary."""
    items: list[str] = []
    for block in ERROR_LIST_RE.findall(html):
        items += [words(item) for item in block.split("</li>")]
    return [item for item in items if item]


def field_error(html: str, field: str) -> str | None:
    """Return the message shown beside a field (GOV.UK's error message), if any."""
    match = re.search(rf'<p id="{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return words(match.group(1)).removeprefix("Error: ") if match else None


def comment_box(html: str) -> str:
    """Return what the comment box holds."""
    start = html.index('name="body"')
    return unescape(html[html.index(">", start) + 1 : html.index("</textarea>", start)]).strip()


def stored_comments(app, **by) -> list[Comment]:
    """Return the comments in the database, oldest first, detached."""
    with app.app_context():
        query = sa.select(Comment).filter_by(**by).order_by(Comment.id)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def guest(name: str = "Jo Smith", email: str = "jo@example.org", **fields) -> dict:
    """Return a guest's filled-in comment form."""
    return {"name": name, "email": email, "website": "", "body": "I agree.", **fields}


def open_form(client, page_url: str) -> str:
    """Open a proposition page as a browser would and return its CSRF token."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    return csrf_from(text(page))
