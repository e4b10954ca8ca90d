"""The summit's settings: what admins set in the browser, over the app's configuration.

Read once per request (and only when something asks), so a change shows at once on
every app host.
"""

from dataclasses import dataclass

from flask import current_app, g

from forum.extensions import db
from forum.models import SiteSettings

SETTINGS_ROW_ID = 1


@dataclass(frozen=True)
class Settings:
    """Effective settings: the stored value where there is one, else the configuration's."""

    name: str
    tagline: str
    dates_and_place: str
    intro: str
    intro_html: str
    timezone: str
    hold_first_guest: bool
    hold_signed_in: bool
    max_links: int
    max_depth: int
    threads_per_page: int
    # Words or phrases, one a line, that hold a comment for a facilitator or refuse it.
    held_words: str
    blocked_words: str
    report_threshold: int
    edit_minutes: int
    version: int


# Each setting's fallback in the app's configuration.
CONFIG_KEYS = {
    "name": "SITE_NAME",
    "tagline": "SITE_TAGLINE",
    "dates_and_place": "SITE_DATES_AND_PLACE",
    "intro": "SITE_INTRO",
    "timezone": "TIMEZONE",
    "hold_first_guest": "COMMENTS_HOLD_FIRST_GUEST",
    "hold_signed_in": "COMMENTS_HOLD_SIGNED_IN",
    "max_links": "COMMENTS_MAX_LINKS",
    "max_depth": "COMMENTS_MAX_DEPTH",
    "threads_per_page": "COMMENTS_THREADS_PER_PAGE",
    "held_words": "COMMENTS_HELD_WORDS",
    "blocked_words": "COMMENTS_BLOCKED_WORDS",
    "report_threshold": "COMMENTS_REPORT_THRESHOLD",
    "edit_minutes": "COMMENTS_EDIT_MINUTES",
}


def current_settings() -> Settings:
    """Return the effective settings for this request."""
    if "forum_settings" not in g:
        g.forum_settings = _load()
    return g.forum_settings


def configured_defaults() -> dict[str, object]:
    """Return each setting's fallback from the app's configuration."""
    return {name: current_app.config.get(key, "") for name, key in CONFIG_KEYS.items()}


def forget_settings() -> None:
    """Drop this request's copy of the settings, after they were changed."""
    g.pop("forum_settings", None)


def stored_settings() -> SiteSettings:
    """Return the stored settings row, creating it (empty: all defaults) if missing."""
    row = db.session.get(SiteSettings, SETTINGS_ROW_ID)
    if row is None:
        row = SiteSettings(id=SETTINGS_ROW_ID)
        db.session.add(row)
        db.session.flush()
    return row


def _load() -> Settings:
    """Merge the stored row over the configuration."""
    config = current_app.config
    row = db.session.get(SiteSettings, SETTINGS_ROW_ID)
    values = {}
    for name, key in CONFIG_KEYS.items():
        stored = getattr(row, name, None) if row is not None else None
        values[name] = stored if stored is not None else config.get(key, "")
    values["intro_html"] = (row.intro_html if row is not None and row.intro else "") or ""
    values["version"] = row.version if row is not None else 0
    return Settings(**values)
