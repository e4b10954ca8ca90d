"""Running the summit: workstreams, facilitators and people's roles (admins only).

Every change is written to the audit log. Services flush, never commit.
"""

import sqlalchemy as sa
from slugify import slugify
from sqlalchemy.exc import IntegrityError

from forum import markup
from forum.admin.settings_services import (
    WORKSTREAM_RULES,
    WorkstreamRules,
    workstream_rule_values,
)
from forum.audit import record, snapshot
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from forum.models import Role, User, Workstream, workstream_facilitators

# What the audit log keeps of a workstream before and after a change.
WORKSTREAM_FIELDS = [
    "title",
    "slug",
    "number",
    "summary",
    "description",
    "is_open",
    *WORKSTREAM_RULES,
]
NUMBER_MIN, NUMBER_MAX = 1, 999
TITLE_MAX, SUMMARY_MAX, SLUG_MAX = 200, 300, 80


def create_workstream(
    title: str,
    slug: str,
    number: int,
    description: str = "",
    *,
    summary: str = "",
    is_open: bool = True,
    rules: WorkstreamRules | None = None,
    actor: User | None = None,
) -> Workstream:
    """Create a workstream and record it in the audit log.

    Rules: see _workstream_values and workstream_rule_values (no ``rules``: the site's);
    ``actor`` is None for set-up commands and demo data.

    :raises InvalidInput: if the title, address, number, description or a rule is not usable.
    :raises Conflict: if another workstream has the address or the number.
    """
    values = _workstream_values(None, title, slug, number, summary, description, is_open)
    values.update(workstream_rule_values(rules or WorkstreamRules()))
    workstream = Workstream(**values)
    db.session.add(workstream)
    _flush_workstream()
    record(
        actor,
        "workstream.create",
        workstream,
        f"Created workstream Proposition {workstream.number}: {workstream.title}",
        None,
        snapshot(workstream, WORKSTREAM_FIELDS),
    )
    return workstream


def update_workstream(
    workstream: Workstream,
    actor: User | None,
    *,
    title: str,
    slug: str,
    number: int,
    summary: str,
    description: str,
    is_open: bool,
    rules: WorkstreamRules | None = None,
) -> list[str]:
    """Change a workstream and return the names of the fields that changed.

    Rules: as for create_workstream; without ``rules`` its comment rules stay as they
    are; a change that changes nothing is not recorded.

    :raises InvalidInput: if the title, address, number, description or a rule is not usable.
    :raises Conflict: if another workstream has the address or the number.
    """
    values = _workstream_values(workstream, title, slug, number, summary, description, is_open)
    if rules is not None:
        values.update(workstream_rule_values(rules))
    before = snapshot(workstream, WORKSTREAM_FIELDS)
    changed = [
        name for name in WORKSTREAM_FIELDS if name in values and before[name] != values[name]
    ]
    if not changed:
        return []
    for name, value in values.items():
        setattr(workstream, name, value)
    _flush_workstream()
    record(
        actor,
        "workstream.update",
        workstream,
        f"Changed {', '.join(changed)} of workstream “{workstream.title}”",
        {name: before[name] for name in changed},
        {name: values[name] for name in changed},
    )
    return changed


def move_workstream(workstream: Workstream, direction: str, actor: User | None) -> Workstream:
    """Swap a workstream's number with its neighbour's above or below; return the neighbour.

    Rules: the order is by number; the first can't go up nor the last down.

    :raises InvalidInput: if the direction is not "up" or "down".
    :raises Conflict: if there is no workstream on that side.
    """
    if direction not in ("up", "down"):
        raise InvalidInput("Choose to move the workstream up or down.")
    order = list(
        db.session.scalars(
            sa.select(Workstream).order_by(Workstream.number, Workstream.title, Workstream.id)
        )
    )
    place = order.index(workstream) + (-1 if direction == "up" else 1)
    if not 0 <= place < len(order):
        where = "first" if direction == "up" else "last"
        raise Conflict(f"“{workstream.title}” is already {where}, so it can't move {direction}.")
    neighbour = order[place]
    pairs = [(workstream, neighbour.number), (neighbour, workstream.number)]
    for moved, number in pairs:
        record(
            actor,
            "workstream.move",
            moved,
            f"Moved “{moved.title}” from Proposition {moved.number} to Proposition {number}",
            {"number": moved.number},
            {"number": number},
        )
    for moved, number in pairs:
        moved.number = number
    db.session.flush()
    return neighbour


def add_facilitator(workstream: Workstream, user: User, actor: User | None = None) -> bool:
    """Make a person a facilitator of a workstream; return False if they already were.

    Rules: doing it twice changes nothing and records nothing.
    """
    if workstream in user.facilitated_workstreams:
        return False
    before = _facilitator_names(workstream)
    user.facilitated_workstreams.append(workstream)
    db.session.flush()
    record(
        actor,
        "facilitator.add",
        workstream,
        f"Made {user.display_name} a facilitator of “{workstream.title}”",
        {"facilitators": before},
        {"facilitators": _facilitator_names(workstream)},
    )
    return True


