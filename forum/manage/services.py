"""Writing propositions in the editor: the facilitators' rules. Services flush, never commit.

create_proposition and tags_named (from forum/manage/propositions.py) are used from here
by the demo and the tests too.
"""

from dataclasses import dataclass
from datetime import datetime

from forum import audit, markup, models, permissions
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.manage.propositions import (
    create_proposition,
    flush_or_conflict,
    free_slug,
    rename,
    render_body,
    tags_named,
)
from forum.models import Proposition, PropositionRevision, PropositionStatus, User, Workstream

# The longest slow mode: a day between one person's comments.
MAX_SLOW_MODE_MINUTES = 1440
# What the audit log keeps of a proposition before and after each change.
AUDITED = [
    "title",
    "slug",
    "status",
    "published_at",
    "tags",
    "comments_open",
    "close_comments_after_days",
    "slow_mode_minutes",
]
# The audit action for a save that moves a proposition into a status.
STATUS_ACTIONS = {
    PropositionStatus.PUBLISHED: "proposition.publish",
    PropositionStatus.SCHEDULED: "proposition.schedule",
    PropositionStatus.ARCHIVED: "proposition.archive",
}


@dataclass(frozen=True)
class PropositionFields:
    """What a facilitator writes in the editor, as plain values.

    ``publish_at`` (aware) is only read for a scheduled proposition.
    """

    title: str
    body: str = ""
    slug: str = ""
    tags: tuple[str, ...] = ()
    status: PropositionStatus = PropositionStatus.DRAFT
    publish_at: datetime | None = None
    comments_open: bool = True
    close_comments_after_days: int | None = None
    # Slow mode: each person may comment once in this many minutes (None: off).
    slow_mode_minutes: int | None = None


def write_proposition(
    workstream: Workstream, author: User, fields: PropositionFields, *, now: datetime | None = None
) -> Proposition:
    """Write a new proposition from the editor and record it in the audit log.

    Rules: only the workstream's facilitators and admins may; those of
    create_proposition; only a draft may have no text; a scheduled proposition
    needs a time in the future; only a published proposition can be archived;
    slow mode is off or 1 to 1440 minutes.

    :raises NotAllowed: if the author may not write in this workstream.
    :raises InvalidInput: with ``field`` naming what to fix.
    :raises Conflict: if the slug is taken in the workstream.
    """
    now = now or models.utcnow()
    if not permissions.can_facilitate(author, workstream):
        raise NotAllowed("Only this workstream's facilitators can write propositions here.")
    _check_text(fields)
    slow_mode = _slow_mode(fields)
    proposition = create_proposition(
        workstream,
        author,
        fields.title,
        fields.body,
        slug=fields.slug,
        tags=list(fields.tags),
        status=fields.status,
        published_at=_publishing_time(fields, None, now),
        comments_open=fields.comments_open,
        close_comments_after_days=fields.close_comments_after_days,
    )
    proposition.slow_mode_minutes = slow_mode
    db.session.flush()
    after = audit.snapshot(proposition, AUDITED)
    summary = f"Wrote “{proposition.title}”"
    audit.record(author, "proposition.create", proposition, summary, None, after)
    return proposition


def update_proposition(
    proposition: Proposition,
    editor: User,
    fields: PropositionFields,
    *,
    now: datetime | None = None,
) -> Proposition:
    """Save an edit of a proposition (its tags loaded) and record it in the audit log.

    Rules: those of write_proposition; the workstream never changes; a new slug
    is free in the workstream and the old one keeps redirecting; when a
    proposition readers can see changes its title or text, the text before the
    edit is kept as a revision and the proposition is marked as updated.

    :raises NotAllowed: if the editor may not edit this proposition.
    :raises InvalidInput: with ``field`` naming what to fix.
    :raises Conflict: if the slug is taken in the workstream.
    """
    now = now or models.utcnow()
    _check_allowed(editor, proposition)
    _check_text(fields)
    slow_mode = _slow_mode(fields)
    before = audit.snapshot(proposition, AUDITED)
    published_at = _publishing_time(fields, proposition.published_at, now)
    slug = free_slug(proposition.workstream_id, fields.slug, fields.title, proposition.id)
    body_html = render_body(fields.body)
    title = fields.title.strip()
    if proposition.is_public(now) and (title, fields.body) != (proposition.title, proposition.body):
        _keep_revision(proposition, editor, now)
    rename(proposition, slug)
    proposition.title = title
    proposition.body = fields.body
    proposition.body_html = body_html
    proposition.summary = markup.excerpt(body_html, 300)
    proposition.tags = tags_named(list(fields.tags))
    proposition.comments_open = fields.comments_open
    proposition.close_comments_after_days = fields.close_comments_after_days
    proposition.slow_mode_minutes = slow_mode
    action = _status_action(proposition, fields.status, published_at)
    proposition.status = fields.status
    proposition.published_at = published_at
    flush_or_conflict()
    after = audit.snapshot(proposition, AUDITED)
    audit.record(editor, action, proposition, f"Edited “{title}”", before, after)
    return proposition


