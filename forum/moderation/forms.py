"""Moderation forms: they check the shape of what was typed; services check the rules."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, Field, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from forum.fields import CommentTextForm, comment_body_field
from forum.manage.forms import DatePartsField, parse_date
from forum.models import MAX_ID
from forum.moderation.core import Action
from forum.moderation.services import REMOVE_REASONS
from forum.moderation.suspensions import COMMENT_CHOICES, PERIODS

REASON_MAX = 300
BULK_ACTIONS = (
    Action.APPROVE,
    Action.SPAM,
    Action.REMOVE,
    Action.RESTORE,
    Action.DISMISS_REPORTS,
    Action.KEEP_REMOVED,
)


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    """Turn value → label pairs into radio choices."""
    return [SelectChoice(value, label) for value, label in labels.items()]


class IdListField(Field):
    """The comments ticked in a list: every value that is a comment number, in order."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Keep the values that are comment numbers; ignore anything else."""
        self.data = [
            int(value) for value in valuelist if value.isdigit() and 0 < int(value) <= MAX_ID
        ]

    def _value(self) -> str:
        """Unused: each comment's checkbox is drawn by the page."""
        return ""


class ReasonMixin:
    """Why a comment is removed: one of the usual reasons, or one written for Other."""

    reason = RadioField(
        "Why are you removing it?",
        description="Its author sees the reason, and so do readers in the moderation log.",
        choices=_choices(REMOVE_REASONS),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    other_reason = TextAreaField(
        "If you chose Other, write the reason",
        validators=[Length(max=REASON_MAX, message="Use 300 characters or fewer.")],
        widget=GovTextArea(),
        render_kw={"rows": 2},
    )

    def check_reason(self) -> bool:
        """Require a reason from the list, and words for Other; add messages by the fields."""
        if self.reason.data not in REMOVE_REASONS:
            self.reason.errors = [*self.reason.errors, "Choose why you are removing it."]
            return False
        if self.reason.data == "other" and not (self.other_reason.data or "").strip():
            self.other_reason.errors = [*self.other_reason.errors, "Write the reason."]
            return False
        return True


class RemoveForm(ReasonMixin, FlaskForm):
    """Remove one comment, with a reason."""

    next = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that a reason was given."""
        return super().validate(extra_validators) & self.check_reason()


class BulkForm(ReasonMixin, FlaskForm):
    """Do one thing to the comments ticked in the queue; removing needs a reason."""

    comment_id = IdListField("Comments", id="selection")
    action = StringField()

    def validate(self, extra_validators=None) -> bool:
        """Check that comments were ticked and an action pressed, and a reason for removing."""
        valid = super().validate(extra_validators)
        if not self.comment_id.data:
            self.comment_id.errors = ["Select at least one comment."]
            valid = False
        if self.action.data not in BULK_ACTIONS:
            self.form_errors.append("Choose what to do with the comments you selected.")
            return False
        if self.action.data == Action.REMOVE:
            valid = self.check_reason() and valid
        return valid


class EditForm(CommentTextForm):
    """A facilitator's change to a comment's text, and why."""

    too_long = "The comment"
    body = comment_body_field("Comment text", "Enter the comment's text.")
    reason = StringField(
        "Why are you editing it?",
        description="For example: removed a phone number. Readers see this in the "
        "moderation log; the comment shows “edited by a facilitator”.",
        validators=[
            DataRequired("Say why you edited the comment."),
            Length(max=REASON_MAX, message="Use 300 characters or fewer."),
        ],
        widget=GovTextInput(),
    )
    next = HiddenField()


class ReplyForm(CommentTextForm):
    """A facilitator's reply, written from the queue."""

    too_long = "Your reply"
    body = comment_body_field(
        "Your reply",
        "Enter your reply.",
        "It is published at once, under the comment, with your name.",
    )
    next = HiddenField()


class SuspendForm(FlaskForm):
    """How long to suspend someone, why, and what happens to their comments."""

    period = RadioField(
        "How long for?",
        choices=_choices(PERIODS),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    until = DatePartsField("The date (only if you chose “Until a date”)", id="until-day")
    reason = TextAreaField(
        "Why are you suspending them?",
        description="They see this when they try to comment, and readers see it in the "
        "moderation log (without their name).",
        validators=[
            DataRequired("Say why you are suspending them."),
            Length(max=REASON_MAX, message="Use 300 characters or fewer."),
        ],
        widget=GovCharacterCount(),
        render_kw={"rows": 3},
    )
    comments = RadioField(
        "What should happen to their comments?",
        choices=_choices(COMMENT_CHOICES),
        default="keep",
        validate_choice=False,
        widget=GovRadioInput(),
    )
    from_comment = HiddenField()

    def validate_period(self, field: RadioField) -> None:
        """Accept only one of the periods offered."""
        if field.data not in PERIODS:
            raise ValidationError("Choose how long to suspend them for.")

    def validate_until(self, field: DatePartsField) -> None:
        """For "Until a date", require a real date."""
        if self.period.data != "date":
            return
        if not any(field.parts):
            raise ValidationError("Enter the date the suspension ends.")
        try:
            parse_date(field.parts)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_comments(self, field: RadioField) -> None:
        """Accept only one of the choices offered."""
        if field.data not in COMMENT_CHOICES:
            raise ValidationError("Choose what happens to their comments.")


class FindAuthorForm(FlaskForm):
    """Find someone's comments by the email address they gave."""

    email = EmailField(
        "Email address",
        description="A guest's email address, or the email address of an account on this site.",
        validators=[
            DataRequired("Enter an email address."),
            Length(max=254, message="Use 254 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
