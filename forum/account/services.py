"""Changing one's own profile. Flushes, never commits."""

import sqlalchemy as sa

from forum import markup
from forum.avatars import initials
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Comment, User


def update_profile(user: User, display_name: str, website: str | None) -> None:
    """Change the name and website shown with a person's comments, past ones included.

    Rules: the name is not blank (spaces are tidied); the website is an ordinary web
    address or nothing. The avatar keeps its colour and takes the new initials.

    :raises InvalidInput: naming the field to fix.
    """
    name = " ".join(display_name.split())[:80]
    if not name:
        raise InvalidInput("Enter your name.", field="display_name")
    site = markup.safe_website(website.strip()) if website and website.strip() else None
    if website and website.strip() and site is None:
        raise InvalidInput("Enter a website address like https://example.org", field="website")
    colour = user.avatar.partition("/")[0]
    user.display_name = name
    user.website = site
    user.avatar = f"{colour}/{initials(name)}"
    db.session.execute(
        sa.update(Comment)
        .where(Comment.user_id == user.id)
        .values(author_name=name, author_website=site, avatar=user.avatar)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
