"""Pure permission predicates shared by services, views and templates.

Each takes the person asking (an anonymous user counts as nobody) and the thing
in question, and answers yes or no without touching the database beyond what is
already loaded.
"""

from forum.models import Proposition, User, Workstream


def _is_member(user: User | None) -> bool:
    """Whether the person is signed in to an account."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user: User | None) -> bool:
    """Whether the person runs the whole site."""
    return _is_member(user) and user.is_admin


def can_facilitate(user: User | None, workstream: Workstream) -> bool:
    """Whether the person may run this workstream: an admin or one of its facilitators."""
    if not _is_member(user):
        return False
    if user.is_admin:
        return True
    return any(ws.id == workstream.id for ws in user.facilitated_workstreams)


def can_moderate(user: User | None, proposition: Proposition) -> bool:
    """Whether the person may approve or hide comments on this proposition."""
    if not _is_member(user):
        return False
    if user.is_admin:
        return True
    return any(ws.id == proposition.workstream_id for ws in user.facilitated_workstreams)
