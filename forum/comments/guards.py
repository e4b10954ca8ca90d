"""Guards at the comment form's door: rate limits for floods, and two traps for guests' bots.

Floods (Flask-Limiter, storage from ``RATELIMIT_STORAGE_URI``: memory, or Redis shared by
every app host):

- per person, ``COMMENTS_RATE_LIMIT`` (default "4 per minute;40 per hour"): the person is
  their account when signed in, else a random key kept in their browser's signed
  session (made on their first post). Only comments actually posted count, so fixing a
  mistake in the form costs nothing.
- per network address, ``COMMENTS_IP_RATE_LIMIT`` (default "600 per 10 minutes"): only a
  high ceiling, because a whole summit hall shares one address behind its Wi-Fi. Every
  attempt counts here.

Previews are not limited. Slow mode, set per proposition, is a rule in
forum/comments/rules.py.

Bots: a guest's form carries a honeypot box ("Leave this empty"), hidden from people and
screen readers alike, and the signed time the form was shown; a form sent sooner than
``COMMENTS_MIN_SECONDS`` after that is refused, with the text kept and a fresh time, so a
person who was just quick sends it again. No CAPTCHA.
"""

import secrets
import time

from flask import Response, current_app, session
from flask_login import current_user
from itsdangerous import BadSignature, TimestampSigner

from forum.errors import InvalidInput

GUEST_KEY = "comment_key"
# Where Flask-Login keeps the signed-in account in the session: "<user id>.<session version>".
ACCOUNT_KEY = "_user_id"
FORM_TIME_PURPOSE = "comment-form-shown-at"
# What is signed with the time (the page cache signs it too, for the pages it serves).
FORM_TIME_VALUE = b"comment-form"
POSTED_STATUS = 303


def person_key() -> str:
    """Name the person posting, for their rate limit: their account, or their browser.

    The account is read from the signed session, without loading it: limits are checked
    before the view, and a query here would take SQLite's write lock before the view has
    rendered the comment and read what it needs (forum/database.py). A session whose
    account has since signed out everywhere still counts as that account here.
    """
    account = session.get(ACCOUNT_KEY)
    if account is None and current_user.is_authenticated:
        # Signed in by a remember-me cookie alone: loading the account puts it in the session.
        account = current_user.get_id()
    if account:
        return f"user:{str(account).partition('.')[0]}"
    key = session.get(GUEST_KEY)
    if not key:
        key = session[GUEST_KEY] = secrets.token_urlsafe(16)
    return f"guest:{key}"


def person_limit() -> str:
    """The per-person limit on posting comments (COMMENTS_RATE_LIMIT)."""
    return current_app.config["COMMENTS_RATE_LIMIT"]


def address_limit() -> str:
    """The ceiling per network address on posting comments (COMMENTS_IP_RATE_LIMIT)."""
    return current_app.config["COMMENTS_IP_RATE_LIMIT"]


def was_posted(response: Response) -> bool:
    """Whether a comment was posted: only those count towards a person's limit."""
    return response.status_code == POSTED_STATUS


class _FormTimeSigner(TimestampSigner):
    """Sign form times with the app's key, for this purpose only; ``when`` fixes the time."""

    def __init__(self, when: float | None = None):
        super().__init__(current_app.config["SECRET_KEY"], salt=FORM_TIME_PURPOSE)
        self.when = when

    def get_timestamp(self) -> int:
        """Return the time to sign: now, unless told otherwise."""
        return int(time.time() if self.when is None else self.when)


def form_token(when: float | None = None) -> str:
    """Return a signed note of the time the form is shown (now, unless ``when`` is given)."""
    return _FormTimeSigner(when).sign(FORM_TIME_VALUE).decode()


def seconds_since(token: str | None) -> float | None:
    """Return how long ago a form token was made, or None if it is missing or not ours."""
    if not token:
        return None
    try:
        _, signed_at = _FormTimeSigner().unsign(token, return_timestamp=True)
    except BadSignature:
        return None
    return time.time() - signed_at.timestamp()


def refuse_bots(honeypot: str | None, token: str | None) -> None:
    """Refuse a guest's form that fills the honeypot or comes back too quickly.

    :raises InvalidInput: with a message for the person; the form keeps their text.
    """
    if honeypot and honeypot.strip():
        raise InvalidInput(
            "Your comment looks automated, so it was not posted. If you wrote it yourself, "
            "please send it again: your text is still here."
        )
    least = current_app.config["COMMENTS_MIN_SECONDS"]
    if least <= 0:
        return
    elapsed = seconds_since(token)
    if elapsed is None or elapsed < least:
        raise InvalidInput(
            "That was quick: please check your comment and send it again.", field="body"
        )