def add_facilitator_by_email(workstream: Workstream, email: str, actor: User | None) -> User:
    """Make the person with this email address a facilitator of a workstream.

    :raises InvalidInput: if no account uses the address.
    :raises Conflict: if they already facilitate the workstream.
    """
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise InvalidInput(
            "No account uses this email address. Ask the person to create an account first.",
            field="email",
        )
    if not add_facilitator(workstream, user, actor):
        raise Conflict(f"{user.display_name} already facilitates this workstream.", field="email")
    return user


def remove_facilitator(workstream: Workstream, user: User, actor: User | None) -> None:
    """Stop a person facilitating a workstream.

    :raises Conflict: if they do not facilitate it.
    """
    if workstream not in user.facilitated_workstreams:
        raise Conflict(f"{user.display_name} does not facilitate “{workstream.title}”.")
    before = _facilitator_names(workstream)
    user.facilitated_workstreams.remove(workstream)
    db.session.flush()
    record(
        actor,
        "facilitator.remove",
        workstream,
        f"Removed {user.display_name} as a facilitator of “{workstream.title}”",
        {"facilitators": before},
        {"facilitators": _facilitator_names(workstream)},
    )


def change_role(user: User, role: Role, actor: User | None) -> bool:
    """Make a person an admin or a participant; return False if that is what they were.

    Rules: the summit always keeps at least one admin, so the last admin can't be
    made a participant, by themself or anyone. The admins' rows are locked while
    counting, so two admins demoting each other at once can't both succeed.

    :raises Conflict: if the change would leave the summit without an admin.
    """
    if user.role == role:
        return False
    if user.role == Role.ADMIN:
        admins = db.session.scalars(
            sa.select(User.id).where(User.role == Role.ADMIN).with_for_update()
        ).all()
        if len(admins) <= 1:
            who = (
                "You are"
                if actor is not None and actor.id == user.id
                else f"{user.display_name} is"
            )
            raise Conflict(
                f"{who} the only admin. Make someone else an admin first, so the summit "
                "always has one.",
                field="role",
            )
    before = {"role": user.role.value}
    user.role = role
    db.session.flush()
    record(
        actor,
        "person.role",
        user,
        f"Made {user.display_name} {'an admin' if role == Role.ADMIN else 'a participant'}",
        before,
        {"role": role.value},
    )
    return True


def _workstream_values(
    workstream: Workstream | None,
    title: str,
    slug: str,
    number: int,
    summary: str,
    description: str,
    is_open: bool,
) -> dict:
    """Check a workstream's values and return them as stored.

    Rules: the title is not blank; the address (made from the title if blank) is
    URL-safe and used by no other workstream; the number is 1–999 and used by no
    other workstream; the description's Markdown is rendered once, now.
    """
    title, summary = title.strip(), " ".join(summary.split())
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput(f"Enter a title of up to {TITLE_MAX} characters.", field="title")
    slug = slugify(slug or title, max_length=SLUG_MAX)
    if not slug:
        raise InvalidInput("Enter a web address using letters or numbers.", field="slug")
    if len(summary) > SUMMARY_MAX:
        raise InvalidInput(f"The summary must be {SUMMARY_MAX} characters or fewer.", "summary")
    if not NUMBER_MIN <= number <= NUMBER_MAX:
        raise InvalidInput(f"Enter a number from {NUMBER_MIN} to {NUMBER_MAX}.", field="number")
    others = sa.select(Workstream)
    if workstream is not None:
        others = others.where(Workstream.id != workstream.id)
    if db.session.scalar(others.where(Workstream.slug == slug)) is not None:
        raise Conflict("Another workstream already uses this web address.", field="slug")
    clash = db.session.scalar(others.where(Workstream.number == number))
    if clash is not None:
        raise Conflict(
            f"“{clash.title}” is already Proposition {number}. Choose another number.",
            field="number",
        )
    try:
        description_html = markup.render_proposition(description)
    except markup.SourceTooLong:
        raise InvalidInput(
            f"The description must be {markup.MAX_PROPOSITION_CHARS:,} characters or fewer.",
            field="description",
        ) from None
    return {
        "title": title,
        "slug": slug,
        "number": number,
        "summary": summary,
        "description": description,
        "description_html": description_html,
        "is_open": is_open,
    }


def _flush_workstream() -> None:
    """Flush a new or changed workstream, turning a lost race for its address into Conflict."""
    try:
        # A nested transaction keeps the caller's session usable if the write fails.
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise Conflict("Another workstream already uses this web address.", field="slug") from None


def _facilitator_names(workstream: Workstream) -> list[str]:
    """Return the names of a workstream's facilitators, as the audit log keeps them."""
    query = (
        sa.select(User.display_name, User.email)
        .join(workstream_facilitators, workstream_facilitators.c.user_id == User.id)
        .where(workstream_facilitators.c.workstream_id == workstream.id)
        .order_by(User.display_name)
    )
    return [f"{name} ({email})" for name, email in db.session.execute(query)]
