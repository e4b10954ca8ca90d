"""A proposition's row: its slug, tags and rendered text; shared by the editor, demo and tests.

Services flush, never commit.
"""

import logging
from datetime import datetime

import sqlalchemy as sa
from slugify import slugify
from sqlalchemy.exc import IntegrityError

from forum import markup, models
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from forum.models import Proposition, PropositionSlug, PropositionStatus, Tag, User, Workstream

logger = logging.getLogger(__name__)

# A proposition's address sits beside its workstream's own pages, such as the feed.
RESERVED_SLUGS = frozenset({"feed"})


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
            tag = Tag(name=name[:60], slug=slug)
            db.session.add(tag)
        tags[slug] = tag
    # In name order, as the relationship loads them, so audit snapshots compare cleanly.
    return sorted(tags.values(), key=lambda tag: tag.name)


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
    close_comments_after_days: int | None = None,
) -> Proposition:
    """Add a proposition to a workstream, without the editor's checks (the demo and tests use it).

    Rules: the title is not blank; the slug (made from the title unless given) is
    free in its workstream, old addresses included; the body is rendered once,
    now; a proposition that is not a draft and has no date is published now.

    :raises InvalidInput: if the title is blank or the body too long.
    :raises Conflict: if the workstream already has a proposition at the slug.
    """
    if not title or not title.strip():
        raise InvalidInput("Enter a title.", field="title")
    slug = free_slug(workstream.id, slug, title)
    body_html = render_body(body)
    if status != PropositionStatus.DRAFT and published_at is None:
        published_at = models.utcnow()
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
        close_comments_after_days=close_comments_after_days,
        tags=tags_named(tags or []),
    )
    db.session.add(proposition)
    flush_or_conflict()
    return proposition


def free_slug(
    workstream_id: int, wanted: str, title: str, proposition_id: int | None = None
) -> str:
    """Return the slug to use, made from the title unless given, if no other proposition has it.

    Another proposition's old slugs count as taken, so their old links keep working.

    :raises InvalidInput: if nothing usable is left of the slug.
    :raises Conflict: if the slug is reserved or another proposition has it, now or before.
    """
    slug = slugify(wanted or title, max_length=120)
    if not slug:
        raise InvalidInput("Enter a web address using letters or numbers.", field="slug")
    if slug in RESERVED_SLUGS:
        raise Conflict(
            f"The web address “{slug}” is used by the site. Enter a different one.", field="slug"
        )
    current = sa.select(Proposition.id).where(
        Proposition.workstream_id == workstream_id, Proposition.slug == slug
    )
    old = sa.select(PropositionSlug.id).where(
        PropositionSlug.workstream_id == workstream_id, PropositionSlug.slug == slug
    )
    if proposition_id is not None:
        current = current.where(Proposition.id != proposition_id)
        old = old.where(PropositionSlug.proposition_id != proposition_id)
    if db.session.scalar(current.limit(1)) or db.session.scalar(old.limit(1)):
        raise Conflict(
            f"Another proposition in this workstream uses the web address “{slug}”. "
            "Enter a different one.",
            field="slug",
        )
    return slug


def rename(proposition: Proposition, slug: str) -> None:
    """Give a proposition a new slug, keeping the old one so its links redirect.

    Going back to one of its own old slugs takes that slug out of the history.
    """
    if slug == proposition.slug:
        return
    db.session.execute(
        sa.delete(PropositionSlug).where(
            PropositionSlug.workstream_id == proposition.workstream_id,
            PropositionSlug.slug == slug,
            PropositionSlug.proposition_id == proposition.id,
        )
    )
    db.session.add(
        PropositionSlug(
            workstream_id=proposition.workstream_id,
            slug=proposition.slug,
            proposition_id=proposition.id,
        )
    )
    proposition.slug = slug


def render_body(body: str) -> str:
    """Render a proposition's Markdown once, refusing text over the limit."""
    try:
        return markup.render_proposition(body)
    except markup.SourceTooLong:
        raise InvalidInput(
            f"The text must be {markup.MAX_PROPOSITION_CHARS:,} characters or fewer.",
            field="body",
        ) from None


def flush_or_conflict() -> None:
    """Write pending changes, turning a clash the checks missed (a race) into a Conflict."""
    try:
        db.session.flush()
    except IntegrityError:
        logger.info("A proposition's slug was taken while it was being saved.")
        raise Conflict(
            "Another proposition took this web address a moment ago. Enter a different one.",
            field="slug",
        ) from None
