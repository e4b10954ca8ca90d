"""Typed SQLAlchemy models: data plus tiny derived properties, never writes."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


# The largest id a row can have (a 32-bit integer column on PostgreSQL); numbers
# from URLs and forms beyond it are not ids of anything.
MAX_ID = 2**31 - 1


class UTCDateTime(sa.TypeDecorator):
    """Store naive UTC on every database and hand back aware UTC datetimes.

    SQLite keeps no time zone, so an aware column would read back naive there and
    aware on PostgreSQL; storing naive UTC everywhere keeps both the same.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Convert an aware datetime to naive UTC before it is stored."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        """Mark a stored naive datetime as UTC."""
        return value.replace(tzinfo=UTC) if value is not None else None


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    """Store an enum by its lower-case value, as a short string on every database."""
    return sa.Enum(
        cls,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class TimestampMixin:
    """created_at / updated_at in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Role(enum.StrEnum):
    """A person's site-wide role; facilitating is per workstream."""

    PARTICIPANT = "participant"
    ADMIN = "admin"


class PropositionStatus(enum.StrEnum):
    """Where a proposition is in its life."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


# A scheduled proposition is public once its publishing time has passed.
PUBLIC_STATUSES = (
    PropositionStatus.PUBLISHED,
    PropositionStatus.SCHEDULED,
    PropositionStatus.ARCHIVED,
)


class CommentStatus(enum.StrEnum):
    """Moderation state of a comment; only approved ones are public."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    REMOVED = "removed"
    DELETED = "deleted"
    # Reported by enough readers: out of sight until a facilitator reviews it.
    HIDDEN = "hidden"


# Comments that once were public and may stand in the thread as a placeholder: always
# when hidden for review, and otherwise only while they have replies someone can see.
PLACEHOLDER_STATUSES = (
    CommentStatus.REMOVED,
    CommentStatus.DELETED,
    CommentStatus.HIDDEN,
    CommentStatus.SPAM,
)


class ReportReason(enum.StrEnum):
    """Why a reader reports a comment."""

    SPAM = "spam"
    ABUSIVE = "abusive"
    OFF_TOPIC = "off-topic"
    PERSONAL = "personal"
    OTHER = "other"


