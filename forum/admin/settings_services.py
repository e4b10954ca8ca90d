"""Changing the summit's settings from the browser (admins only).

Kept apart from services.py so each module stays short. Services flush, never commit.
"""

from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from forum import markup
from forum.audit import record, snapshot
from forum.comments.rules import clean_words
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import SiteSettings, User
from forum.settings import forget_settings, stored_settings

TEXT_SETTINGS = {"name": 120, "tagline": 200, "dates_and_place": 200, "intro": 10_000}
YES_NO_SETTINGS = ("hold_first_guest", "hold_signed_in")
# Lists of words or phrases, one a line (see forum/comments/rules.py).
WORD_SETTINGS = ("held_words", "blocked_words")
# The whole numbers a setting may take: (least, most).
NUMBER_SETTINGS = {
    "max_links": (0, 50),
    "max_depth": (1, 10),
    "threads_per_page": (5, 200),
    "report_threshold": (1, 100),
    "edit_minutes": (0, 1440),
}
SETTING_NAMES = [*TEXT_SETTINGS, "timezone", *YES_NO_SETTINGS, *WORD_SETTINGS, *NUMBER_SETTINGS]
LABELS = {
    "name": "summit name",
    "tagline": "tagline",
    "dates_and_place": "dates and place",
    "intro": "introduction",
    "timezone": "time zone",
    "hold_first_guest": "holding guests' first comments",
    "hold_signed_in": "holding signed-in comments",
    "held_words": "held words",
    "blocked_words": "blocked words",
    "max_links": "links allowed",
    "max_depth": "reply depth",
    "threads_per_page": "threads per page",
    "report_threshold": "reports that hide a comment",
    "edit_minutes": "minutes authors may edit",
}


@dataclass(frozen=True)
class WorkstreamRules:
    """A workstream's own comment rules; None in each means "use the site's setting"."""

    held_words: str | None = None
    blocked_words: str | None = None
    max_links: int | None = None
    hold_signed_in: bool | None = None


WORKSTREAM_RULES = ("held_words", "blocked_words", "max_links", "hold_signed_in")


def workstream_rule_values(rules: WorkstreamRules) -> dict[str, object]:
    """Check a workstream's own rules and return them as stored (None: the site's).

    Rules: word lists as for the site's; links within the site's range.

    :raises InvalidInput: naming the first rule that breaks a rule.
    """
    return {name: _clean(name, getattr(rules, name)) for name in WORKSTREAM_RULES}


def update_settings(actor: User | None, values: dict[str, object]) -> list[str]:
    """Store the summit's settings and return the names of those that changed.

    ``values`` maps each name in SETTING_NAMES to its new value; None (or blank
    text) means "use the default from the configuration".

    Rules: text is trimmed and within its length; the time zone is a known IANA
    name (any case, stored as spelled there); numbers are within NUMBER_SETTINGS;
    word lists are stored one a line, without blanks or repeats, each word or phrase
    up to 100 characters;
    the introduction's Markdown is rendered once, now; every change bumps the
    version, is recorded in the audit log, and shows from this request on.

    :raises InvalidInput: naming the first setting that breaks a rule.
    """
    clean = {name: _clean(name, values.get(name)) for name in SETTING_NAMES}
    row = stored_settings()
    before = snapshot(row, SETTING_NAMES)
    changed = [name for name in SETTING_NAMES if before[name] != clean[name]]
    if not changed:
        return []
    for name in changed:
        setattr(row, name, clean[name])
    if "intro" in changed:
        row.intro_html = markup.render_proposition(clean["intro"]) if clean["intro"] else None
    # In SQL, as the page cache bumps it too (forum/pagecache.py): never a stale number.
    row.version = SiteSettings.version + 1
    db.session.flush()
    record(
        actor,
        "settings.update",
        row,
        "Changed the " + ", ".join(LABELS[name] for name in changed),
        {name: before[name] for name in changed},
        {name: clean[name] for name in changed},
    )
    forget_settings()
    return changed


def _clean(name: str, value: object) -> object:
    """Check one setting and return it as stored (None for "use the default")."""
    if name in YES_NO_SETTINGS:
        return None if value is None else bool(value)
    if name in WORD_SETTINGS:
        return clean_words(str(value or ""), field=name)
    if name in NUMBER_SETTINGS:
        least, most = NUMBER_SETTINGS[name]
        if value is not None and not (isinstance(value, int) and least <= value <= most):
            raise InvalidInput(f"Enter a whole number from {least} to {most}.", field=name)
        return value
    text = str(value or "").strip() or None
    if name == "timezone":
        return _known_timezone(text) if text else None
    if text is not None and len(text) > TEXT_SETTINGS[name]:
        raise InvalidInput(
            f"The {LABELS[name]} must be {TEXT_SETTINGS[name]:,} characters or fewer.", field=name
        )
    return text


def _known_timezone(name: str) -> str:
    """Return the IANA spelling of a time zone name given in any case.

    :raises InvalidInput: if there is no such time zone.
    """
    found = _timezones_by_lower_name().get(name.lower())
    if found is None:
        raise InvalidInput(
            "Enter a time zone name from the IANA list, like Europe/London or America/New_York.",
            field="timezone",
        )
    return found


@cache
def _timezones_by_lower_name() -> dict[str, str]:
    """Map each known time zone's lower-case name to its own spelling (read once)."""
    return {zone.lower(): zone for zone in available_timezones()}
