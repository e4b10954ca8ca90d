"""Forms for authors and readers: they check the shape of what was typed; services the rules."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from forum.contributions.services import REVIEW_MAX_CHARS
from forum.fields import CommentTextForm, comment_body_field
from forum.models import ReportReason

REPORT_DETAILS_MAX_CHARS = 500

# How each reason reads on the report form.
REPORT_REASONS = {
    ReportReason.SPAM: "Spam or advertising",
    ReportReason.ABUSIVE: "Abusive, rude or hateful",
    ReportReason.OFF_TOPIC: "Not about this proposition",
    ReportReason.PERSONAL: "Shares someone's personal information",
    ReportReason.OTHER: "Something else",
}


class ConfirmForm(FlaskForm):
    """A button that changes something: only the security token travels with it."""


class EditCommentForm(CommentTextForm):
    """The new text of one's own comment."""

    body = comment_body_field("Your comment", "Enter your comment.")


class ReportForm(FlaskForm):
    """Why a reader reports a comment."""

    reason = RadioField(
        "Why are you reporting this comment?",
        choices=[SelectChoice(reason.value, label) for reason, label in REPORT_REASONS.items()],
        validators=[InputRequired("Choose why you are reporting this comment.")],
        invalid_choice_message="Choose why you are reporting this comment.",
        widget=GovRadioInput(),
    )
    details = TextAreaField(
        "Tell us more (optional)",
        description="If you chose “Something else”, tell us what is wrong with the comment.",
        validators=[
            Length(
                max=REPORT_DETAILS_MAX_CHARS,
                message=f"Use {REPORT_DETAILS_MAX_CHARS} characters or fewer.",
            )
        ],
        widget=GovCharacterCount(),
    )

    def validate_details(self, field: TextAreaField) -> None:
        """Ask for details when the reason is "something else"."""
        if self.reason.data == ReportReason.OTHER.value and not (field.data or "").strip():
            raise ValidationError("Tell us what is wrong with the comment.")


class ReviewForm(FlaskForm):
    """An author's request to look again at their removed comment."""

    message = TextAreaField(
        "Why should the comment be restored?",
        description="A facilitator reads this and looks at your comment again.",
        validators=[
            DataRequired("Enter why you think the comment should be restored."),
            Length(
                max=REVIEW_MAX_CHARS,
                message=f"Your message must be {REVIEW_MAX_CHARS:,} characters or fewer.",
            ),
        ],
        widget=GovCharacterCount(),
    )
