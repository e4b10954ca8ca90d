"""The versions a cached copy is checked against, and the listeners that bump them.

A proposition's ``cache_version`` and the site's ``SiteSettings.version`` live in the
database and are bumped in SQL, in the same transaction as the change, by the session
listeners below: any new, changed or deleted comment or proposition bumps its
proposition; anything else a page shows (settings, workstreams, tags, people's public
names, facilitators) bumps the site. Rows that never show on a cached page
(``PRIVATE_MODELS``) bump nothing.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum import models
from forum.models import (
    AuditEntry,
    Comment,
    CommentDraft,
    CommentRevision,
    Identity,
    ModerationAction,
    Proposition,
    PropositionRevision,
    PropositionSlug,
    Report,
    ReviewRequest,
    SiteSettings,
    Suspension,
    User,
)
from forum.pagecache.stores import Entry

# A proposition's id and version, the site's version, and what says whether it is public
# and when comments close by themselves, for a page or for the thread.
VERSIONS = (
    "SELECT p.id, p.cache_version, "
    "(SELECT s.version FROM site_settings s WHERE s.id = 1), "
    "p.published_at, p.close_comments_after_days, p.status "
)
PROPOSITION_VERSIONS = (
    VERSIONS + "FROM propositions p JOIN workstreams w ON w.id = p.workstream_id "
    "WHERE w.slug = {0} AND p.slug = {0}"
)
THREAD_VERSIONS = VERSIONS + "FROM propositions p WHERE p.id = {0}"


@dataclass(frozen=True)
class Candidate:
    """A request the cache could answer: what it is, and the versions read for it."""

    key: str
    kind: str  # "page" or "thread"
    versions: tuple[int, int, int]
    # When comments close by themselves (seconds since the epoch), if they will.
    closes_at: float | None = None

    def is_fresh(self, entry: Entry, now: float, ttl: int) -> bool:
        """Whether a stored entry shows what this request would: same versions, young enough.

        A page rendered before comments closed by themselves still has the form, so
        it is stale once that time has passed.
        """
        if entry.versions != self.versions or now - entry.stored_at > ttl:
            return False
        return self.closes_at is None or not entry.stored_at < self.closes_at <= now

    @property
    def etag(self) -> str:
        """The entity tag of the JSON thread at these versions."""
        return "v{}.{}.{}".format(*self.versions)

    @property
    def store_key(self) -> str:
        """Where its entry is kept: with the versions, so an entry never changes under a key."""
        return f"{self.key} {self.etag}"

    @classmethod
    def of_public(cls, key: str, kind: str, row, at: float) -> "Candidate | None":
        """Read a row of VERSIONS; None if the proposition is not public (Flask answers 404)."""
        proposition_id, version, site_version, published_at, days, status = row
        published = _seconds(published_at)
        if status not in PUBLIC_STATUS_VALUES or published is None or published > at:
            return None
        closes_at = published + days * 86400 if days else None
        return cls(key, kind, (proposition_id, version, site_version or 0), closes_at)


PUBLIC_STATUS_VALUES = frozenset(status.value for status in models.PUBLIC_STATUSES)


def now() -> float:
    """Return the time as the app's clock has it (tests stop it), in seconds since the epoch."""
    return models.utcnow().timestamp()


