"""Comment forms: they check the shape of what was typed; services check the rules."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxInput, GovTextInput
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from forum import markup
from forum.comments import guards
from forum.fields import website_field
from forum.models import MAX_ID


class CommentForm(FlaskForm):
    """A signed-in participant's comment or reply."""

    body = TextAreaField(
        "Comment",
        validators=[DataRequired("Enter your comment.")],
        widget=GovCharacterCount(),
        description="You can use Markdown: *italic*, **bold**, [a link](https://…), "
        "> a quote, and lists.",
    )
    parent_id = HiddenField()

    def __init__(self, *args, max_chars: int = markup.MAX_SOURCE_CHARS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_chars = max_chars

    def validate_body(self, field: TextAreaField) -> None:
        """Refuse a comment longer than the limit before it is rendered."""
        if field.data and len(field.data.strip()) > self.max_chars:
            raise ValidationError(f"Your comment must be {self.max_chars:,} characters or fewer.")

    def validate_parent_id(self, field: HiddenField) -> None:
        """Accept only a comment number, or nothing."""
        if field.data and self.parent is None:
            raise ValidationError("The comment you are replying to is not available any more.")

    @property
    def parent(self) -> int | None:
        """The id of the comment being answered, if it is a comment number at all."""
        data = self.parent_id.data or ""
        return int(data) if data.isdigit() and 0 < int(data) <= MAX_ID else None


class GuestCommentForm(CommentForm):
    """A guest's comment: the same, plus who they are."""

    name = StringField(
        "Name",
        validators=[
            DataRequired("Enter your name."),
            Length(max=80, message="Use 80 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "name"},
    )
    email = StringField(
        "Email address",
        description="We will not show this to anyone but the facilitators.",
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.org.", check_deliverability=False),
            Length(max=254, message="Use 254 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "email", "spellcheck": "false", "inputmode": "email"},
    )
    website = website_field()
    remember = BooleanField(
        "Save my name, email and website in this browser for next time", widget=GovCheckboxInput()
    )
    # Traps for bots (forum/comments/guards.py): a box people never see or fill in, and
    # the signed time the form was shown. The template draws the box itself, hidden.
    reference = StringField("Leave this empty")
    shown_at = HiddenField()

    def __init__(self, *args, **kwargs):
        """Bind what was sent, then stamp the form with the time it is shown again."""
        super().__init__(*args, **kwargs)
        self.sent_shown_at = self.shown_at.data
        self.shown_at.data = guards.form_token()
