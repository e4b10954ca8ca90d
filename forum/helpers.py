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


def local_time(value: datetime) -> datetime:
    """Convert a UTC datetime to the summit's time zone."""
    return value.astimezone(ZoneInfo(current_settings().timezone))


def format_date(value: datetime | None) -> str:
    """Format a date the GOV.UK way: 27 November 2026."""
    if value is None:
        return ""
    local = local_time(value)
    return f"{local.day} {local:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """Format a date and time the GOV.UK way: 27 November 2026 at 4:05pm."""
    if value is None:
        return ""
    local = local_time(value)
    hour = local.hour % 12 or 12
    return f"{format_date(value)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


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
