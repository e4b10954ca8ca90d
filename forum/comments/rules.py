"""The rules a new comment meets when it is posted: words, links, repeats, slow mode, suspensions.

They run once, when someone posts, and never when a page is read. Each takes models
and plain values: the checks raise a domain exception from forum/errors.py with a
message for the person posting; ``hold_reasons`` says, in words a facilitator reads in
the queue, why a comment waits for them.

Words and phrases (held or blocked) match whole words in the comment's Markdown source,
whatever their case: "casino" matches "Casino!" and "CASINO" but not "casinos"; a phrase
matches with any spaces or line breaks between its words.
"""

import re
from datetime import datetime, timedelta
from functools import cache, lru_cache

import sqlalchemy as sa

from forum import markup, models
from forum.errors import InvalidInput, TryLater, wait_in_words
from forum.extensions import db
from forum.helpers import format_datetime
from forum.models import Comment, CommentStatus, Suspension, User

# A comment the same person posted on the same proposition this recently is a repeat.
DUPLICATE_WINDOW = timedelta(minutes=10)
# The longest word or phrase in a list; the longest list.
MAX_WORD_CHARS = 100
MAX_WORDS_CHARS = 5000


def parse_words(text: str | None) -> tuple[str, ...]:
    """Read a list of words or phrases, one a line: trimmed, without blanks or repeats."""
    words: dict[str, str] = {}
    for line in (text or "").splitlines():
        word = " ".join(line.split())
        if word:
            words.setdefault(word.casefold(), word)
    return tuple(words.values())


def clean_words(text: str | None, field: str) -> str | None:
    """Return a list of words as stored: one a line, or None when there are none.

    :raises InvalidInput: naming ``field`` if a word or the whole list is too long.
    """
    words = parse_words(text)
    too_long = next((word for word in words if len(word) > MAX_WORD_CHARS), None)
    if too_long is not None:
        raise InvalidInput(
            f"Each word or phrase must be {MAX_WORD_CHARS} characters or fewer. "
            f"Shorten “{too_long[:30]}…”.",
            field=field,
        )
    stored = "\n".join(words)
    if len(stored) > MAX_WORDS_CHARS:
        raise InvalidInput(f"Use {MAX_WORDS_CHARS:,} characters or fewer in all.", field=field)
    return stored or None


@lru_cache(maxsize=128)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Compile one pattern that finds any of the words, longest first, as whole words."""
    ordered = sorted(words, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def find_words(text: str, words: tuple[str, ...]) -> list[str]:
    """Return the words or phrases from the list that the text contains, as the list spells them."""
    if not words or not text:
        return []
    spelled = {" ".join(word.casefold().split()): word for word in words}
    found: dict[str, None] = {}
    for match in _word_pattern(words).finditer(text):
        word = spelled.get(" ".join(match.group(0).casefold().split()))
        if word is not None:
            found.setdefault(word)
    return list(found)


def refuse_blocked_words(body: str, blocked: tuple[str, ...]) -> None:
    """Refuse a comment that contains a blocked word, saying which one.

    :raises InvalidInput: on the comment box.
    """
    found = find_words(body, blocked)
    if found:
        listed = " and ".join(f"“{word}”" for word in found[:3])
        raise InvalidInput(
            f"Your comment contains {listed}, which this discussion does not allow. "
            "Change your comment, then send it again.",
            field="body",
        )


# The queries below run on every post, inside the write transaction: each is built once,
# with its values bound when it runs, which saves building and caching it each time.
# ``by_account`` picks the author's account or, for a guest, their email.


def _same_author(by_account: bool) -> sa.ColumnElement[bool]:
    """SQL condition: comments by the author bound as ``user_id`` or ``author_email``."""
    if by_account:
        return Comment.user_id == sa.bindparam("user_id")
    return sa.and_(Comment.user_id.is_(None), Comment.author_email == sa.bindparam("author_email"))


def _author_of(comment: Comment) -> tuple[bool, dict]:
    """Return whether this (unsaved) comment's author has an account, and what names them."""
    if comment.user_id is not None:
        return True, {"user_id": comment.user_id}
    return False, {"author_email": comment.author_email}


@cache
def _repeat_query(by_account: bool) -> sa.Select:
    """Build the query for the same text by the same author on a proposition since a time."""
    return (
        sa.select(Comment.id)
        .where(
            Comment.proposition_id == sa.bindparam("proposition_id"),
            _same_author(by_account),
            Comment.body == sa.bindparam("body"),
            Comment.created_at >= sa.bindparam("since"),
            Comment.status != CommentStatus.DELETED,
        )
        .limit(1)
    )


def refuse_repeat(comment: Comment, since: datetime) -> None:
    """Refuse a comment its author already posted on this proposition since a time.

    The same author means the same account, or the same guest email; the same comment
    means the same text once spaces at either end are trimmed. A comment its author has
    since deleted does not count.

    :raises InvalidInput: on the comment box.
    """
    by_account, author = _author_of(comment)
    values = {"proposition_id": comment.proposition_id, "body": comment.body, "since": since}
    if db.session.scalar(_repeat_query(by_account), {**values, **author}) is not None:
        raise InvalidInput(
            "You posted this same comment a few minutes ago, so it was not posted again. "
            "If you can't see it yet, it is waiting for a facilitator to check it.",
            field="body",
        )


