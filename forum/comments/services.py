"""Posting and approving comments: the rules of discussion live here.

Services take models and plain values, flush and never commit.
"""

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app

from forum import database, markup, models, permissions
from forum.avatars import avatar_key
from forum.comments import rules
from forum.comments.rules import guest_suspension_notice, suspension_notice
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import (
    Comment,
    CommentStatus,
    Proposition,
    PropositionStatus,
    User,
    Workstream,
)
from forum.settings import current_settings

logger = logging.getLogger(__name__)

# Ids in a path are zero-padded so that ordering paths as text orders the thread.
PATH_DIGITS = 10


@dataclass(frozen=True)
class CommentPolicy:
    """The site's comment settings, read once per request from the config.

    ``for_workstream`` lays a workstream's own rules over them.
    """

    max_depth: int = 5
    max_chars: int = markup.MAX_SOURCE_CHARS
    max_links: int = 2
    hold_first_guest: bool = True
    hold_signed_in: bool = False
    held_words: tuple[str, ...] = ()
    blocked_words: tuple[str, ...] = ()
    # How far back a repeat of the same comment by the same person is refused. Policies
    # built in code (demo data, tests) post what they are given; the site's refuses.
    repeat_window: timedelta | None = None

    @classmethod
    def current(cls) -> "CommentPolicy":
        """Build the policy from the summit's settings and the app's configuration."""
        settings = current_settings()
        return cls(
            max_depth=settings.max_depth,
            max_chars=current_app.config["COMMENTS_MAX_CHARS"],
            max_links=settings.max_links,
            hold_first_guest=settings.hold_first_guest,
            hold_signed_in=settings.hold_signed_in,
            held_words=rules.parse_words(settings.held_words),
            blocked_words=rules.parse_words(settings.blocked_words),
            repeat_window=rules.DUPLICATE_WINDOW,
        )

    def for_workstream(self, workstream: Workstream) -> "CommentPolicy":
        """Return these rules with the workstream's own wherever it sets one (None: the site's)."""
        overrides = {}
        if workstream.held_words is not None:
            overrides["held_words"] = rules.parse_words(workstream.held_words)
        if workstream.blocked_words is not None:
            overrides["blocked_words"] = rules.parse_words(workstream.blocked_words)
        if workstream.max_links is not None:
            overrides["max_links"] = workstream.max_links
        if workstream.hold_signed_in is not None:
            overrides["hold_signed_in"] = workstream.hold_signed_in
        return replace(self, **overrides) if overrides else self


class Suspended(InvalidInput):
    """The author's account is suspended: they may read but not comment."""

    status_code = 403


@dataclass(frozen=True)
class Guest:
    """What a guest tells us about themself."""

    name: str
    email: str
    website: str | None = None


@dataclass(frozen=True)
class RenderedBody:
    """A comment's text rendered ahead of posting: the text, its HTML, and the limit it met.

    A view renders it before it reads or takes SQLite's write lock, so that other
    writers never wait for the Markdown and the sanitizer.
    """

    source: str
    html: str
    max_chars: int


def render_ahead(body: str, max_chars: int) -> RenderedBody | None:
    """Render a comment's text before posting it; None if it breaks a rule (posting says which)."""
    try:
        return RenderedBody(body, render_body(body, max_chars), max_chars)
    except InvalidInput:
        return None


def comments_are_open(proposition: Proposition, now: datetime | None = None) -> bool:
    """Whether new comments are accepted on this proposition.

    They are closed when its facilitators close them, when it is archived or its
    workstream is closed, and by themselves ``close_comments_after_days`` after
    publishing, if that is set.
    """
    days = proposition.close_comments_after_days
    published = proposition.published_at
    if (
        days
        and published is not None
        and published + timedelta(days=days) <= (now or models.utcnow())
    ):
        return False
    # Looked up by id: free when the page already loaded the workstream.
    workstream = db.session.get(Workstream, proposition.workstream_id)
    return (
        proposition.comments_open
        and proposition.status != PropositionStatus.ARCHIVED
        and workstream.is_open
    )


