"""Admin forms: they check the shape of what was typed; services check the rules."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from forum import markup
from forum.admin import services
from forum.admin.settings_services import (
    NUMBER_SETTINGS,
    TEXT_SETTINGS,
    WORD_SETTINGS,
    YES_NO_SETTINGS,
    WorkstreamRules,
)
from forum.fields import BLOCKED_WORDS_HELP, HELD_WORDS_HELP, word_list_field
from forum.models import Role, Workstream
from forum.settings import current_settings


def _id_or_none(value: object) -> int | None:
    """Read a workstream id from a form, or None if it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class WholeNumberField(IntegerField):
    """A whole number, with a plain-English message when it is not one; blank is None."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read the number; what was typed is kept to show again if it is not one."""
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([value.strip() for value in valuelist])
        except ValueError:
            raise ValueError("Enter a whole number, like 5.") from None

    def pre_validate(self, form: FlaskForm) -> None:
        """Check the range only of something that is a number."""
        if self.process_errors:
            raise StopValidation()


DEFAULT, YES, NO = "default", "yes", "no"
WORDS_HINT = (
    "One word or phrase on each line. They match whole words in any mix of capitals: "
    "“casino” matches “Casino” but not “casinos”."
)
LINKS_MESSAGE = "Enter a whole number from 0 to 50."


