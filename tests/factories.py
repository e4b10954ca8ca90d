"""Plain factory functions for tests. Call them inside an app context; they flush."""

from datetime import timedelta
from types import SimpleNamespace

from forum.admin.services import add_facilitator, create_workstream
from forum.auth.services import register_user
from forum.comments.services import CommentPolicy, Guest, post_comment
from forum.extensions import db
from forum.manage.services import create_proposition
from forum.models import Comment, CommentStatus, Proposition, PropositionStatus, Role, utcnow
from tests.conftest import PASSWORD

# Tests choose each comment's status themselves, so nothing is held on the way in.
PUBLISH_ALL = CommentPolicy(max_links=1000, hold_first_guest=False)


def user(email: str, name: str = "Pat Jones", role: Role = Role.PARTICIPANT):
    """Create a local account whose password is PASSWORD."""
    return register_user(email, name, PASSWORD, role=role, hash_method="pbkdf2:sha256:1000")


def workstream(title: str = "Public services", number: int = 1, **kwargs):
    """Create a workstream."""
    slug = kwargs.pop("slug", "")
    return create_workstream(title, slug, number, kwargs.pop("description", "About it."), **kwargs)


def proposition(ws, author, title: str = "Open every library on Sundays", **kwargs):
    """Create a proposition, published a day ago unless told otherwise."""
    kwargs.setdefault("status", PropositionStatus.PUBLISHED)
    kwargs.setdefault("published_at", utcnow() - timedelta(days=1))
    body = kwargs.pop("body", "We propose **this**.")
    return create_proposition(ws, author, title, body, **kwargs)


def comment(prop, body: str = "I agree.", *, parent=None, user=None, status=None, **guest):
    """Create a comment as a guest (name, email, website) or a user, approved by default."""
    author = None
    if user is None:
        guest.setdefault("name", "Sam Guest")
        guest.setdefault("email", "sam@example.org")
        author = Guest(**guest)
    made = post_comment(
        prop, body, PUBLISH_ALL, user=user, guest=author, parent_id=parent.id if parent else None
    )
    if status is not None and status != made.status:
        _set_status(made, status)
    return made


def _set_status(made: Comment, status: CommentStatus) -> None:
    """Give a test comment another status, keeping the approved totals right."""
    from forum.comments.services import adjust_approved_count

    proposition = db.session.get(Proposition, made.proposition_id)
    if made.status == CommentStatus.APPROVED:
        adjust_approved_count(proposition, -1)
    made.status = status
    if status == CommentStatus.APPROVED:
        adjust_approved_count(proposition, +1)
    db.session.flush()


def small_summit() -> SimpleNamespace:
    """Make two workstreams, their facilitators, an admin, a participant and propositions."""
    admin = user("admin@example.org", "Ada Admin", Role.ADMIN)
    fac_a = user("fiona@example.org", "Fiona Facilitator")
    fac_b = user("boris@example.org", "Boris Facilitator")
    member = user("pat@example.org", "Pat Participant")
    ws_a = workstream("Public services", 1, slug="public-services")
    ws_b = workstream("Climate", 2, slug="climate")
    add_facilitator(ws_a, fac_a)
    add_facilitator(ws_b, fac_b)
    prop_a = proposition(ws_a, fac_a, "Open every library on Sundays", tags=["Libraries"])
    prop_b = proposition(ws_b, fac_b, "Plant a tree for every child", tags=["Climate", "libraries"])
    db.session.flush()
    return SimpleNamespace(
        admin=admin.email,
        facilitator=fac_a.email,
        other_facilitator=fac_b.email,
        participant=member.email,
        ws_a=ws_a.slug,
        ws_b=ws_b.slug,
        prop_a_id=prop_a.id,
        prop_b_id=prop_b.id,
        prop_a_url=f"/workstreams/{ws_a.slug}/{prop_a.slug}/",
        prop_b_url=f"/workstreams/{ws_b.slug}/{prop_b.slug}/",
        prop_a_post=f"/workstreams/{ws_a.slug}/{prop_a.slug}/comments",
        prop_b_post=f"/workstreams/{ws_b.slug}/{prop_b.slug}/comments",
    )
