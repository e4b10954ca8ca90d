"""Workspace forms: they check the shape of what was typed; services check the rules."""

import calendar
import contextlib
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import BooleanField, Field, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from forum import markup
from forum.manage.queries import stage
from forum.manage.services import MAX_SLOW_MODE_MINUTES
from forum.models import Proposition, PropositionStatus

MAX_TAGS = 10
MAX_TAG_CHARS = 60
MAX_CLOSE_DAYS = 3650
# Month names people type instead of numbers: "Nov", "november", "sept" (Python's
# calendar names are English unless the process changes its locale, which we never do).
MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
STATUS_CHOICES = [
    SelectChoice(PropositionStatus.DRAFT.value, "Draft"),
    SelectChoice(PropositionStatus.SCHEDULED.value, "Scheduled"),
    SelectChoice(PropositionStatus.PUBLISHED.value, "Published"),
    SelectChoice(PropositionStatus.ARCHIVED.value, "Archived"),
]


class DatePartsInput(GovDateInput):
    """The GOV.UK date input, whose error summary link lands on the day box."""

    def map_gov_params(self, field, **kwargs):
        """Fill the day, month and year boxes with what was typed or stored."""
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        # The field's id names the day box (what the error summary links to), so
        # the group around the three boxes takes the field's name instead.
        params["id"] = field.name
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        error = " govuk-input--error" if field.errors else ""
        params["items"] = [
            {
                "label": label,
                "id": f"{field.name}-{label.lower()}",
                "name": field.name,
                "classes": f"govuk-input--width-{width}{error}",
                "value": value,
            }
            for label, width, value in zip(
                ("Day", "Month", "Year"), (2, 2, 4), field.parts, strict=True
            )
        ]
        return params


class DatePartsField(Field):
    """A date typed in three boxes; what was typed is kept, and read by the form's checks."""

    widget = DatePartsInput()
    parts: tuple[str, str, str] = ("", "", "")

    def process_data(self, value: date | None) -> None:
        """Show a stored date in the boxes."""
        self.data = value
        if value is not None:
            self.parts = (str(value.day), str(value.month), str(value.year))

    def process_formdata(self, valuelist: list[str]) -> None:
        """Keep the three boxes as typed; read the date when they make one."""
        typed = [part.strip() for part in valuelist[:3]]
        self.parts = tuple(typed + [""] * (3 - len(typed)))
        self.data = None
        # The form says what is wrong, but only when the date is needed.
        with contextlib.suppress(ValueError):
            self.data = parse_date(self.parts)

    def _value(self) -> str:
        """Return the date as one string (unused by the three boxes)."""
        return " ".join(self.parts)


def parse_date(parts: tuple[str, str, str]) -> date:
    """Read a day, month and year (a number or a month's name) as a date.

    :raises ValueError: with a GOV.UK-style message saying what is missing or wrong.
    """
    day, month, year = parts
    missing = [
        name for name, value in zip(("day", "month", "year"), parts, strict=True) if not value
    ]
    if len(missing) == 3:
        raise ValueError("Enter the date to publish the proposition.")
    if missing:
        raise ValueError(f"The date must include a {' and a '.join(missing)}.")
    month_number = MONTHS.get(month.lower(), month)
    if not (day.isdigit() and str(month_number).isdigit() and year.isdigit()):
        raise ValueError("The date must be a real date, like 27 11 2026.")
    if len(year) != 4:
        raise ValueError("The year must include 4 numbers, like 2026.")
    try:
        return date(int(year), int(month_number), int(day))
    except ValueError:
        raise ValueError("The date must be a real date, like 27 11 2026.") from None