def _seconds(value) -> float | None:
    """Return a stored UTC time from a raw row (text on SQLite) as seconds since the epoch."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC).timestamp()


# Rows that never show on a cached page: changing them leaves every version alone.
PRIVATE_MODELS = (
    AuditEntry,
    CommentDraft,
    CommentRevision,
    Identity,
    ModerationAction,
    PropositionRevision,
    PropositionSlug,
    Report,
    ReviewRequest,
    Suspension,
)
# A person's details that pages show (on comments, and as facilitators).
PUBLIC_USER_FIELDS = ("display_name", "website", "avatar", "role", "facilitated_workstreams")
# Totals kept in step by SQL as comments come and go (the comment itself bumps).
COUNTERS = frozenset({"comment_count"})
PENDING_KEY = "forum_pagecache_changes"
BUMPED_KEY = "forum_pagecache_bumped"


@dataclass
class _Changes:
    """What this flush changed: the propositions (and comments) touched, or the site."""

    objects: list
    site: bool = False


def _changed(session: Session, obj) -> bool:
    """Whether a row in the session is new, deleted, or really modified."""
    if obj in session.new or obj in session.deleted:
        return True
    return session.is_modified(obj, include_collections=True)


def _user_changes_pages(session: Session, user: User) -> bool:
    """Whether a change to a person shows on pages (their name, website, avatar, role)."""
    if user in session.new:
        return False
    if user in session.deleted:
        return True
    state = sa.inspect(user)
    return any(state.attrs[name].history.has_changes() for name in PUBLIC_USER_FIELDS)


@event.listens_for(Session, "before_flush")
def _collect_changes(session: Session, flush_context, instances) -> None:
    """Note which propositions, or whether the whole site, this flush changes."""
    changes = session.info.setdefault(PENDING_KEY, _Changes([]))
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, PRIVATE_MODELS) or not _changed(session, obj):
            continue
        if isinstance(obj, Comment | Proposition):
            changes.objects.append(obj)
        elif isinstance(obj, User):
            changes.site = changes.site or _user_changes_pages(session, obj)
        else:
            changes.site = True


@event.listens_for(Session, "after_flush")
def _bump_versions(session: Session, flush_context) -> None:
    """Bump the versions of what this flush changed, in its transaction."""
    changes = session.info.pop(PENDING_KEY, None)
    if changes is None:
        return
    ids = set()
    for obj in changes.objects:
        ids.add(obj.proposition_id if isinstance(obj, Comment) else obj.id)
    ids.discard(None)
    # One bump per proposition and transaction is enough: others only ever see the
    # committed version, and it differs from the one before the transaction.
    bumped = session.info.setdefault(BUMPED_KEY, set())
    ids -= bumped
    bumped.update(ids)
    connection = session.connection()
    if ids:
        table = Proposition.__table__
        connection.execute(
            table.update()
            .where(table.c.id.in_(sorted(ids)))
            .values(cache_version=table.c.cache_version + 1)
        )
    if changes.site:
        bump_site_version(connection)


@event.listens_for(Session, "after_transaction_end")
def _forget_bumps(session: Session, transaction) -> None:
    """Forget which propositions were bumped once a transaction (or savepoint) ends.

    After a rollback their bumps are undone, so a later change must bump again.
    """
    session.info.pop(BUMPED_KEY, None)


def bump_site_version(connection: sa.Connection) -> None:
    """Make every cached page stale: bump the site's version (making its row if need be)."""
    table = SiteSettings.__table__
    bumped = connection.execute(
        table.update().where(table.c.id == 1).values(version=table.c.version + 1)
    )
    if bumped.rowcount == 0:
        connection.execute(table.insert().values(id=1, version=2, updated_at=sa.func.now()))


@event.listens_for(Session, "do_orm_execute")
def _bulk_changes(state) -> None:
    """Bulk UPDATE or DELETE through the ORM (a renamed person's comments): bump the site.

    Such a statement names no rows, so every page is made stale, except for the comment
    totals kept in SQL beside each comment, whose comment bumps its proposition itself.
    """
    if not (state.is_update or state.is_delete):
        return
    table = state.statement.table
    if table.name in {model.__tablename__ for model in PRIVATE_MODELS}:
        return
    if state.is_update and _sets_only_counters(state.statement):
        return
    bump_site_version(state.session.connection())


def _sets_only_counters(statement) -> bool:
    """Whether an UPDATE sets nothing but the comment totals."""
    values = statement._values
    if not values:
        return False  # An UPDATE by primary keys with a list of rows: could be anything.
    return {getattr(column, "key", column) for column in values} <= COUNTERS
