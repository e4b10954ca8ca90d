"""Read queries for the public pages, each loading what its page shows in one go."""

import functools

import sqlalchemy as sa
from flask import abort
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.models import (
    Comment,
    CommentStatus,
    Proposition,
    PropositionRevision,
    PropositionSlug,
    Tag,
    Workstream,
)


def all_workstreams() -> list[Workstream]:
    """Return every workstream in order, with its facilitators."""
    query = (
        sa.select(Workstream)
        .options(selectinload(Workstream.facilitators))
        .order_by(Workstream.number, Workstream.title)
    )
    return list(db.session.scalars(query))


def public_proposition_counts() -> dict[int, int]:
    """Return how many propositions each workstream shows visitors now."""
    query = (
        sa.select(Proposition.workstream_id, sa.func.count(Proposition.id))
        .where(Proposition.is_public())
        .group_by(Proposition.workstream_id)
    )
    return dict(db.session.execute(query).all())


def _public_propositions() -> sa.Select:
    """Select propositions visitors may read, with what their list items show."""
    return (
        sa.select(Proposition)
        .where(Proposition.is_public())
        .options(
            joinedload(Proposition.workstream),
            joinedload(Proposition.author),
            selectinload(Proposition.tags),
        )
        .order_by(Proposition.published_at.desc(), Proposition.id.desc())
    )


def latest_propositions(limit: int) -> list[Proposition]:
    """Return the most recently published propositions across the summit."""
    return list(db.session.scalars(_public_propositions().limit(limit)))


def recent_comments(limit: int) -> list[Comment]:
    """Return the latest approved comments on public propositions."""
    query = (
        sa.select(Comment)
        .join(Comment.proposition)
        .where(Comment.status == CommentStatus.APPROVED, Proposition.is_public())
        .options(joinedload(Comment.proposition).joinedload(Proposition.workstream))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def workstream_or_404(slug: str) -> Workstream:
    """Return the workstream with this slug, with its facilitators, or answer 404."""
    query = (
        sa.select(Workstream)
        .where(Workstream.slug == slug)
        .options(selectinload(Workstream.facilitators))
    )
    return db.first_or_404(query)


def workstream_propositions(workstream: Workstream, page: int, per_page: int) -> Pagination:
    """Return a page of a workstream's public propositions, newest first."""
    query = _public_propositions().where(Proposition.workstream_id == workstream.id)
    return db.paginate(query, page=page, per_page=per_page, max_per_page=per_page)


def proposition_or_404(workstream_slug: str, slug: str) -> Proposition:
    """Return a public proposition with its workstream, facilitators, author and tags, or 404.

    Drafts and scheduled propositions answer 404, not 403, so they can't be discovered.
    """
    proposition = public_proposition(workstream_slug, slug)
    if proposition is None:
        abort(404)
    return proposition


def public_proposition(workstream_slug: str, slug: str) -> Proposition | None:
    """Return a public proposition with its workstream, facilitators, author and tags, if any."""
    query = _proposition_by_slugs().where(Proposition.is_public())
    params = {"workstream_slug": workstream_slug, "slug": slug}
    return db.session.execute(query, params).scalar()


@functools.cache
def _proposition_by_slugs() -> sa.Select:
    """Build, once, the statement that finds a proposition by its slugs, with what its page shows.

    Whether it is public depends on the time, so that condition is added per request.
    """
    return (
        sa.select(Proposition)
        .join(Proposition.workstream)
        .where(
            Workstream.slug == sa.bindparam("workstream_slug"),
            Proposition.slug == sa.bindparam("slug"),
        )
        .options(
            joinedload(Proposition.workstream).selectinload(Workstream.facilitators),
            joinedload(Proposition.author),
            selectinload(Proposition.tags),
        )
    )


def renamed_proposition(workstream_slug: str, old_slug: str) -> Proposition | None:
    """Return the public proposition that had this slug before it was renamed, if any."""
    query = (
        sa.select(Proposition)
        .join(PropositionSlug, PropositionSlug.proposition_id == Proposition.id)
        .join(Workstream, Workstream.id == PropositionSlug.workstream_id)
        .where(Workstream.slug == workstream_slug, PropositionSlug.slug == old_slug)
        .where(Proposition.is_public())
        .options(joinedload(Proposition.workstream))
    )
    return db.session.execute(query).scalar()


def proposition_revisions(proposition: Proposition) -> list[PropositionRevision]:
    """Return a proposition's earlier versions, newest first, with who changed them."""
    query = (
        sa.select(PropositionRevision)
        .where(PropositionRevision.proposition_id == proposition.id)
        .options(joinedload(PropositionRevision.editor))
        .order_by(PropositionRevision.created_at.desc(), PropositionRevision.id.desc())
    )
    return list(db.session.scalars(query))


def revision_or_404(proposition: Proposition, revision_id: int) -> PropositionRevision:
    """Return one earlier version of this proposition, with who changed it, or 404."""
    query = (
        sa.select(PropositionRevision)
        .where(
            PropositionRevision.id == revision_id,
            PropositionRevision.proposition_id == proposition.id,
        )
        .options(joinedload(PropositionRevision.editor))
    )
    return db.first_or_404(query)


def public_proposition_or_404(proposition_id: int) -> Proposition:
    """Return a public proposition by id with its workstream, or 404."""
    query = (
        sa.select(Proposition)
        .where(Proposition.id == proposition_id, Proposition.is_public())
        .options(joinedload(Proposition.workstream))
    )
    return db.first_or_404(query)


def tag_or_404(slug: str) -> Tag:
    """Return the tag with this slug, or 404."""
    return db.first_or_404(sa.select(Tag).where(Tag.slug == slug))


def tagged_propositions(tag: Tag, page: int, per_page: int) -> Pagination:
    """Return a page of the public propositions with this tag, newest first."""
    query = _public_propositions().where(Proposition.tags.any(Tag.id == tag.id))
    return db.paginate(query, page=page, per_page=per_page, max_per_page=per_page)


def search_propositions(words: str, page: int, per_page: int) -> Pagination:
    """Return a page of public propositions whose title, text or tags hold every word."""
    query = _public_propositions()
    for word in words.split()[:10]:
        query = query.where(
            sa.or_(
                Proposition.title.icontains(word, autoescape=True),
                Proposition.body.icontains(word, autoescape=True),
                Proposition.tags.any(Tag.name.icontains(word, autoescape=True)),
            )
        )
    return db.paginate(query, page=page, per_page=per_page, max_per_page=per_page)
