"""Read queries for the workspace, and the comparison of a proposition's versions."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from forum import models
from forum.extensions import db
from forum.models import (
    MAX_ID,
    Comment,
    CommentStatus,
    Proposition,
    PropositionStatus,
    User,
    Workstream,
)

# The dashboard's groups, in the order it shows them.
STAGES = (
    PropositionStatus.DRAFT,
    PropositionStatus.SCHEDULED,
    PropositionStatus.PUBLISHED,
    PropositionStatus.ARCHIVED,
)
# A word with the spaces after it, or the spaces at the start of the text.
_WORDS_RE = re.compile(r"\S+\s*|\s+")


def stage(proposition: Proposition, now: datetime | None = None) -> PropositionStatus:
    """Say where a proposition stands now: a scheduled one whose time has come is published."""
    if proposition.status == PropositionStatus.SCHEDULED and proposition.is_public(
        now or models.utcnow()
    ):
        return PropositionStatus.PUBLISHED
    return proposition.status


@dataclass
class Dashboard:
    """A facilitator's workstreams and their propositions grouped by stage."""

    workstreams: list[Workstream]
    groups: dict[PropositionStatus, list[Proposition]]
    pending: dict[int, int] = field(default_factory=dict)


def dashboard(user: User, now: datetime | None = None) -> Dashboard:
    """Return the workstreams a person runs (all, for an admin) and their propositions.

    Drafts come newest change first, scheduled ones soonest first, the rest newest first.
    """
    now = now or models.utcnow()
    workstreams = _workstreams_run_by(user)
    query = (
        sa.select(Proposition)
        .where(Proposition.workstream_id.in_([ws.id for ws in workstreams]))
        .options(joinedload(Proposition.workstream))
        .order_by(Proposition.updated_at.desc(), Proposition.id.desc())
    )
    propositions = list(db.session.scalars(query))
    groups: dict[PropositionStatus, list[Proposition]] = {name: [] for name in STAGES}
    for proposition in propositions:
        groups[stage(proposition, now)].append(proposition)
    groups[PropositionStatus.SCHEDULED].sort(key=lambda p: p.published_at)
    for name in (PropositionStatus.PUBLISHED, PropositionStatus.ARCHIVED):
        groups[name].sort(key=lambda p: p.published_at, reverse=True)
    return Dashboard(workstreams, groups, pending_counts([p.id for p in propositions]))


def pending_counts(proposition_ids: list[int]) -> dict[int, int]:
    """Return how many comments await moderation on each of these propositions."""
    if not proposition_ids:
        return {}
    query = (
        sa.select(Comment.proposition_id, sa.func.count(Comment.id))
        .where(
            Comment.proposition_id.in_(proposition_ids),
            Comment.status == CommentStatus.PENDING,
        )
        .group_by(Comment.proposition_id)
    )
    return dict(db.session.execute(query).all())


def _workstreams_run_by(user: User) -> list[Workstream]:
    """Return the workstreams this person runs, in order: every one for an admin."""
    query = sa.select(Workstream).order_by(Workstream.number, Workstream.title)
    if not user.is_admin:
        query = query.where(Workstream.id.in_([ws.id for ws in user.facilitated_workstreams]))
    return list(db.session.scalars(query))


def proposition_for_editor(proposition_id: int) -> Proposition | None:
    """Return any proposition (drafts too) with its workstream and tags, for the editor."""
    if not 0 < proposition_id <= MAX_ID:
        return None
    query = (
        sa.select(Proposition)
        .where(Proposition.id == proposition_id)
        .options(joinedload(Proposition.workstream), selectinload(Proposition.tags))
    )
    return db.session.scalar(query)


def workstream_by_slug(slug: str) -> Workstream | None:
    """Return the workstream with this slug, if there is one."""
    return db.session.scalar(sa.select(Workstream).where(Workstream.slug == slug))


@dataclass(frozen=True)
class Change:
    """A piece of text in a comparison: the same in both versions, added, or removed."""

    kind: str  # "same", "added" or "removed"
    text: str


def compare_texts(old: str, new: str) -> list[list[Change]]:
    """Compare two versions of a text; return its lines, each a list of changes.

    Lines are matched first, then the words of the lines that changed, so a long
    text with a few edits compares quickly and reads naturally.
    """
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            changes.append(Change("same", before))
        elif op == "replace":
            changes.extend(_compare_words(before, after))
        else:
            changes.append(Change("removed" if op == "delete" else "added", before or after))
    return _split_lines(_merge(changes))


def has_changes(lines: list[list[Change]]) -> bool:
    """Whether a comparison found anything added or removed."""
    return any(change.kind != "same" for line in lines for change in line)


def _compare_words(old: str, new: str) -> list[Change]:
    """Compare two pieces of text word by word."""
    old_words, new_words = _WORDS_RE.findall(old), _WORDS_RE.findall(new)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(Change("same", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("removed", "".join(old_words[i1:i2])))
        if j2 > j1:
            changes.append(Change("added", "".join(new_words[j1:j2])))
    return changes


def _merge(changes: list[Change]) -> list[Change]:
    """Join neighbouring pieces of the same kind, so each change is read out once."""
    merged: list[Change] = []
    for change in changes:
        if not change.text:
            continue
        if merged and merged[-1].kind == change.kind:
            merged[-1] = Change(change.kind, merged[-1].text + change.text)
        else:
            merged.append(change)
    return merged


def _split_lines(changes: list[Change]) -> list[list[Change]]:
    """Break the changes into display lines at the text's own line breaks."""
    lines: list[list[Change]] = [[]]
    for change in changes:
        for number, part in enumerate(change.text.split("\n")):
            if number:
                lines.append([])
            if part.strip("\r"):
                lines[-1].append(Change(change.kind, part.rstrip("\r")))
    if not lines[-1] and len(lines) > 1:
        lines.pop()
    return lines
