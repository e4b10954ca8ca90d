"""Account forms: registering and signing in."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovPasswordInput, GovTextInput
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from forum.fields import display_name_field

PASSWORD_MIN = 8


class LoginForm(FlaskForm):
    """Sign in with an email address and password."""

    email = EmailField(
        "Email address",
        validators=[DataRequired("Enter your email address.")],
        widget=GovTextInput(),
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(
        "Keep me signed in on this device for 30 days", widget=GovCheckboxInput()
    )


class RegisterForm(FlaskForm):
    """Create a local account."""

    display_name = display_name_field()
    email = EmailField(
        "Email address",
        description="We will not show this to anyone but the facilitators.",
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.org.", check_deliverability=False),
            Length(max=254, message="Your email address must be 254 characters or fewer."),
        ],
        widget=GovTextInput(),
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        "Create a password",
        description=f"Use at least {PASSWORD_MIN} characters. A few words you will remember "
        "work well.",
        validators=[
            DataRequired("Enter a password."),
            Length(
                min=PASSWORD_MIN,
                max=128,
                message=f"Your password must be between {PASSWORD_MIN} and 128 characters.",
            ),
        ],
        widget=GovPasswordInput(),
        render_kw={"autocomplete": "new-password"},
    )
