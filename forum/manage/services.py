"""Writing propositions: the facilitators' workspace rules. Services flush, never commit."""

from datetime import datetime

import sqlalchemy as sa
from slugify import slugify

from forum import markup
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from forum.models import Proposition, PropositionStatus, Tag, User, Workstream, utcnow


def tags_named(names: list[str]) -> list[Tag]:
    """Return tags for these names, reusing existing ones whatever their case."""
    tags: dict[str, Tag] = {}
    for name in names:
        name = " ".join(name.split())
        slug = slugify(name, max_length=60)
        if not slug or slug in tags:
            continue
        tag = db.session.scalar(sa.select(Tag).where(Tag.slug == slug))
        if tag is None:
            tag = Tag(name=name, slug=slug)
            db.session.add(tag)
        tags[slug] = tag
    return list(tags.values())


def create_proposition(
    workstream: Workstream,
    author: User,
    title: str,
    body: str,
    *,
    slug: str = "",
    tags: list[str] | None = None,
    status: PropositionStatus = PropositionStatus.DRAFT,
    published_at: datetime | None = None,
    comments_open: bool = True,
) -> Proposition:
    """Write a proposition in a workstream.

    Rules: the slug (made from the title unless given) is unique in its workstream;
    the body is rendered once, now; a proposition that is not a draft and has no
    date is published now.

    :raises InvalidInput: if the title is blank.
    :raises Conflict: if the workstream already has a proposition with the slug.
    """
    if not title.strip():
        raise InvalidInput("Enter a title.", field="title")
    slug = slugify(slug or title, max_length=120)
    taken = sa.select(Proposition.id).where(
        Proposition.workstream_id == workstream.id, Proposition.slug == slug
    )
    if db.session.scalar(taken):
        raise Conflict("This workstream already has a proposition at that address.", field="slug")
    body_html = markup.render_proposition(body)
    if status != PropositionStatus.DRAFT and published_at is None:
        published_at = utcnow()
    proposition = Proposition(
        workstream_id=workstream.id,
        author_id=author.id,
        title=title.strip(),
        slug=slug,
        body=body,
        body_html=body_html,
        summary=markup.excerpt(body_html, 300),
        status=status,
        published_at=published_at,
        comments_open=comments_open,
        tags=tags_named(tags or []),
    )
    db.session.add(proposition)
    db.session.flush()
    return proposition