def post_comment(
    proposition: Proposition,
    body: str,
    policy: CommentPolicy,
    *,
    user: User | None = None,
    guest: Guest | None = None,
    parent_id: int | None = None,
    rendered: RenderedBody | None = None,
) -> Comment:
    """Add a comment or a reply to a proposition.

    Rules: comments must be open; a suspended account, or a guest whose email is
    suspended, can't comment; a comment comes from a signed-in user or a guest with a
    name and email; the body is not empty and not longer than the limit; it contains
    no blocked word and is not a repeat of one its author posted here within the
    policy's ``repeat_window`` (the site's: 10 minutes); in slow mode each person
    posts once in so many minutes; a reply answers an approved comment on the same
    proposition, and one that answers a comment at the deepest level sits beside it.
    The workstream's own rules replace the site's where it sets them. A comment is
    held as pending, with the reasons recorded, when rules.hold_reasons says so;
    facilitators' and admins' comments are published at once and are exempt from slow
    mode. Approved comments count towards the proposition's and workstream's totals.
    Concurrent posts on one proposition take turns (``database.lock_row``), so each
    sees the others when it checks for repeats and slow mode.

    ``rendered`` is the body rendered ahead by :func:`render_ahead`; it is used only
    for this very text and the policy's limit, and the body is rendered here otherwise.

    :raises InvalidInput: with ``field`` naming what to fix.
    :raises Suspended: if the author may not comment now.
    :raises TryLater: in slow mode, saying how long to wait.
    """
    if not comments_are_open(proposition):
        raise InvalidInput("Comments are closed on this proposition.", field="body")
    if (user is None) == (guest is None):
        raise ValueError("A comment needs exactly one of user or guest.")
    if user is not None and user.is_suspended():
        raise Suspended(suspension_notice(user))
    policy = policy.for_workstream(db.session.get(Workstream, proposition.workstream_id))
    body_html = _html_for(body, policy, rendered)
    comment = Comment(proposition_id=proposition.id, body=body.strip(), body_html=body_html)
    _set_author(comment, user, guest)
    database.lock_row(Proposition, proposition.id)
    moderator = user is not None and permissions.can_moderate(user, proposition)
    _check_rules(proposition, comment, policy, moderator)
    parent = _reply_target(proposition, parent_id) if parent_id else None
    # Looked up before the comment joins the session, so no query flushes it early.
    anchor = _thread_anchor(parent, policy.max_depth)

    reasons = [] if moderator else _hold_reasons(comment, body_html, user, policy)
    comment.status = CommentStatus.PENDING if reasons else CommentStatus.APPROVED
    comment.hold_reasons = reasons or None
    _set_parent(comment, parent, anchor)
    db.session.add(comment)
    db.session.flush()  # The path needs the new comment's id.
    _set_path(comment, anchor)
    if comment.status == CommentStatus.APPROVED:
        adjust_approved_count(proposition, +1)
    db.session.flush()
    return comment


def _html_for(body: str, policy: CommentPolicy, rendered: RenderedBody | None) -> str:
    """Return the body's HTML: as rendered ahead for this very text and limit, or now."""
    if rendered is not None and rendered.source == body and rendered.max_chars == policy.max_chars:
        return rendered.html
    return _render_body(body, policy)


def _check_rules(
    proposition: Proposition, comment: Comment, policy: CommentPolicy, moderator: bool
) -> None:
    """Refuse a comment from a suspended guest, with a blocked word, repeated, or too soon."""
    if comment.user_id is None:
        suspension = rules.guest_suspension(comment.author_email)
        if suspension is not None:
            raise Suspended(guest_suspension_notice(suspension))
    now = models.utcnow()
    rules.refuse_blocked_words(comment.body, policy.blocked_words)
    if policy.repeat_window:
        rules.refuse_repeat(comment, now - policy.repeat_window)
    if not moderator:
        rules.refuse_during_slow_mode(comment, proposition.slow_mode_minutes, now)


def _hold_reasons(
    comment: Comment, body_html: str, user: User | None, policy: CommentPolicy
) -> list[str]:
    """Return why a participant's comment waits for a facilitator (none: it is published)."""
    return rules.hold_reasons(
        comment,
        body_html,
        user=user,
        hold_first_guest=policy.hold_first_guest,
        hold_signed_in=policy.hold_signed_in,
        max_links=policy.max_links,
        held_words=policy.held_words,
    )


def preview_comment(body: str, policy: CommentPolicy) -> str:
    """Render a comment exactly as posting would, without saving anything.

    :raises InvalidInput: if the body is empty or too long.
    """
    return _render_body(body, policy)


def _render_body(body: str, policy: CommentPolicy) -> str:
    """Render the comment body once, refusing empty or over-long text."""
    return render_body(body, policy.max_chars)


