"""Comment forms: they check the shape of what was typed; services check the rules."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextInput
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from forum.comments import guards
from forum.fields import CommentTextForm, comment_body_field, website_field
from forum.models import MAX_ID


class CommentForm(CommentTextForm):
    """A signed-in participant's comment or reply."""

    body = comment_body_field("Comment", "Enter your comment.")
    parent_id = HiddenField()

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
