"""Profile forms: they check the shape of what was typed; services check the rules."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forum import markup


class ProfileForm(FlaskForm):
    """The name and website shown with a person's comments."""

    display_name = StringField(
        "Your name",
        description="This is shown with your comments.",
        validators=[
            DataRequired("Enter your name."),
            Length(max=80, message="Your name must be 80 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "name"},
    )
    website = StringField(
        "Website (optional)",
        description="Your name links to it on your comments.",
        validators=[Optional(), Length(max=300, message="Use 300 characters or fewer.")],
        widget=GovTextInput(),
        render_kw={"autocomplete": "url", "spellcheck": "false", "inputmode": "url"},
    )

    def validate_website(self, field: StringField) -> None:
        """Accept only an ordinary web address."""
        if field.data and markup.safe_website(field.data) is None:
            raise ValidationError("Enter a website address like https://example.org")
