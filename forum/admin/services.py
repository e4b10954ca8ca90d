"""Running the summit: workstreams, facilitators, people and settings (admins only).

Services flush, never commit.
"""

import sqlalchemy as sa
from slugify import slugify

from forum import markup
from forum.errors import Conflict
from forum.extensions import db
from forum.models import User, Workstream


def create_workstream(
    title: str, slug: str, number: int, description: str = "", *, is_open: bool = True
) -> Workstream:
    """Create a workstream.

    Rules: the slug is URL-safe and unique; the description is rendered once, now.

    :raises Conflict: if another workstream has the slug.
    """
    slug = slugify(slug or title, max_length=80)
    if db.session.scalar(sa.select(Workstream.id).where(Workstream.slug == slug)):
        raise Conflict("Another workstream already uses this web address.", field="slug")
    workstream = Workstream(
        title=title.strip(),
        slug=slug,
        number=number,
        description=description,
        description_html=markup.render_proposition(description),
        is_open=is_open,
    )
    db.session.add(workstream)
    db.session.flush()
    return workstream


def add_facilitator(workstream: Workstream, user: User) -> None:
    """Make a person a facilitator of a workstream (doing it twice changes nothing)."""
    if workstream not in user.facilitated_workstreams:
        user.facilitated_workstreams.append(workstream)
    db.session.flush()