workstream_facilitators = sa.Table(
    "workstream_facilitators",
    db.metadata,
    sa.Column(
        "workstream_id", sa.ForeignKey("workstreams.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

proposition_tags = sa.Table(
    "proposition_tags",
    db.metadata,
    sa.Column(
        "proposition_id", sa.ForeignKey("propositions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, TimestampMixin, db.Model):
    """A person with an account: local password and, later, social identities."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The email of a local account. Accounts made by a social sign-in have none: the
    # provider's address stays on the identity and is never used to match accounts.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.PARTICIPANT)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    avatar: Mapped[str] = mapped_column(sa.String(40))
    # Part of what the session cookie holds; bumped at sign-out, so a copied cookie stops
    # working (see forum/auth/services.load_user).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # A suspended person can read and sign in but not comment (the moderation tools set it).
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(sa.String(300))

    facilitated_workstreams: Mapped[list["Workstream"]] = relationship(
        secondary=workstream_facilitators,
        back_populates="facilitators",
        order_by="Workstream.number",
        # Loaded when a permission is asked about the signed-in person, once per request.
        lazy="select",
    )

    @property
    def is_admin(self) -> bool:
        """Whether this person runs the whole site."""
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version."""
        return f"{self.id}.{self.session_version}"

    def is_suspended(self, now: datetime | None = None) -> bool:
        """Whether this person is barred from commenting at the moment."""
        return self.suspended_until is not None and self.suspended_until > (now or utcnow())


# Far in the future: what an indefinite suspension's end date is.
INDEFINITELY = datetime(9999, 1, 1, tzinfo=UTC)


class Identity(TimestampMixin, db.Model):
    """A way into an account through a sign-in provider.

    Keyed by the provider and the provider's own unchanging id for the person, never by
    an email address or user name, which change and get reused.
    """

    __tablename__ = "identities"
    __table_args__ = (sa.UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(sa.String(40))
    subject: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # Whether the provider vouched that the email is the person's.
    email_verified: Mapped[bool] = mapped_column(default=False)
    avatar_url: Mapped[str | None] = mapped_column(sa.String(500))
    profile_url: Mapped[str | None] = mapped_column(sa.String(500))
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise_on_sql")


class Workstream(TimestampMixin, db.Model):
    """One strand of the summit, with its facilitators and propositions."""

    __tablename__ = "workstreams"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    number: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    is_open: Mapped[bool] = mapped_column(default=True)
    comment_count: Mapped[int] = mapped_column(default=0)
    # This workstream's own comment rules; None means the site's.
    held_words: Mapped[str | None] = mapped_column(sa.Text)
    blocked_words: Mapped[str | None] = mapped_column(sa.Text)
    max_links: Mapped[int | None] = mapped_column()
    hold_signed_in: Mapped[bool | None] = mapped_column()

    facilitators: Mapped[list[User]] = relationship(
        secondary=workstream_facilitators,
        back_populates="facilitated_workstreams",
        order_by=User.display_name,
        lazy="raise_on_sql",
    )


class Tag(db.Model):
    """A label shared by propositions across workstreams."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)


class Proposition(TimestampMixin, db.Model):
    """A facilitator's post that a workstream discusses."""

    __tablename__ = "propositions"
    __table_args__ = (
        sa.UniqueConstraint("workstream_id", "slug"),
        sa.Index("ix_propositions_status_published_at", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workstream_id: Mapped[int] = mapped_column(sa.ForeignKey("workstreams.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    summary: Mapped[str] = mapped_column(sa.String(400), default="")
    status: Mapped[PropositionStatus] = mapped_column(
        _enum(PropositionStatus), default=PropositionStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    comments_open: Mapped[bool] = mapped_column(default=True)
    # Comments close by themselves this many days after publishing, if set.
    close_comments_after_days: Mapped[int | None] = mapped_column()
    comment_count: Mapped[int] = mapped_column(default=0)
    # When a published proposition was last changed; readers see "Updated <date>".
    revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Slow mode: each person may comment once in this many minutes (None: off).
    slow_mode_minutes: Mapped[int | None] = mapped_column()
    # Bumped in SQL whenever the proposition or its discussion changes (forum/pagecache.py):
    # cached copies of its page carry the version they were rendered at.
    cache_version: Mapped[int] = mapped_column(default=0, server_default="0")

    workstream: Mapped[Workstream] = relationship(lazy="raise_on_sql")
    author: Mapped[User] = relationship(lazy="raise_on_sql")
    tags: Mapped[list[Tag]] = relationship(
        secondary=proposition_tags, order_by=Tag.name, lazy="raise_on_sql"
    )

    @hybrid_method
    def is_public(self, now: datetime | None = None) -> bool:
        """Whether visitors may read this proposition now."""
        now = now or utcnow()
        return (
            self.status in PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= now
        )

    @is_public.expression
    def is_public(cls, now: datetime | None = None) -> sa.ColumnElement[bool]:
        """SQL condition: visitors may read this proposition now.

        A scheduled proposition becomes public by itself once its time has come,
        so no job runner is needed to publish it.
        """
        now = now or utcnow()
        return sa.and_(
            cls.status.in_(PUBLIC_STATUSES),
            cls.published_at.is_not(None),
            cls.published_at <= now,
        )


class Comment(TimestampMixin, db.Model):
    """A participant's response to a proposition, possibly a reply to another.

    ``parent_id`` is where the comment sits in the thread; ``in_reply_to_id`` is the
    comment its author answered. They differ only when someone answers a comment
    at the deepest level: the reply then sits beside it, as WordPress does.
    ``path`` holds the zero-padded ids from the thread's first comment down to this
    one, so ordering by it yields a whole thread in reading order in one query.
    """

    __tablename__ = "comments"
    __table_args__ = (
        sa.Index("ix_comments_proposition_id_path", "proposition_id", "path"),
        sa.Index("ix_comments_proposition_id_depth_status", "proposition_id", "depth", "status"),
        sa.Index("ix_comments_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposition_id: Mapped[int] = mapped_column(sa.ForeignKey("propositions.id"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    in_reply_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    thread_id: Mapped[int | None] = mapped_column(index=True)
    depth: Mapped[int] = mapped_column(default=1)
    path: Mapped[str] = mapped_column(sa.String(255), default="")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The author's name, website and avatar are kept with the comment when it is
    # written, so a whole thread reads from this one table.
    author_name: Mapped[str] = mapped_column(sa.String(80))
    author_email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    author_website: Mapped[str | None] = mapped_column(sa.String(300))
    avatar: Mapped[str] = mapped_column(sa.String(40))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CommentStatus] = mapped_column(
        _enum(CommentStatus), default=CommentStatus.PENDING
    )
    # Why a held comment waits for a facilitator: ["first comment", "held word “x”"].
    hold_reasons: Mapped[list | None] = mapped_column(sa.JSON)
    # The last moderation decision: when, and the reason its author and readers see.
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderation_reason: Mapped[str | None] = mapped_column(sa.String(300))
    # Set when the text changed after it was first published.
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_by_facilitator: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    proposition: Mapped[Proposition] = relationship(lazy="raise_on_sql")
    user: Mapped[User | None] = relationship(lazy="raise_on_sql")

    @property
    def is_approved(self) -> bool:
        """Whether everyone may see this comment."""
        return self.status == CommentStatus.APPROVED

    @property
    def is_guest(self) -> bool:
        """Whether the author commented without an account."""
        return self.user_id is None


class PropositionSlug(db.Model):
    """A slug a proposition had before it was renamed: its old URL redirects to the new one."""

    __tablename__ = "proposition_slugs"
    __table_args__ = (sa.UniqueConstraint("workstream_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workstream_id: Mapped[int] = mapped_column(sa.ForeignKey("workstreams.id"))
    slug: Mapped[str] = mapped_column(sa.String(120))
    proposition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("propositions.id", ondelete="CASCADE"), index=True
    )


class PropositionRevision(db.Model):
    """The text of a published proposition before one of its edits."""

    __tablename__ = "proposition_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("propositions.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User] = relationship(lazy="raise_on_sql")


class SiteSettings(db.Model):
    """The summit's settings, changed by admins in the browser; one row.

    A column left empty (None) falls back to the value in the app's configuration.
    """

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(120))
    tagline: Mapped[str | None] = mapped_column(sa.String(200))
    dates_and_place: Mapped[str | None] = mapped_column(sa.String(200))
    intro: Mapped[str | None] = mapped_column(sa.Text)
    intro_html: Mapped[str | None] = mapped_column(sa.Text)
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    hold_first_guest: Mapped[bool | None] = mapped_column()
    hold_signed_in: Mapped[bool | None] = mapped_column()
    max_links: Mapped[int | None] = mapped_column()
    max_depth: Mapped[int | None] = mapped_column()
    threads_per_page: Mapped[int | None] = mapped_column()
    # Moderation rules: words (one per line) that hold or block a comment, how many
    # readers' reports hide a comment, how long authors may edit their comment.
    held_words: Mapped[str | None] = mapped_column(sa.Text)
    blocked_words: Mapped[str | None] = mapped_column(sa.Text)
    report_threshold: Mapped[int | None] = mapped_column()
    edit_minutes: Mapped[int | None] = mapped_column()
    # Bumped by every change, so caches of pages can tell they are stale.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(db.Model):
    """One change made in the workspace: who, what, when, before and after. Never changed."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(60))
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(sa.String(300))
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")


class CommentDraft(db.Model):
    """A comment someone was writing when they left to sign in with a provider.

    Kept on the server, not in the cookie (a comment can be longer than a cookie), and
    found again by the random key in their session; it goes once posted or after a day.
    """

    __tablename__ = "comment_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    proposition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("propositions.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column()
    body: Mapped[str] = mapped_column(sa.Text, default="")
    author_name: Mapped[str] = mapped_column(sa.String(200), default="")
    author_email: Mapped[str] = mapped_column(sa.String(300), default="")
    author_website: Mapped[str] = mapped_column(sa.String(400), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class CommentRevision(db.Model):
    """The text a comment had before an edit (by its author or a facilitator)."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(db.Model):
    """A reader's flag on a comment. One per reader per comment.

    ``reporter_key`` names the reader: ``user:<id>`` or ``guest:<random key>`` from the
    guest's session. ``weight`` is how much the report counts towards hiding the
    comment (see forum/contributions/reports.py for the rule).
    """

    __tablename__ = "reports"
    __table_args__ = (sa.UniqueConstraint("comment_id", "reporter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reporter_key: Mapped[str] = mapped_column(sa.String(80))
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    details: Mapped[str] = mapped_column(sa.String(500), default="")
    weight: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a facilitator decided the reports need no action.
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReviewRequest(db.Model):
    """An author asking a facilitator to look again at their removed comment."""

    __tablename__ = "review_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ModerationAction(db.Model):
    """One moderation decision: the public log of a workstream, and what undo reverses.

    ``before`` and ``after`` hold the changed fields of the comments (or suspension)
    concerned, so an undo puts back exactly what was there. Rows are only added: an
    undo is a new row pointing at the one it reverses.
    """

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workstream_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workstreams.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"), index=True)
    # None: the forum itself (a comment hidden by readers' reports).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(30))
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    undoes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("moderation_actions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Suspension(db.Model):
    """A person barred from commenting: an account, or a guest's email address."""

    __tablename__ = "suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    reason: Mapped[str] = mapped_column(sa.String(300))
    # None: until lifted.
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