def publish_proposition(
    proposition: Proposition, editor: User, *, now: datetime | None = None
) -> None:
    """Publish a proposition (its tags loaded) now: a draft, a scheduled or an archived one.

    Rules: only its workstream's facilitators and admins may; it needs its text;
    a proposition that was already public keeps its publishing date; publishing
    a published one changes nothing.

    :raises NotAllowed: if the editor may not edit this proposition.
    :raises InvalidInput: if the proposition has no text.
    """
    now = now or models.utcnow()
    _check_allowed(editor, proposition)
    if proposition.status == PropositionStatus.PUBLISHED and proposition.is_public(now):
        return
    if not proposition.body.strip():
        raise InvalidInput("Write the proposition's text before you publish it.", field="body")
    _set_status(proposition, editor, PropositionStatus.PUBLISHED, now)


def archive_proposition(
    proposition: Proposition, editor: User, *, now: datetime | None = None
) -> None:
    """Archive a proposition (its tags loaded): still readable, comments closed, a notice.

    Rules: only its workstream's facilitators and admins may; only a proposition
    readers can see can be archived; archiving an archived one changes nothing.

    :raises NotAllowed: if the editor may not edit this proposition.
    :raises InvalidInput: if the proposition has not been published.
    """
    now = now or models.utcnow()
    _check_allowed(editor, proposition)
    if proposition.status == PropositionStatus.ARCHIVED:
        return
    if not proposition.is_public(now):
        raise InvalidInput("Only a published proposition can be archived.", field="status")
    _set_status(proposition, editor, PropositionStatus.ARCHIVED, now)


def preview_proposition(body: str) -> str:
    """Render a proposition's text exactly as saving would, without saving anything.

    :raises InvalidInput: if the text is empty or too long.
    """
    if not body or not body.strip():
        raise InvalidInput("Write some text to preview.", field="body")
    return render_body(body)


def _set_status(
    proposition: Proposition, editor: User, status: PropositionStatus, now: datetime
) -> None:
    """Move a proposition to a public status and record it."""
    before = audit.snapshot(proposition, AUDITED)
    current = proposition.published_at
    proposition.status = status
    proposition.published_at = current if current is not None and current <= now else now
    flush_or_conflict()
    after = audit.snapshot(proposition, AUDITED)
    summary = f"{status.value.capitalize()} “{proposition.title}”"
    audit.record(editor, STATUS_ACTIONS[status], proposition, summary, before, after)


def _slow_mode(fields: PropositionFields) -> int | None:
    """Return the slow mode's minutes, 1 to MAX_SLOW_MODE_MINUTES, or None for off.

    :raises InvalidInput: if the minutes are out of range.
    """
    minutes = fields.slow_mode_minutes
    if minutes is not None and not 1 <= minutes <= MAX_SLOW_MODE_MINUTES:
        raise InvalidInput(
            f"Enter the number of minutes as a whole number from 1 to {MAX_SLOW_MODE_MINUTES}.",
            field="slow_mode_minutes",
        )
    return minutes or None


def _check_allowed(editor: User, proposition: Proposition) -> None:
    """Refuse anyone who may not edit this proposition."""
    if not permissions.can_edit_proposition(editor, proposition):
        raise NotAllowed("Only this workstream's facilitators can change its propositions.")


def _check_title(title: str) -> None:
    """Refuse a blank title."""
    if not title or not title.strip():
        raise InvalidInput("Enter a title.", field="title")


def _check_text(fields: PropositionFields) -> None:
    """Refuse a blank title, and a proposition without text that is not a draft."""
    _check_title(fields.title)
    if fields.status != PropositionStatus.DRAFT and not fields.body.strip():
        raise InvalidInput(
            "Write the proposition's text. Only a draft can be saved without it.", field="body"
        )


def _publishing_time(
    fields: PropositionFields, current: datetime | None, now: datetime
) -> datetime | None:
    """Decide when the proposition is, or will be, public; None for a draft.

    A scheduled time must be in the future, unless it is the one already stored.
    A published or archived proposition keeps a past publishing date, else it is now.
    """
    if fields.status == PropositionStatus.DRAFT:
        return None
    if fields.status == PropositionStatus.SCHEDULED:
        if fields.publish_at is None:
            raise InvalidInput("Enter the date to publish the proposition.", field="publish_date")
        if fields.publish_at <= now and fields.publish_at != current:
            raise InvalidInput(
                "The time to publish must be in the future. To publish now, choose Published.",
                field="publish_date",
            )
        return fields.publish_at
    if current is not None and current <= now:
        return current
    if fields.status == PropositionStatus.ARCHIVED:
        raise InvalidInput("Only a published proposition can be archived.", field="status")
    return now


def _status_action(
    proposition: Proposition, status: PropositionStatus, published_at: datetime | None
) -> str:
    """Name the audit action of a save: publishing, scheduling, archiving, or an update."""
    if status == proposition.status and published_at == proposition.published_at:
        return "proposition.update"
    return STATUS_ACTIONS.get(status, "proposition.update")


def _keep_revision(proposition: Proposition, editor: User, now: datetime) -> None:
    """Keep the title and text as they were before this edit."""
    db.session.add(
        PropositionRevision(
            proposition_id=proposition.id,
            editor_id=editor.id,
            title=proposition.title,
            body=proposition.body,
            created_at=now,
        )
    )
    proposition.revised_at = now