def parse_time(text: str) -> time:
    """Read a time like 14:30, 9.05 or 2:30pm.

    :raises ValueError: with a message saying how to write it.
    """
    match = _TIME_RE.match(text.strip())
    if not match:
        raise ValueError("Enter the time like 14:30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower()
    if suffix and not 1 <= hour <= 12:
        raise ValueError("Enter a real time, like 14:30 or 2:30pm.")
    if suffix:
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError("Enter a real time, like 14:30.")
    return time(hour, minute)


class PropositionForm(FlaskForm):
    """A proposition in the editor; its workstream comes from the page, never the form."""

    max_chars = markup.MAX_PROPOSITION_CHARS

    title = StringField(
        "Title",
        validators=[
            DataRequired("Enter a title."),
            Length(max=200, message="The title must be 200 characters or fewer."),
        ],
        widget=GovTextInput(),
    )
    slug = StringField(
        "Web address",
        description="Made from the title if you leave it empty. Use lower-case letters, "
        "numbers and hyphens. If you change it, the old address sends readers to the new one.",
        validators=[Length(max=120, message="The web address must be 120 characters or fewer.")],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false", "autocapitalize": "none", "autocomplete": "off"},
    )
    body = TextAreaField(
        "Text",
        description="You can use Markdown: ## a heading, *italic*, **bold**, "
        "[a link](https://…), > a quote, lists and tables.",
        validators=[
            Length(
                max=markup.MAX_PROPOSITION_CHARS,
                message=f"The text must be {markup.MAX_PROPOSITION_CHARS:,} characters or fewer.",
            )
        ],
        widget=GovCharacterCount(),
        render_kw={"spellcheck": "true"},
    )
    tags = StringField(
        "Tags (optional)",
        description="Separate tags with commas, for example: Libraries, Transport",
        widget=GovTextInput(),
    )
    status = RadioField(
        "Status",
        description="Who can read the proposition, and from when.",
        choices=STATUS_CHOICES,
        default=PropositionStatus.DRAFT.value,
        validate_choice=False,
        widget=GovRadioInput(),
    )
    publish_date = DatePartsField("Date to publish (only if scheduled)", id="publish_date-day")
    publish_time = StringField("Time to publish (only if scheduled)", widget=GovTextInput())
    comments_open = BooleanField(
        "Accept comments",
        description="If you stop accepting comments, the discussion so far stays on the page.",
        default=True,
        widget=GovCheckboxInput(),
    )
    close_after_days = StringField(
        "Close comments automatically (optional)",
        description="Number of days after publishing. Leave empty to keep comments open.",
        widget=GovTextInput(),
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )
    slow_mode_minutes = StringField(
        "Slow mode (optional)",
        description="To calm a busy discussion, let each person post only one comment in "
        "this many minutes. Facilitators are not limited. Leave empty to turn slow mode off.",
        widget=GovTextInput(),
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )

    def __init__(self, *args, timezone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone = timezone

    @classmethod
    def for_proposition(cls, proposition: Proposition, timezone: str) -> "PropositionForm":
        """Build the form filled in with a saved proposition (its tags loaded)."""
        status = stage(proposition)
        local = None
        if status == PropositionStatus.SCHEDULED and proposition.published_at is not None:
            local = proposition.published_at.astimezone(ZoneInfo(timezone))
        return cls(
            formdata=None,
            timezone=timezone,
            title=proposition.title,
            slug=proposition.slug,
            body=proposition.body,
            tags=", ".join(tag.name for tag in proposition.tags),
            status=status.value,
            publish_date=local.date() if local else None,
            publish_time=f"{local:%H:%M}" if local else "",
            comments_open=proposition.comments_open,
            close_after_days=str(proposition.close_comments_after_days or ""),
            slow_mode_minutes=str(proposition.slow_mode_minutes or ""),
        )

    @property
    def scheduled(self) -> bool:
        """Whether the proposition is to be published at a chosen time."""
        return self.status.data == PropositionStatus.SCHEDULED.value

    @property
    def tag_names(self) -> list[str]:
        """The tags typed, without blanks or repeats (whatever their case)."""
        names: dict[str, str] = {}
        for name in (self.tags.data or "").split(","):
            name = " ".join(name.split())
            if name:
                names.setdefault(name.casefold(), name)
        return list(names.values())

    def validate_status(self, field: RadioField) -> None:
        """Accept only one of the four statuses."""
        if field.data not in {choice.value for choice in STATUS_CHOICES}:
            raise ValidationError("Choose a status.")

    def validate_tags(self, field: StringField) -> None:
        """Refuse too many tags, or a tag too long."""
        names = self.tag_names
        if len(names) > MAX_TAGS:
            raise ValidationError(f"Use {MAX_TAGS} tags or fewer.")
        if any(len(name) > MAX_TAG_CHARS for name in names):
            raise ValidationError(f"Each tag must be {MAX_TAG_CHARS} characters or fewer.")

    def validate_publish_date(self, field: DatePartsField) -> None:
        """For a scheduled proposition, require a real date."""
        if self.scheduled:
            try:
                parse_date(field.parts)
            except ValueError as error:
                raise ValidationError(str(error)) from None

    def validate_publish_time(self, field: StringField) -> None:
        """For a scheduled proposition, require a real time that exists on that day."""
        if not self.scheduled:
            return
        if not (field.data or "").strip():
            raise ValidationError("Enter the time to publish the proposition, like 14:30.")
        try:
            typed = parse_time(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        day = self.publish_date.data
        if day is not None and local_to_utc(day, typed, self.timezone) is None:
            raise ValidationError(
                f"That time does not exist on that day in {self.timezone}, because the "
                "clocks go forward. Choose another time."
            )

    def validate_close_after_days(self, field: StringField) -> None:
        """Accept nothing, or a whole number of days."""
        value = (field.data or "").strip()
        if value and not (value.isdigit() and 1 <= int(value) <= MAX_CLOSE_DAYS):
            raise ValidationError(
                f"Enter the number of days as a whole number from 1 to {MAX_CLOSE_DAYS}, like 30."
            )

    def validate_slow_mode_minutes(self, field: StringField) -> None:
        """Accept nothing, or a whole number of minutes."""
        value = (field.data or "").strip()
        if value and not (value.isdigit() and 1 <= int(value) <= MAX_SLOW_MODE_MINUTES):
            raise ValidationError(
                "Enter the number of minutes as a whole number from 1 to "
                f"{MAX_SLOW_MODE_MINUTES}, like 5."
            )

    def values(self) -> dict:
        """Return what was typed as plain values for the services (after validate())."""
        publish_at = None
        if self.scheduled and self.publish_date.data is not None:
            typed = parse_time(self.publish_time.data)
            publish_at = local_to_utc(self.publish_date.data, typed, self.timezone)
        days = (self.close_after_days.data or "").strip()
        slow = (self.slow_mode_minutes.data or "").strip()
        return {
            "title": (self.title.data or "").strip(),
            "body": self.body.data or "",
            "slug": (self.slug.data or "").strip(),
            "tags": tuple(self.tag_names),
            "status": PropositionStatus(self.status.data),
            "publish_at": publish_at,
            "comments_open": bool(self.comments_open.data),
            "close_comments_after_days": int(days) if days else None,
            "slow_mode_minutes": int(slow) if slow else None,
        }


def local_to_utc(day: date, at: time, timezone: str) -> datetime | None:
    """Return a wall-clock time in the summit's time zone as UTC, or None if it never happens."""
    zone = ZoneInfo(timezone)
    local = datetime.combine(day, at, tzinfo=zone)
    # A time skipped when the clocks go forward comes back changed from a round trip.
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return local.astimezone(UTC)
