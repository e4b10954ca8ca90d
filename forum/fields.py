"""Form fields that several features ask for, so each is worded and checked the same way."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextArea, GovTextInput
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forum import markup

MARKDOWN_HELP = (
    "You can use Markdown: *italic*, **bold**, [a link](https://…), > a quote, and lists."
)


def display_name_field() -> StringField:
    """The name shown with a person's comments (registering, the profile page)."""
    return StringField(
        "Your name",
        description="This is shown with your comments.",
        validators=[
            DataRequired("Enter your name."),
            Length(max=80, message="Your name must be 80 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "name"},
    )


def _ordinary_website(form, field: StringField) -> None:
    """Accept only an ordinary web address."""
    if field.data and markup.safe_website(field.data) is None:
        raise ValidationError("Enter a website address like https://example.org")


def website_field(description: str | None = None) -> StringField:
    """An optional website: a guest's, or the one on a person's profile."""
    return StringField(
        "Website (optional)",
        description=description,
        validators=[
            Optional(),
            Length(max=300, message="Use 300 characters or fewer."),
            _ordinary_website,
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "url", "spellcheck": "false", "inputmode": "url"},
    )


def comment_body_field(
    label: str, empty_message: str, description: str | None = MARKDOWN_HELP
) -> TextAreaField:
    """The text of a comment or reply, with a character count."""
    return TextAreaField(
        label,
        validators=[DataRequired(empty_message)],
        widget=GovCharacterCount(),
        description=description,
    )


class CommentTextForm(FlaskForm):
    """A form whose ``body`` is a comment's text, refused when longer than the limit.

    ``too_long`` names the text in the message: "Your comment must be 10,000
    characters or fewer."
    """

    too_long = "Your comment"

    def __init__(self, *args, max_chars: int = markup.MAX_SOURCE_CHARS, **kwargs):
        """Remember the longest text allowed, for the check and the character count."""
        super().__init__(*args, **kwargs)
        self.max_chars = max_chars

    def validate_body(self, field: TextAreaField) -> None:
        """Refuse a text longer than the limit before it is rendered."""
        if field.data and len(field.data.strip()) > self.max_chars:
            raise ValidationError(
                f"{self.too_long} must be {self.max_chars:,} characters or fewer."
            )


HELD_WORDS_HELP = "A comment with one of these waits for a facilitator."
BLOCKED_WORDS_HELP = (
    "A comment with one of these is not posted; its author is told which word to change."
)


def word_list_field(label: str, description: str, rows: int = 5) -> TextAreaField:
    """A list of held or blocked words, one a line (the site's, or a workstream's own)."""
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        render_kw={"rows": rows, "spellcheck": "false"},
    )
