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


def _facilitates(user: User | None, workstream_id: int) -> bool:
    """Whether the person is an admin or facilitates the workstream with this id."""
    if not _is_member(user):
        return False
    if user.is_admin:
        return True
    return any(ws.id == workstream_id for ws in user.facilitated_workstreams)


def can_facilitate(user: User | None, workstream: Workstream) -> bool:
    """Whether the person may run this workstream: an admin or one of its facilitators."""
    return _facilitates(user, workstream.id)


def can_moderate(user: User | None, proposition: Proposition) -> bool:
    """Whether the person may approve or hide comments on this proposition."""
    return _facilitates(user, proposition.workstream_id)


def can_edit_proposition(user: User | None, proposition: Proposition) -> bool:
    """Whether the person may edit, publish or archive this proposition."""
    return _facilitates(user, proposition.workstream_id)


def can_use_workspace(user: User | None) -> bool:
    """Whether the person may open the workspace: an admin or anyone who facilitates."""
    return _is_member(user) and (user.is_admin or bool(user.facilitated_workstreams))


def can_run_summit(user: User | None) -> bool:
    """Whether the person may set up workstreams, people, settings and read the audit log."""
    return is_admin(user)
