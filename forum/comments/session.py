"""What a browser remembers about its own comments.

A held comment is shown to its author, and to nobody else, by keeping its id in
the signed session cookie. A guest who ticks "save my details" gets a cookie with
their name, email and website, as WordPress does; without the tick it is cleared.
"""

import json

from flask import Response, request, session
from flask_login import current_user

from forum import permissions
from forum.comments.queries import Viewer
from forum.contributions.session import own_comment_ids
from forum.models import Proposition

OWN_PENDING_KEY = "own_pending"
OWN_PENDING_LIMIT = 50
GUEST_COOKIE = "comment_author"
GUEST_COOKIE_AGE = 365 * 24 * 3600


def own_pending_ids() -> frozenset[int]:
    """Return the ids of held comments written in this browser."""
    return frozenset(session.get(OWN_PENDING_KEY, ()))


def remember_pending(comment_id: int) -> None:
    """Let this browser see its held comment until a facilitator decides."""
    ids = [*session.get(OWN_PENDING_KEY, ()), comment_id]
    session[OWN_PENDING_KEY] = ids[-OWN_PENDING_LIMIT:]


def viewer_for(proposition: Proposition) -> Viewer:
    """Describe the current reader, for choosing which comments they see."""
    return Viewer(
        moderator=permissions.can_moderate(current_user, proposition),
        own_pending=own_pending_ids(),
        user_id=current_user.id if current_user.is_authenticated else None,
        own_ids=own_comment_ids(),
    )


def saved_guest_details() -> dict[str, str]:
    """Return the name, email and website this browser saved, if any."""
    try:
        saved = json.loads(request.cookies.get(GUEST_COOKIE, "{}"))
    except ValueError:
        return {}
    if not isinstance(saved, dict):
        return {}
    return {key: str(saved[key]) for key in ("name", "email", "website") if saved.get(key)}


def save_guest_details(response: Response, details: dict[str, str] | None) -> None:
    """Save a guest's details in their browser, or forget them when ``details`` is None."""
    if details is None:
        if GUEST_COOKIE in request.cookies:
            response.delete_cookie(GUEST_COOKIE)
        return
    response.set_cookie(
        GUEST_COOKIE,
        json.dumps({key: value for key, value in details.items() if value}),
        max_age=GUEST_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
