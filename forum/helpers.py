"""Template helpers: site settings, dates, URLs and permission questions."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, g, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import BytecodeCache, ChoiceLoader, PackageLoader, PrefixLoader
from jinja2.bccache import Bucket

from forum import permissions
from forum.avatars import parse_key
from forum.markup import excerpt
from forum.models import MAX_ID, User
from forum.settings import current_settings

# Month names the GOV.UK way, whatever the server's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def summit_zone() -> ZoneInfo:
    """Return the summit's time zone (a site setting)."""
    return ZoneInfo(current_settings().timezone)


def local_time(value: datetime, zone: ZoneInfo | None = None) -> datetime:
    """Convert a UTC datetime to the summit's time zone (or ``zone``, the same, found once)."""
    return value.astimezone(zone or summit_zone())


def format_date(value: datetime | None, zone: ZoneInfo | None = None) -> str:
    """Format a date the GOV.UK way: 27 November 2026.

    A page that formats many dates passes the summit's ``zone``, found once.
    """
    if value is None:
        return ""
    local = local_time(value, zone)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def format_datetime(value: datetime | None, zone: ZoneInfo | None = None) -> str:
    """Format a date and time the GOV.UK way: 27 November 2026 at 4:05pm.

    A page that formats many dates passes the summit's ``zone``, found once.
    """
    if value is None:
        return ""
    local = local_time(value, zone)
    hour = local.hour % 12 or 12
    return (
        f"{local.day} {MONTHS[local.month - 1]} {local.year} at "
        f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    )


def iso_datetime(value: datetime | None) -> str:
    """Format a datetime for a <time datetime> attribute."""
    return value.isoformat(timespec="seconds") if value else ""


def avatar_url(key: str, external: bool = False) -> str:
    """Return the URL of the avatar image for a stored avatar key."""
    parsed = parse_key(key) or (0, "?")
    return url_for("workstreams.avatar", colour=parsed[0], letters=parsed[1], _external=external)


def proposition_url(proposition, **values) -> str:
    """Return the permalink of a proposition (its workstream must be loaded)."""
    return url_for(
        "workstreams.show_proposition",
        ws=proposition.workstream.slug,
        slug=proposition.slug,
        **values,
    )


class CommentUrls:
    """The addresses a discussion's comments link to, built once for the page shown.

    A page shows hundreds of comments, each with a few links; ``url_for`` costs more
    than the rest of a comment. So each address is built once, with a stand-in id,
    and the comment's id takes the stand-in's place: the same URL ``url_for`` gives.
    ``page`` is the ``page`` argument of the page shown (None, a number or "all").
    """

    def __init__(self, proposition, page: int | str | None) -> None:
        """Build each address once, around a stand-in comment id."""
        self._reply = _around_id(proposition_url(proposition, page=page, reply_to=MAX_ID))
        self._edit = _around_id(url_for("contributions.edit_comment", comment_id=MAX_ID))
        self._delete = _around_id(url_for("contributions.delete_comment", comment_id=MAX_ID))
        self._review = _around_id(url_for("contributions.request_review", comment_id=MAX_ID))
        self._report = _around_id(url_for("contributions.report_comment", comment_id=MAX_ID))
        self._avatars: dict[str, str] = {}

    def avatar(self, key: str) -> str:
        """Return the URL of the avatar image for a stored avatar key, built once per key."""
        url = self._avatars.get(key)
        if url is None:
            url = self._avatars[key] = avatar_url(key)
        return url

    def reply(self, comment_id: int) -> str:
        """Return the link that opens the reply form for this comment, without JavaScript."""
        return f"{self._reply[0]}{comment_id}{self._reply[1]}"

    def edit(self, comment_id: int) -> str:
        """Return the address of the page where its author edits this comment."""
        return f"{self._edit[0]}{comment_id}{self._edit[1]}"

    def delete(self, comment_id: int) -> str:
        """Return the address of the page where its author deletes this comment."""
        return f"{self._delete[0]}{comment_id}{self._delete[1]}"

    def review(self, comment_id: int) -> str:
        """Return the address of the page where its author asks for a review of it."""
        return f"{self._review[0]}{comment_id}{self._review[1]}"

    def report(self, comment_id: int) -> str:
        """Return the address of the page where a reader reports this comment."""
        return f"{self._report[0]}{comment_id}{self._report[1]}"


def _around_id(url: str) -> tuple[str, str]:
    """Split a URL built for the stand-in id ``MAX_ID`` into what comes before and after it.

    The last occurrence: the id comes after the proposition's slugs, which could hold
    the same digits.
    """
    before, found, after = url.rpartition(str(MAX_ID))
    if not found:
        raise ValueError(f"no stand-in id in {url}")
    return before, after


class ProcessBytecodeCache(BytecodeCache):
    """Keep compiled templates for the life of the process.

    The design system's macros take a moment to compile; an app built many times
    in one process (as the tests do) then compiles them once. Keys include a
    checksum of the source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from the store, if this template was compiled before."""
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Remember a freshly compiled template."""
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE_CACHE = ProcessBytecodeCache()


def page_number() -> int:
    """Read the page number from the query string; anything odd means the first page.

    Capped, so a huge number asks for an empty page (404) instead of overflowing
    the database's OFFSET.
    """
    return min(max(request.args.get("page", 1, type=int), 1), MAX_ID)


def signed_in_user() -> User | None:
    """Return the signed-in person as a model (not Flask-Login's proxy), or None."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def moderation_waiting() -> int | None:
    """Return how many comments wait for the signed-in moderator (held and reported).

    None, without a query, for anyone who does not moderate; one query per request
    for those who do.
    """
    if not permissions.can_use_workspace(current_user) or current_user.is_suspended():
        return None
    if "moderation_waiting" not in g:
        # Imported here: the moderation package imports this module through the comments.
        from forum.moderation.queries import waiting_count

        g.moderation_waiting = waiting_count(current_user._get_current_object())
    return g.moderation_waiting


def register(app: Flask) -> None:
    """Make the helpers available in every template."""
    # Our templates first; the design system's macros under the prefixes their own
    # templates import each other by.
    app.jinja_env.loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.bytecode_cache = _BYTECODE_CACHE
    WTFormsHelpers(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(
        date=format_date, datetime=format_datetime, isodatetime=iso_datetime, excerpt=excerpt
    )
    app.jinja_env.globals.update(
        avatar_url=avatar_url,
        proposition_url=proposition_url,
        can_moderate=lambda proposition: permissions.can_moderate(current_user, proposition),
        can_facilitate=lambda workstream: permissions.can_facilitate(current_user, workstream),
        can_use_workspace=lambda: permissions.can_use_workspace(current_user),
        can_run_summit=lambda: permissions.can_run_summit(current_user),
        moderation_waiting=moderation_waiting,
    )

    @app.context_processor
    def site_settings() -> dict:
        """Expose the summit's name, tagline, dates and intro."""
        settings = current_settings()
        return {
            "site_name": settings.name,
            "site_tagline": settings.tagline,
            "site_dates_and_place": settings.dates_and_place,
            "site_intro": settings.intro,
            "site_intro_html": settings.intro_html,
        }