def render_body(
    body: str, max_chars: int, *, whose: str = "Your comment", empty: str = "Enter your comment."
) -> str:
    """Render a comment's text through forum/markup, refusing empty or over-long text.

    :raises InvalidInput: on the ``body`` field, naming the text as ``whose``.
    """
    source = (body or "").strip()
    try:
        html = markup.render_comment(source, max_chars=max_chars) if source else ""
    except markup.SourceTooLong:
        raise InvalidInput(
            f"{whose} must be {max_chars:,} characters or fewer.", field="body"
        ) from None
    if not html:
        raise InvalidInput(empty, field="body")
    return html


def _reply_target(proposition: Proposition, parent_id: int) -> Comment:
    """Return the comment being answered, if it may be answered."""
    parent = db.session.get(Comment, parent_id)
    if (
        parent is None
        or parent.proposition_id != proposition.id
        or parent.status != CommentStatus.APPROVED
    ):
        raise InvalidInput(
            "The comment you are replying to is not available any more. "
            "Your reply can be posted as a new comment instead.",
            field="parent_id",
        )
    return parent


def _set_author(comment: Comment, user: User | None, guest: Guest | None) -> None:
    """Copy the author's public details onto the comment."""
    if user is not None:
        comment.user_id = user.id
        comment.author_name = user.display_name
        comment.author_website = user.website
        comment.avatar = user.avatar
        return
    name = guest.name.strip()
    email = guest.email.strip().lower()
    if not name:
        raise InvalidInput("Enter your name.", field="name")
    if not email:
        raise InvalidInput("Enter your email address.", field="email")
    website = guest.website.strip() if guest.website else None
    if website and markup.safe_website(website) is None:
        raise InvalidInput("Enter a website address that starts with https://", field="website")
    comment.author_name = name
    comment.author_email = email
    comment.author_website = markup.safe_website(website) if website else None
    comment.avatar = avatar_key(name, email)


def _thread_anchor(parent: Comment | None, max_depth: int) -> Comment | None:
    """Return the comment a reply sits under (None: it starts a thread).

    That is the comment it answers, except at the deepest level, where a reply becomes
    the answered comment's sibling.
    """
    if parent is None:
        return None
    return parent if parent.depth < max_depth else _parent_of(parent)


def _set_parent(comment: Comment, parent: Comment | None, anchor: Comment | None) -> None:
    """Set what the comment answers, where it sits, and its depth and thread if it is a reply."""
    comment.in_reply_to_id = parent.id if parent is not None else None
    if anchor is None:
        comment.depth = 1
        return
    comment.parent_id = anchor.id
    comment.depth = anchor.depth + 1
    comment.thread_id = anchor.thread_id


def _set_path(comment: Comment, anchor: Comment | None) -> None:
    """Set the saved comment's path (and its thread, if it starts one) from its new id."""
    own = str(comment.id).zfill(PATH_DIGITS)
    if anchor is None:
        comment.thread_id, comment.path = comment.id, own
        return
    comment.path = f"{anchor.path}/{own}"


def _parent_of(comment: Comment) -> Comment | None:
    """Return the comment's parent in the thread, if it has one."""
    return db.session.get(Comment, comment.parent_id) if comment.parent_id else None


def adjust_approved_count(proposition: Proposition, delta: int) -> None:
    """Keep the approved-comment totals of the proposition and its workstream in step."""
    # Computed in SQL so that concurrent writers never lose an increment; the proposition
    # first, then its workstream, in every transaction, so that writers queue, never deadlock.
    proposition_count, workstream_count = _count_updates()
    db.session.execute(proposition_count, {"proposition_id": proposition.id, "delta": delta})
    db.session.execute(
        workstream_count, {"workstream_id": proposition.workstream_id, "delta": delta}
    )
    db.session.expire(proposition, ["comment_count"])


@cache
def _count_updates() -> tuple[sa.Update, sa.Update]:
    """Build, once, the statements that add ``delta`` to the two totals."""
    delta = sa.bindparam("delta")
    return (
        sa.update(Proposition)
        .where(Proposition.id == sa.bindparam("proposition_id"))
        .values(comment_count=Proposition.comment_count + delta),
        sa.update(Workstream)
        .where(Workstream.id == sa.bindparam("workstream_id"))
        .values(comment_count=Workstream.comment_count + delta),
    )
