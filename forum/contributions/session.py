"""What a browser remembers about its comments and its reports, in the signed session.

A guest has no account, so the browser that posted a comment is how we know its author:
the ids of the comments a guest posts are kept here (the newest few), which lets them
edit a comment during the edit window and delete it later from the same browser.
A guest who reports comments gets a random key here, so each of their reports is
counted once.
"""

import secrets

from flask import session

OWN_COMMENTS_KEY = "own_comments"
# Enough for anyone's comments in a summit; the cookie stays small.
OWN_COMMENTS_LIMIT = 50
REPORTER_KEY = "reporter"


def own_comment_ids() -> frozenset[int]:
    """Return the ids of the comments posted as a guest in this browser."""
    return frozenset(session.get(OWN_COMMENTS_KEY, ()))


def remember_own_comment(comment_id: int) -> None:
    """Let this browser edit and delete the comment it just posted as a guest."""
    ids = [known for known in session.get(OWN_COMMENTS_KEY, ()) if known != comment_id]
    session[OWN_COMMENTS_KEY] = [*ids, comment_id][-OWN_COMMENTS_LIMIT:]


def guest_reporter_key(create: bool = True) -> str | None:
    """Return this browser's key for counting its reports once, making one if asked."""
    key = session.get(REPORTER_KEY)
    if key is None and create:
        key = session[REPORTER_KEY] = secrets.token_urlsafe(16)
    return key
