"""Form fields that several features ask for, so each is worded and checked the same way."""

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forum import markup


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