def refuse_during_slow_mode(comment: Comment, minutes: int | None, now: datetime) -> None:
    """Refuse a second comment by the same person within a proposition's slow-mode minutes.

    Every comment they posted on the proposition counts, whatever became of it.

    :raises TryLater: saying how long to wait.
    """
    if not minutes:
        return
    by_account, author = _author_of(comment)
    values = {"proposition_id": comment.proposition_id, **author}
    last = db.session.scalar(_latest_query(by_account), values)
    if last is None:
        return
    wait = (last + timedelta(minutes=minutes) - now).total_seconds()
    if wait > 0:
        every = "minute" if minutes == 1 else f"{minutes} minutes"
        raise TryLater(
            f"Slow mode is on for this discussion: each person can post one comment every "
            f"{every}. You can post again in {wait_in_words(wait)}. Your comment is still "
            "here, so you can send it then.",
            retry_after=int(wait) + 1,
        )


@cache
def _latest_query(by_account: bool) -> sa.Select:
    """Build the query for when an author last commented on a proposition."""
    return (
        sa.select(Comment.created_at)
        .where(Comment.proposition_id == sa.bindparam("proposition_id"), _same_author(by_account))
        .order_by(Comment.created_at.desc())
        .limit(1)
    )


def suspension_notice(user: User) -> str:
    """Tell a suspended person, in plain words, why they can't comment and until when."""
    if user.suspended_until is None or user.suspended_until >= models.INDEFINITELY:
        when = "Your account is suspended, so you can't comment for now."
    else:
        when = (
            f"Your account is suspended until {format_datetime(user.suspended_until)}, "
            "so you can't comment until then."
        )
    reason = f" The reason given: {user.suspension_reason}" if user.suspension_reason else ""
    return f"{when}{reason} You can still read every discussion."


def guest_suspension_notice(suspension: Suspension) -> str:
    """Tell a guest whose email is suspended why they can't comment, and until when."""
    if suspension.ends_at is None or suspension.ends_at >= models.INDEFINITELY:
        when = "Comments from your email address are suspended, so you can't comment for now."
    else:
        when = (
            "Comments from your email address are suspended until "
            f"{format_datetime(suspension.ends_at)}, so you can't comment until then."
        )
    reason = f" The reason given: {suspension.reason}" if suspension.reason else ""
    return f"{when}{reason} You can still read every discussion."


@cache
def _suspension_query() -> sa.Select:
    """Build the query for the suspension in force for an email address, the longest first."""
    return (
        sa.select(Suspension)
        .where(
            sa.func.lower(Suspension.email) == sa.bindparam("email"),
            Suspension.lifted_at.is_(None),
            sa.or_(Suspension.ends_at.is_(None), Suspension.ends_at > sa.bindparam("now")),
        )
        .order_by(Suspension.ends_at.is_(None).desc(), Suspension.ends_at.desc())
        .limit(1)
    )


def guest_suspension(email: str, now: datetime | None = None) -> Suspension | None:
    """Return the suspension in force for a guest's email address, the longest first, if any."""
    values = {"email": email.strip().lower(), "now": now or models.utcnow()}
    return db.session.scalar(_suspension_query(), values)


@cache
def _approved_query(by_account: bool) -> sa.Select:
    """Build the query for any approved comment by an author."""
    return (
        sa.select(Comment.id)
        .where(_same_author(by_account), Comment.status == CommentStatus.APPROVED)
        .limit(1)
    )


def _has_approved_comment(comment: Comment) -> bool:
    """Whether a facilitator has approved a comment by this comment's author before."""
    by_account, author = _author_of(comment)
    return db.session.scalar(_approved_query(by_account), author) is not None


def _plural(number: int, word: str) -> str:
    """Return "1 link" or "3 links"."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def hold_reasons(
    comment: Comment,
    body_html: str,
    *,
    user: User | None,
    hold_first_guest: bool,
    hold_signed_in: bool,
    max_links: int,
    held_words: tuple[str, ...],
) -> list[str]:
    """Return why a new comment must wait for a facilitator; an empty list publishes it.

    Held: a guest's first comment (until one from their email is approved), if the
    site holds them; a signed-in participant's first comment, if the site or the
    workstream holds them; more links than allowed; any held word. (Facilitators'
    and admins' own comments never reach here.)
    """
    reasons = []
    if user is None and hold_first_guest and not _has_approved_comment(comment):
        reasons.append("first comment from this email")
    if user is not None and hold_signed_in and not _has_approved_comment(comment):
        reasons.append("first comment from this account")
    links = markup.count_links(body_html)
    if links > max_links:
        reasons.append(f"{_plural(links, 'link')} (more than {max_links})")
    reasons += [f"held word “{word}”" for word in find_words(comment.body, held_words)]
    return reasons
