"""The append-only audit log of changes made in the workspace.

Entries are only ever added: nothing in the application updates or deletes one.
"""

import enum
from datetime import datetime

from forum.extensions import db
from forum.models import AuditEntry, User


def snapshot(obj: object, names: list[str]) -> dict:
    """Return the named attributes of a model as JSON-safe values."""
    return {name: _plain(getattr(obj, name)) for name in names}


def record(
    actor: User | None,
    action: str,
    target: object,
    summary: str,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Add an entry: who did what to which thing, with its values before and after."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=getattr(target, "id", None),
        summary=summary[:300],
        before=before,
        after=after,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _plain(value: object) -> object:
    """Turn a model value into something JSON can hold."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "name") and hasattr(value, "id"):  # e.g. a Tag
        return value.name
    return value