class WorkstreamForm(FlaskForm):
    """A workstream's title, address, number, descriptions and whether it is open."""

    title = StringField(
        "Title",
        validators=[
            DataRequired("Enter a title."),
            Length(max=services.TITLE_MAX, message="The title must be 200 characters or fewer."),
        ],
        widget=GovTextInput(),
    )
    number = WholeNumberField(
        "Proposition number",
        description="Workstreams are listed in this order, as “Proposition 1”, “Proposition 2”…",
        validators=[
            InputRequired("Enter the proposition number."),
            NumberRange(services.NUMBER_MIN, services.NUMBER_MAX, "Enter a number from 1 to 999."),
        ],
        widget=GovTextInput(),
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )
    slug = StringField(
        "Web address",
        description="The end of the workstream's web address, like public-services. Leave "
        "blank to make it from the title. Changing it breaks links people have saved.",
        validators=[
            Optional(),
            Length(max=services.SLUG_MAX, message="Use 80 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"spellcheck": "false"},
    )
    summary = TextAreaField(
        "Short description",
        description="One or two sentences, shown in the list of workstreams. Plain text.",
        validators=[Length(max=services.SUMMARY_MAX, message="Use 300 characters or fewer.")],
        widget=GovCharacterCount(),
        render_kw={"rows": 2},
    )
    description = TextAreaField(
        "Description",
        description="Shown on the workstream's page. You can use Markdown: **bold**, "
        "[a link](https://…), lists and headings.",
        validators=[
            Length(
                max=markup.MAX_PROPOSITION_CHARS,
                message=f"Use {markup.MAX_PROPOSITION_CHARS:,} characters or fewer.",
            )
        ],
        widget=GovTextArea(),
        render_kw={"rows": 10},
    )
    is_open = BooleanField("Open to new comments", widget=GovCheckboxInput(), default=True)
    # This workstream's own comment rules: blank, or "use the site's", means the site's.
    held_words = word_list_field("Held words for this workstream", HELD_WORDS_HELP, rows=4)
    blocked_words = word_list_field("Blocked words for this workstream", BLOCKED_WORDS_HELP, rows=4)
    max_links = WholeNumberField(
        "Links a comment may have here before it waits for a facilitator",
        validators=[Optional(), NumberRange(*NUMBER_SETTINGS["max_links"], LINKS_MESSAGE)],
        widget=GovTextInput(),
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )
    hold_signed_in = RadioField(
        "Hold signed-in participants' first comments here",
        description="Should a signed-in participant's first comment in this workstream wait "
        "for a facilitator before it appears?",
        default=DEFAULT,
        invalid_choice_message="Choose the site's setting, yes or no.",
        widget=GovRadioInput(),
    )

    def __init__(self, *args, **kwargs):
        """Bind the form; name the site's own settings, which a blank rule falls back to."""
        super().__init__(*args, **kwargs)
        site = current_settings()
        stored = {None: DEFAULT, "True": YES, "False": NO}
        if self.hold_signed_in.data in stored:
            # Filled from a workstream: its stored True, False or None (as text).
            self.hold_signed_in.data = stored[self.hold_signed_in.data]
        self.hold_signed_in.choices = [
            SelectChoice(
                DEFAULT, f"Use the site's setting ({'Yes' if site.hold_signed_in else 'No'})"
            ),
            SelectChoice(YES, "Yes"),
            SelectChoice(NO, "No"),
        ]
        for name in WORD_SETTINGS:
            what = self[name].description
            self[name].description = _words_hint(f"{what} {WORDS_HINT}", getattr(site, name), True)
        self.max_links.description = (
            f"From 0 to 50. Leave blank to use the site's setting: {site.max_links}."
        )

    def values(self) -> dict:
        """Return what was typed, as the workstream services take it."""
        return {
            "title": self.title.data,
            "slug": self.slug.data or "",
            "number": self.number.data,
            "summary": self.summary.data or "",
            "description": self.description.data or "",
            "is_open": bool(self.is_open.data),
            "rules": WorkstreamRules(
                held_words=self.held_words.data or None,
                blocked_words=self.blocked_words.data or None,
                max_links=self.max_links.data,
                hold_signed_in={YES: True, NO: False}.get(self.hold_signed_in.data),
            ),
        }


class FacilitatorForm(FlaskForm):
    """Name a facilitator for a workstream by their account's email address."""

    email = EmailField(
        "Email address",
        description="The email address of the person's account on this site.",
        validators=[DataRequired("Enter the email address of the person's account.")],
        widget=GovTextInput(),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class RoleForm(FlaskForm):
    """A person's site-wide role."""

    role = RadioField(
        "Role",
        choices=[
            SelectChoice(Role.PARTICIPANT.value, "Participant: comments and replies"),
            SelectChoice(Role.ADMIN.value, "Admin: runs the whole summit, its people and settings"),
        ],
        validators=[InputRequired("Choose a role.")],
        invalid_choice_message="Choose a role.",
        widget=GovRadioInput(),
    )


class PersonWorkstreamForm(FlaskForm):
    """Choose a workstream for a person to facilitate."""

    workstream = SelectField(
        "Workstream", coerce=_id_or_none, validate_choice=False, widget=GovSelect()
    )

    def __init__(self, *args, workstreams: list[Workstream] = (), **kwargs):
        """Offer these workstreams, in this order."""
        super().__init__(*args, **kwargs)
        self._workstreams = {workstream.id: workstream for workstream in workstreams}
        self.workstream.choices = [
            SelectChoice(str(workstream.id), f"Proposition {workstream.number}: {workstream.title}")
            for workstream in workstreams
        ]

    def validate_workstream(self, field: SelectField) -> None:
        """Accept only a workstream from the list."""
        if self.chosen is None:
            raise ValidationError("Choose a workstream from the list.")

    @property
    def chosen(self) -> Workstream | None:
        """The workstream chosen, if it is one from the list."""
        return self._workstreams.get(self.workstream.data)


class SettingsForm(FlaskForm):
    """The summit's settings; a blank field means "use the default"."""

    name = StringField("Summit name", widget=GovTextInput())
    tagline = StringField("Tagline", widget=GovTextInput())
    dates_and_place = StringField("Dates and place", widget=GovTextInput())
    intro = TextAreaField("Introduction", widget=GovTextArea(), render_kw={"rows": 6})
    timezone = StringField("Time zone", widget=GovTextInput(), render_kw={"spellcheck": "false"})
    hold_first_guest = RadioField(
        "Should a guest's first comment wait for a facilitator before it appears?",
        description="Once a facilitator has approved one of a guest's comments, the guest's "
        "later comments appear at once.",
        invalid_choice_message="Choose yes, no or the default.",
        widget=GovRadioInput(),
    )
    hold_signed_in = RadioField(
        "Should a signed-in participant's first comment wait for a facilitator before it appears?",
        description="Once a facilitator has approved one of their comments, their later "
        "comments appear at once. Facilitators and admins are never held in the workstreams "
        "they run.",
        invalid_choice_message="Choose yes, no or the default.",
        widget=GovRadioInput(),
    )
    max_links = WholeNumberField(
        "Links a comment may have before it waits for a facilitator", widget=GovTextInput()
    )
    held_words = word_list_field(
        "Held words",
        "A comment with one of these waits for a facilitator, who sees which word it was.",
    )
    blocked_words = word_list_field("Blocked words", BLOCKED_WORDS_HELP)
    max_depth = WholeNumberField("Levels of replies in a thread", widget=GovTextInput())
    threads_per_page = WholeNumberField(
        "Threads on each page of a discussion", widget=GovTextInput()
    )
    report_threshold = WholeNumberField(
        "Reports that hide a comment until a facilitator reviews it", widget=GovTextInput()
    )
    edit_minutes = WholeNumberField(
        "Minutes an author may edit their comment after posting it", widget=GovTextInput()
    )

    def __init__(self, *args, defaults: dict[str, object], **kwargs):
        """Set each field's limits, and a hint naming the default a blank field falls back to."""
        super().__init__(*args, **kwargs)
        for name, most in TEXT_SETTINGS.items():
            field = self[name]
            field.validators = [Length(max=most, message=f"Use {most:,} characters or fewer.")]
            field.description = _hint(defaults[name])
        self.timezone.description = _hint(
            defaults["timezone"], "An IANA time zone name, like Europe/London or America/New_York."
        )
        for name in YES_NO_SETTINGS:
            default = "Yes" if defaults[name] else "No"
            self[name].choices = [
                SelectChoice(DEFAULT, f"Use the default ({default})"),
                SelectChoice(YES, "Yes"),
                SelectChoice(NO, "No"),
            ]
            self[name].validators = [InputRequired("Choose yes, no or the default.")]
        for name, (least, most) in NUMBER_SETTINGS.items():
            message = f"Enter a whole number from {least} to {most}."
            self[name].validators = [Optional(), NumberRange(least, most, message)]
            self[name].description = _hint(defaults[name], f"From {least} to {most}.")
        for name in WORD_SETTINGS:
            what = self[name].description
            self[name].description = _words_hint(f"{what} {WORDS_HINT}", defaults[name])

    def values(self) -> dict[str, object]:
        """Return the settings as the service takes them: None means "use the default"."""
        names = [*TEXT_SETTINGS, "timezone", *WORD_SETTINGS, *NUMBER_SETTINGS]
        values = {name: self[name].data for name in names}
        for name in YES_NO_SETTINGS:
            values[name] = {YES: True, NO: False}.get(self[name].data)
        return values

    @classmethod
    def for_row(cls, row, defaults: dict[str, object]) -> "SettingsForm":
        """Build the form filled in from the stored settings row."""
        data = {
            name: getattr(row, name, None)
            for name in [*TEXT_SETTINGS, "timezone", *WORD_SETTINGS, *NUMBER_SETTINGS]
        }
        for name in YES_NO_SETTINGS:
            stored = getattr(row, name, None)
            data[name] = DEFAULT if stored is None else (YES if stored else NO)
        return cls(formdata=None, data=data, defaults=defaults)


def _words_hint(first: str, words: object, site: bool = False) -> str:
    """Describe a list of words, and the list (the default, or the site's) a blank box uses."""
    listed = ", ".join(f"“{word}”" for word in str(words or "").splitlines() if word.strip())
    if site:
        fallback = f"the site's list: {listed}." if listed else "the site's list, which is empty."
        return f"{first} Leave blank to use {fallback}"
    return (
        f"{first} Leave blank to use the default: {listed}."
        if listed
        else f"{first} Leave blank for none."
    )


def _hint(default: object, first: str = "") -> str:
    """Describe what a blank field means: the default it falls back to."""
    if default is None or default == "":
        fallback = "Leave blank for none."
    elif isinstance(default, str):
        stop = "" if default.rstrip().endswith((".", "!", "?")) else "."
        fallback = f"Leave blank to use the default: “{default}”{stop}"
    else:
        fallback = f"Leave blank to use the default: {default}."
    return f"{first} {fallback}".strip()
